// Package gen holds tongref's generators: functions that draw the inputs
// of the toolkit's operations (tong definitions, near misses, docker
// argvs, injections, durations, names, arbitrary data-model trees; for
// spec version 2, in v2.go, the image's process, secrets, scopes, org
// directories, provider tables and tong sets) from a source of choices. The conformance runner draws its generated cases
// from them, and so do the properties (package props) and the docker CLI
// check (props/dockercli); every generator reaches its edge cases on its
// own, and each choice's first option is the simplest.
//
// A generator draws every choice from a T: a labelled integer in a
// range, or an arbitrary int64, float or string. Two sources implement T.
// The properties adapt rapid's *rapid.T (props.T), so rapid records,
// shrinks and names every choice; the runner uses New, a splitmix64
// stream of its own seeded by the case's seed.
//
// Why the runner has its own source: rapid makes a *rapid.T only inside
// a test (rapid.Check, rapid.MakeFuzz, which need a testing.T) or for
// Generator.Example, which rapid documents as for examples only, and
// which panics when a generator gives up. A runner is not a test: it
// needs a value for a seed, millions of times, deterministically for
// --seed, never a panic, and no test library in the binary. New gives
// exactly that, at a fraction of rapid's cost per choice, and this
// package imports neither rapid nor go-cmp. The price is that the
// runner's distribution is New's, not rapid's: IntRange is uniform where
// rapid favours small values; the generators put their edge cases among
// the options they pick from, so both sources reach them.
package gen

import (
	"math"
	"regexp/syntax"
	"sync"
	"unicode/utf8"
)

// T is the source of a generator's choices. Each method draws one choice
// labelled label (a failing property prints the labels).
type T interface {
	// IntRange returns an integer in [min, max], min <= max; rapid
	// shrinks it toward min.
	IntRange(label string, min, max int64) int64
	// Int64 returns any int64, small ones and the extremes often.
	Int64(label string) int64
	// Float64 returns any float64, NaN and the infinities included.
	Float64(label string) float64
	// Float32 returns any float32.
	Float32(label string) float32
	// String returns a string of valid UTF-8, any runes.
	String(label string) string
}

// Int draws an int in [min, max].
func Int(t T, label string, min, max int) int { return int(t.IntRange(label, int64(min), int64(max))) }

// Int64Range draws an int64 in [min, max].
func Int64Range(t T, label string, min, max int64) int64 { return t.IntRange(label, min, max) }

// Bool draws a bool; it shrinks toward false.
func Bool(t T, label string) bool { return t.IntRange(label, 0, 1) == 1 }

// Float64Range draws a float64 in [min, max] (2^53 steps).
func Float64Range(t T, label string, min, max float64) float64 {
	const steps = 1 << 53
	return min + (max-min)*float64(t.IntRange(label, 0, steps))/steps
}

// Pick draws one of options; it shrinks toward options[0].
func Pick[E any](t T, label string, options ...E) E { return pick(t, label, options...) }

// OneIn draws true about once in n times; it shrinks toward false.
func OneIn(t T, label string, n int) bool { return oneIn(t, label, n) }

// Matching draws a string matching re, a regular expression of literals,
// character classes, concatenation, alternation, grouping and bounded
// repetition ({m,n}, ?, and * and + at most maxRepeat times); each choice is labelled label. It panics on any
// other syntax: the expressions are the generators' own constants.
func Matching(t T, label, re string) string {
	var b []byte
	return string(appendMatch(b, t, label, compiled(re)))
}

const maxRepeat = 8

var regexps sync.Map // string → *syntax.Regexp

func compiled(re string) *syntax.Regexp {
	if r, ok := regexps.Load(re); ok {
		return r.(*syntax.Regexp)
	}
	r, err := syntax.Parse(re, syntax.Perl)
	if err != nil {
		panic("gen: " + err.Error())
	}
	r = r.Simplify()
	regexps.Store(re, r)
	return r
}

