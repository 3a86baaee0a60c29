package props

import (
	"pgregory.net/rapid"

	"github.com/tongref/tongref/props/gen"
)

// T returns t as the source of a gen generator's choices: each choice is
// a labelled rapid draw, which rapid shrinks and a failure prints.
func T(t *rapid.T) gen.T { return rapidT{t} }

// Draw draws a value from a gen generator under rapid, labelled label.
func Draw[V any](t *rapid.T, label string, g func(gen.T) V) V {
	return rapid.Custom(func(t *rapid.T) V { return g(T(t)) }).Draw(t, label)
}

type rapidT struct{ t *rapid.T }

func (r rapidT) IntRange(label string, min, max int64) int64 {
	return rapid.Int64Range(min, max).Draw(r.t, label)
}

func (r rapidT) Int64(label string) int64 { return rapid.Int64().Draw(r.t, label) }

func (r rapidT) Float64(label string) float64 { return rapid.Float64().Draw(r.t, label) }

func (r rapidT) Float32(label string) float32 { return rapid.Float32().Draw(r.t, label) }

func (r rapidT) String(label string) string { return rapid.String().Draw(r.t, label) }
