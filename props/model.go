package props

import (
	"encoding/hex"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// Models: rules of spec/SPEC.md written again, as simply as possible,
// which the properties and the fuzz targets (tongref/fuzz) check the
// implementation against.

var (
	containerNameRE = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`)
	pyUnsafeRE      = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)
)

var durationRE = regexp.MustCompile(`^[ \t\n\v\f\r]*([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)?[ \t\n\v\f\r]*$`)

// ModelDuration is DUR-1 to DUR-4 written from the spec, with a default
// of 30: the seconds a value means, and whether it is accepted.
func ModelDuration(v any) (float64, bool) {
	var f float64
	switch v := v.(type) {
	case nil:
		return 30, true
	case string:
		m := durationRE.FindStringSubmatch(v)
		if m == nil {
			return 0, false
		}
		n, _ := strconv.ParseFloat(m[1], 64)
		f = n * map[string]float64{"": 1, "s": 1, "ms": 0.001, "m": 60, "h": 3600}[m[2]]
	case float64:
		f = v
	case float32:
		f = float64(v)
	case *big.Int:
		if v == nil {
			return 0, false
		}
		f, _ = new(big.Float).SetInt(v).Float64()
	case uint64:
		f = float64(v)
	case uint:
		f = float64(v)
	default:
		n, ok := gen.Int64Of(v)
		if !ok {
			return 0, false
		}
		f = float64(n)
	}
	if !(f > 0) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// pyToken is the Swarmforge launcher's sanitizer, the model of NAME-2.
func pyToken(name string) string {
	return strings.Trim(pyUnsafeRE.ReplaceAllString(name, "-"), "-_.")
}

// escapeModel is NAME-3's escaped form, written from the spec.
func escapeModel(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' {
			b.WriteByte(c)
		} else {
			b.WriteString("_" + hex.EncodeToString([]byte{c}))
		}
	}
	return b.String()
}

// TokenModel is the container-name token of NAME-2 and NAME-3, written
// from the spec.
func TokenModel(name string) string {
	if utf8Clean(name) && pyToken(name) == name {
		return name
	}
	return "_" + escapeModel(name)
}

// utf8Clean guards pyToken, which reads invalid UTF-8 as U+FFFD runs.
func utf8Clean(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// ValidSessionID is NAME-4: a docker container name not beginning with
// "swarmforge-shared".
func ValidSessionID(id string) bool {
	return containerNameRE.MatchString(id) && !strings.HasPrefix(id, impl.SharedPrefix)
}