func appendMatch(b []byte, t T, label string, r *syntax.Regexp) []byte {
	switch r.Op {
	case syntax.OpEmptyMatch:
	case syntax.OpLiteral:
		for _, c := range r.Rune {
			b = utf8.AppendRune(b, c)
		}
	case syntax.OpCharClass:
		// r.Rune holds ranges lo, hi, lo, hi...; a rune is drawn by its
		// rank in the class
		n := 0
		for i := 0; i < len(r.Rune); i += 2 {
			n += int(r.Rune[i+1]-r.Rune[i]) + 1
		}
		k := Int(t, label, 0, n-1)
		for i := 0; i < len(r.Rune); i += 2 {
			size := int(r.Rune[i+1]-r.Rune[i]) + 1
			if k < size {
				b = utf8.AppendRune(b, r.Rune[i]+rune(k))
				break
			}
			k -= size
		}
	case syntax.OpCapture:
		b = appendMatch(b, t, label, r.Sub[0])
	case syntax.OpConcat:
		for _, s := range r.Sub {
			b = appendMatch(b, t, label, s)
		}
	case syntax.OpAlternate:
		b = appendMatch(b, t, label, r.Sub[Int(t, label, 0, len(r.Sub)-1)])
	case syntax.OpQuest:
		if Bool(t, label) {
			b = appendMatch(b, t, label, r.Sub[0])
		}
	case syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		lo, hi := r.Min, r.Max
		switch r.Op {
		case syntax.OpStar:
			lo, hi = 0, maxRepeat
		case syntax.OpPlus:
			lo, hi = 1, maxRepeat
		}
		for i, n := 0, Int(t, label, lo, hi); i < n; i++ {
			b = appendMatch(b, t, label, r.Sub[0])
		}
	default:
		panic("gen: unsupported regular expression " + r.String())
	}
	return b
}

// New returns the runner's source: a deterministic stream of choices from
// seed (splitmix64), the same choices for the same seed.
func New(seed uint64) T { return &source{s: seed} }

type source struct{ s uint64 }

func (r *source) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// IntRange is uniform over [min, max].
func (r *source) IntRange(_ string, min, max int64) int64 {
	n := uint64(max-min) + 1
	if n == 0 { // the whole int64 range
		return int64(r.next())
	}
	return min + int64(r.next()%n)
}

// Int64 is, a quarter each: small (-64 to 64), an extreme or a power of
// two near one, or any magnitude (a random number of random bits) with
// either sign.
func (r *source) Int64(_ string) int64 {
	switch r.next() % 4 {
	case 0:
		return int64(r.next()%129) - 64
	case 1:
		edges := [...]int64{0, 1, -1, math.MaxInt64, math.MinInt64, math.MaxInt32, math.MinInt32, math.MaxUint32, 1 << 53, 1<<53 + 1, -(1 << 53) - 1}
		return edges[r.next()%uint64(len(edges))]
	}
	v := int64(r.next() >> (r.next() % 64))
	if r.next()&1 == 1 {
		v = -v
	}
	return v
}

// Float64 is, a quarter each: a small integer, a special value (zeros,
// NaN, infinities, extremes, subnormals), any bit pattern, or a number
// of any magnitude from 2^-1074 to 2^1023 with either sign.
func (r *source) Float64(_ string) float64 {
	switch r.next() % 4 {
	case 0:
		return float64(int64(r.next()%201) - 100)
	case 1:
		specials := [...]float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64,
			math.SmallestNonzeroFloat64, 2.2250738585072014e-308, 0.1, 0.5, 1e16, 1e-5, 1 << 53, 1<<53 + 2}
		return specials[r.next()%uint64(len(specials))]
	case 2:
		return math.Float64frombits(r.next())
	}
	f := math.Ldexp(float64(r.next()>>11)/(1<<53), int(r.next()%2098)-1074)
	if r.next()&1 == 1 {
		f = -f
	}
	return f
}

// Float32 is Float64's draw rounded to a float32, or any bit pattern.
func (r *source) Float32(label string) float32 {
	if r.next()%4 == 0 {
		return math.Float32frombits(uint32(r.next()))
	}
	return float32(r.Float64(label))
}

// String is 0 to 16 runes, each, by weight: printable ASCII (8 in 16),
// an ASCII control (2), from U+0080 to U+07FF (2), from the rest of the
// basic plane but the surrogates (2), or beyond it (2).
func (r *source) String(_ string) string {
	n := int(r.next() % 17)
	b := make([]byte, 0, n)
	for i := 0; i < n; i++ {
		var c rune
		switch k := r.next() % 16; {
		case k < 8:
			c = rune(0x20 + r.next()%0x5f)
		case k < 10:
			c = rune(r.next() % 0x20)
		case k < 12:
			c = rune(0x80 + r.next()%0x780)
		case k < 14:
			c = rune(0x800 + r.next()%(0xfffe-0x800))
			if 0xd800 <= c && c <= 0xdfff {
				c = 0xfffd
			}
		default:
			c = rune(0x10000 + r.next()%0x100000)
		}
		b = utf8.AppendRune(b, c)
	}
	return string(b)
}
