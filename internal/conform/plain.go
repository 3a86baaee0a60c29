package conform

import (
	"encoding/binary"
	"strconv"
	"strings"
	"sync"
)

// Scanning strings eight bytes at a time. Most of the protocol's bytes
// are strings of printable ASCII, which the writer copies as they are and
// the reader takes as they are; plainEnd finds where such a run ends
// with one test per eight bytes instead of four per byte.

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainWord reports whether each of the eight bytes of x is printable
// ASCII (0x20 to 0x7f) other than '"' and '\\'. A byte below 0x20, or
// equal to '"' or '\\' after the xor, makes its lane of the subtraction
// borrow into its high bit; a byte of 0x80 or more has that bit already.
// A borrow only reaches a higher lane from a lane that is itself a hit,
// so the test never misses and never fires on a word that is all plain.
func plainWord(x uint64) bool {
	q := x ^ (ones * '"')
	s := x ^ (ones * '\\')
	hit := (x - ones*0x20) &^ x
	hit |= (q - ones) &^ q
	hit |= (s - ones) &^ s
	return (hit|x)&highs == 0
}

// plainByte is plainWord for one byte.
func plainByte(c byte) bool { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' }

// plainEndString returns the first index from i on of a byte of s that is
// not plain (plainByte), or len(s).
func plainEndString(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		if !plainWord(uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56) {
			break
		}
	}
	for ; i < len(s) && plainByte(s[i]); i++ {
	}
	return i
}

// plainEndBytes is plainEndString for a byte slice.
func plainEndBytes(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		if !plainWord(binary.LittleEndian.Uint64(b[i:])) {
			break
		}
	}
	for ; i < len(b) && plainByte(b[i]); i++ {
	}
	return i
}

// Floats strconv reads slowly. strconv.ParseFloat reads a number of at
// most 19 digits whose exponent is in the normal range in tens of
// nanoseconds, but a subnormal such as 5e-324 (which the generators draw
// as an edge case, in about one request of 55) through its exact decimal
// fallback, in tens of microseconds: more than the rest of the request.
// The reader keeps the values of such texts it has read, a bounded
// number of short ones (a number's text may be megabytes long); a text
// not kept is read as before.

const (
	maxSlowFloats   = 1024
	maxSlowFloatLen = 40 // bytes: the longest binary64 in shortest form is 24
)

var slowFloats = struct {
	sync.Mutex
	m map[string]float64
}{m: map[string]float64{}}

// slowFloatText reports whether strconv might read s, a JSON number,
// slowly: more than 19 digits, or an exponent beyond ±290.
func slowFloatText(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			digits++
		case c == 'e' || c == 'E':
			e := s[i+1:]
			if e != "" && (e[0] == '-' || e[0] == '+') {
				e = e[1:]
			}
			return digits > 19 || len(e) > 3 || len(e) == 3 && e >= "290"
		}
	}
	return digits > 19
}

// parseFloat is strconv.ParseFloat(s, 64) for a JSON number: the same
// value and error.
func parseFloat(s string) (float64, error) {
	if len(s) > maxSlowFloatLen || !slowFloatText(s) {
		return strconv.ParseFloat(s, 64)
	}
	slowFloats.Lock()
	f, ok := slowFloats.m[s]
	slowFloats.Unlock()
	if ok {
		return f, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err == nil {
		slowFloats.Lock()
		if len(slowFloats.m) < maxSlowFloats {
			slowFloats.m[strings.Clone(s)] = f
		}
		slowFloats.Unlock()
	}
	return f, err
}
