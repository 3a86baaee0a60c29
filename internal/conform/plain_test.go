package conform

import (
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func plainBytes(b []byte) bool {
	for _, c := range b {
		if !plainByte(c) {
			return false
		}
	}
	return true
}

// TestPlainWord: the eight-byte test agrees with the byte test, on every
// pair of byte values in every two neighbouring lanes (where a borrow
// could cross) and on random words drawn mostly from the edges.
func TestPlainWord(t *testing.T) {
	var w [8]byte
	for lane := 0; lane < 7; lane++ {
		for a := 0; a < 256; a++ {
			for b := 0; b < 256; b++ {
				for i := range w {
					w[i] = 'a'
				}
				w[lane], w[lane+1] = byte(a), byte(b)
				if got, want := plainWord(binary.LittleEndian.Uint64(w[:])), plainBytes(w[:]); got != want {
					t.Fatalf("plainWord(%q) = %v, want %v", w, got, want)
				}
			}
		}
	}
	edges := []byte{0, 1, 0x1f, 0x20, 0x21, '"', 0x23, '\\', 0x5b, 0x5d, 0x7e, 0x7f, 0x80, 0x81, 0xa2, 0xdc, 0xfe, 0xff}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 1_000_000; n++ {
		for i := range w {
			if rng.IntN(3) == 0 {
				w[i] = byte(rng.IntN(256))
			} else {
				w[i] = edges[rng.IntN(len(edges))]
			}
		}
		if got, want := plainWord(binary.LittleEndian.Uint64(w[:])), plainBytes(w[:]); got != want {
			t.Fatalf("plainWord(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestPlainEnd: both scans stop at the first byte that is not plain, from
// any start, in strings of every length around the word size.
func TestPlainEnd(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 200_000; n++ {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = byte(' ' + rng.IntN(95))
			if b[i] == '"' || b[i] == '\\' {
				b[i] = 'x'
			}
		}
		if len(b) > 0 && rng.IntN(4) > 0 {
			b[rng.IntN(len(b))] = []byte{0, '\n', '"', '\\', 0x7f, 0x80, 0xc3, 0xff}[rng.IntN(8)]
		}
		from := 0
		if len(b) > 0 {
			from = rng.IntN(len(b) + 1)
		}
		want := from
		for want < len(b) && plainByte(b[want]) {
			want++
		}
		if got := plainEndBytes(b, from); got != want {
			t.Fatalf("plainEndBytes(%q, %d) = %d, want %d", b, from, got, want)
		}
		if got := plainEndString(string(b), from); got != want {
			t.Fatalf("plainEndString(%q, %d) = %d, want %d", b, from, got, want)
		}
	}
}

// TestParseFloatKept: the kept values are strconv's, read once or again,
// and texts strconv refuses or rounds to ±Inf or 0 are reported as it
// reports them.
func TestParseFloatKept(t *testing.T) {
	texts := []string{"5e-324", "-5e-324", "1e-323", "2.2250738585072014e-308", "2.225073858507201e-308",
		"4.9406564584124654e-324", "1.7976931348623157e+308", "1e+308", "1e400", "-1e400", "1e-400",
		"1.00000000000000000000000000001", "123456789012345678901234567890.5", "0.1", "1e-290", "1e-289", "1e290", "1E-0300"}
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 2000; n++ {
		f := math.Float64frombits(rng.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		texts = append(texts, string(AppendFloat(nil, f)))
		if n%10 == 0 {
			texts = append(texts, string(AppendFloat(nil, math.Float64frombits(rng.Uint64N(1<<52)))))
		}
	}
	for round := 0; round < 2; round++ {
		for _, s := range texts {
			want, werr := strconv.ParseFloat(s, 64)
			got, err := parseFloat(s)
			if math.Float64bits(got) != math.Float64bits(want) || (err == nil) != (werr == nil) || err != nil && !errors.Is(err, strconv.ErrRange) {
				t.Errorf("round %d: parseFloat(%q) = %v, %v; strconv says %v, %v", round, s, got, err, want, werr)
			}
		}
	}
	if _, ok := slowFloats.m["5e-324"]; !ok {
		t.Errorf("5e-324 was not kept")
	}
	// a long text is read, not kept: the memory kept stays bounded
	long := "1." + strings.Repeat("0", 100000) + "1e-320"
	if _, err := parseFloat(long); err != nil {
		t.Fatal(err)
	}
	for k := range slowFloats.m {
		if len(k) > maxSlowFloatLen {
			t.Errorf("a text of %d bytes was kept", len(k))
		}
	}
}
