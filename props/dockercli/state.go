package dockercli

import (
	"reflect"
	"unsafe"

	"github.com/spf13/pflag"
)

// Settings maps each flag of a flag set to the setting it writes: its own
// name, or for flags that share one Value (--net and --network,
// --dns-opt and --dns-option, --net-alias and --network-alias) the name
// of the group's only visible member.
func Settings(fs *pflag.FlagSet) map[string]string {
	groups := map[any][]*pflag.Flag{}
	fs.VisitAll(func(f *pflag.Flag) {
		k := valueKey(f)
		groups[k] = append(groups[k], f)
	})
	out := map[string]string{}
	fs.VisitAll(func(f *pflag.Flag) {
		out[f.Name] = f.Name
		if g := groups[valueKey(f)]; len(g) > 1 {
			var visible []string
			for _, m := range g {
				if !m.Hidden {
					visible = append(visible, m.Name)
				}
			}
			if len(visible) != 1 {
				panic("flags " + f.Name + " share a value with no single visible name")
			}
			out[f.Name] = visible[0]
		}
	})
	return out
}

// valueKey identifies the storage a flag writes: the pointer behind its
// Value (every docker and pflag Value is a pointer), or the flag itself.
func valueKey(f *pflag.Flag) any {
	if v := reflect.ValueOf(f.Value); v.Kind() == reflect.Pointer {
		return v.Pointer()
	}
	return f
}

// State is what a parse left in a flag set: for each setting given on the
// command line (by any of its flags), the content of its Value.
type State map[string]Content

// Content is the content of one flag's Value. For an accumulating Value
// (docker's ListOpts, MapOpts, NetworkOpt, MountOpt, UlimitOpt, ...: a
// struct whose first slice or map field holds what every occurrence
// added) List or Map is set; for any other Value, Scalar holds the value
// itself.
type Content struct {
	Scalar any
	List   []any
	Map    map[any]any
}

// StateOf reads the settings a parse changed.
func StateOf(fs *pflag.FlagSet) State {
	settings := Settings(fs)
	st := State{}
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed {
			st[settings[f.Name]] = ContentOf(f.Value)
		}
	})
	return st
}

// ContentOf reads a Value's content, unexported fields included.
func ContentOf(v pflag.Value) Content {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return Content{Scalar: v}
	}
	e := rv.Elem()
	if e.Kind() == reflect.Struct {
		for i := 0; i < e.NumField(); i++ {
			f := e.Field(i)
			f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
			for f.Kind() == reflect.Pointer && !f.IsNil() {
				f = f.Elem()
			}
			switch f.Kind() {
			case reflect.Slice:
				list := make([]any, f.Len())
				for j := range list {
					list[j] = f.Index(j).Interface()
				}
				return Content{List: list}
			case reflect.Map:
				m := make(map[any]any, f.Len())
				it := f.MapRange()
				for it.Next() {
					m[it.Key().Interface()] = it.Value().Interface()
				}
				return Content{Map: m}
			}
		}
	}
	e = reflect.NewAt(e.Type(), unsafe.Pointer(e.UnsafeAddr())).Elem()
	if b, ok := basic[e.Kind()]; ok {
		e = e.Convert(b) // pflag's stringValue is a string
	}
	return Content{Scalar: e.Interface()}
}

// basic maps the kinds of Go's basic types to the types.
var basic = map[reflect.Kind]reflect.Type{}

func init() {
	for _, v := range []any{false, "", 0, int8(0), int16(0), int32(0), int64(0), uint(0), uint8(0), uint16(0), uint32(0), uint64(0), float32(0), float64(0)} {
		basic[reflect.TypeOf(v).Kind()] = reflect.TypeOf(v)
	}
}

// EndsWith reports whether c is what docker holds after last was set last:
// for a scalar, the same value; for a list, one ending in last's items;
// for a map, one holding last's entries.
func (c Content) EndsWith(last Content) bool {
	switch {
	case last.List != nil:
		n := len(c.List) - len(last.List)
		return n >= 0 && reflect.DeepEqual(c.List[n:], last.List)
	case last.Map != nil:
		for k, v := range last.Map {
			if w, ok := c.Map[k]; !ok || !reflect.DeepEqual(v, w) {
				return false
			}
		}
		return c.Map != nil
	}
	return c.List == nil && c.Map == nil && reflect.DeepEqual(c.Scalar, last.Scalar)
}
