package impl

import "strconv"

// defView is what one walk of a definition map reads: every field the
// operations on a definition use, each value as the definition holds it
// (nil when absent or null, DEF-2, as field gives it), read while the same
// walk checks the whole tree (DM-1, DM-3, DM-4). So an operation iterates
// each map of the definition once: the tree check and its own field reads
// are one pass, not a walk followed by a lookup per field.
//
// The nested fields (interface.*, readiness.*, resources.memory) are set
// only when their parent is a map; the callers check the parent's type
// before they read them.
type defView struct {
	lifecycle, image, iface, readiness, env, mounts, networks, resources, entrypoint, command any

	kind, port, ifName, transport, path, volume, mountpoint any // interface.*
	mode, timeout, rcommand                                 any // readiness.*
	memory                                                  any // resources.memory

	// envErrs are the env's faults (ENV-2 to ENV-7), one per variable at
	// most, in map order, when read was asked to check them.
	envErrs []*Error
}

// read walks the definition map m (depth 1) once: it fills d and returns
// the tree's fault exactly as checkTree(m, 1) reports it (the fault under
// the smallest key, its Field relative to m), or nil. With envRules it also
// checks each env variable by ENV-2 to ENV-5 and ENV-7 (v2) or ENV-6 (not
// v2) into d.envErrs, which mean nothing when read returns a fault.
func (d *defView) read(m map[string]any, envRules, v2 bool) *Error {
	var first *Error
	var firstKey string
	for k, e := range m {
		if first != nil && k >= firstKey {
			continue // checkTree reports the fault under the smallest key
		}
		var err *Error
		sub := false  // e is a map the walk below has read and checked
		known := true // k is a field name: valid text
		switch k {
		case "lifecycle":
			d.lifecycle = e
		case "image":
			d.image = e
		case "interface":
			d.iface = e
			if im, ok := e.(map[string]any); ok {
				err, sub = d.readInterface(im), true
			}
		case "readiness":
			d.readiness = e
			if rm, ok := e.(map[string]any); ok {
				err, sub = d.readReadiness(rm), true
			}
		case "env":
			d.env = e
			if em, ok := e.(map[string]any); ok {
				err, sub = d.readEnv(em, envRules, v2), true
			}
		case "mounts":
			d.mounts = e
		case "networks":
			d.networks = e
		case "resources":
			d.resources = e
			if rm, ok := e.(map[string]any); ok {
				err, sub = d.readResources(rm), true
			}
		case "entrypoint":
			d.entrypoint = e
		case "command":
			d.command = e
		default:
			known = false
		}
		switch {
		case sub:
		case known:
			if !plainValue(e) {
				err = valueFault(k, e, 1)
			}
		default:
			err = entryFault(k, e, 1)
		}
		if sub && err != nil {
			err.Field = prefixField(k, err.Field)
		}
		if err != nil {
			first, firstKey = err, k
		}
	}
	return first
}

// The maps below sit at depth 2, which MaxDepth allows, so each is
// checked entry by entry as checkTree(map, 2) checks it.

func (d *defView) readInterface(im map[string]any) *Error {
	var first *Error
	var firstKey string
	for k, e := range im {
		if first != nil && k >= firstKey {
			continue
		}
		switch k {
		case "kind":
			d.kind = e
		case "port":
			d.port = e
		case "name":
			d.ifName = e
		case "transport":
			d.transport = e
		case "path":
			d.path = e
		case "volume":
			d.volume = e
		case "mountpoint":
			d.mountpoint = e
		default:
			if err := entryFault(k, e, 2); err != nil {
				first, firstKey = err, k
			}
			continue
		}
		if plainValue(e) {
			continue
		}
		if err := valueFault(k, e, 2); err != nil {
			first, firstKey = err, k
		}
	}
	return first
}

func (d *defView) readReadiness(rm map[string]any) *Error {
	var first *Error
	var firstKey string
	for k, e := range rm {
		if first != nil && k >= firstKey {
			continue
		}
		switch k {
		case "mode":
			d.mode = e
		case "timeout":
			d.timeout = e
		case "command":
			d.rcommand = e
		default:
			if err := entryFault(k, e, 2); err != nil {
				first, firstKey = err, k
			}
			continue
		}
		if plainValue(e) {
			continue
		}
		if err := valueFault(k, e, 2); err != nil {
			first, firstKey = err, k
		}
	}
	return first
}

func (d *defView) readResources(rm map[string]any) *Error {
	var first *Error
	var firstKey string
	for k, e := range rm {
		if first != nil && k >= firstKey {
			continue
		}
		if k == "memory" {
			d.memory = e
		}
		if err := entryFault(k, e, 2); err != nil {
			first, firstKey = err, k
		}
	}
	return first
}

// readEnv checks the env map's tree and, with rules and while the tree
// has no fault, each variable's rules, in the same pass.
func (d *defView) readEnv(em map[string]any, rules, v2 bool) *Error {
	var first *Error
	var firstKey string
	for k, e := range em {
		if first != nil {
			if k < firstKey {
				if err := entryFault(k, e, 2); err != nil {
					first, firstKey = err, k
				}
			}
			continue
		}
		if err := entryFault(k, e, 2); err != nil {
			first, firstKey = err, k
			continue
		}
		if rules {
			if err := envVarFault(em, k, e, v2); err != nil {
				d.envErrs = append(d.envErrs, err)
			}
		}
	}
	return first
}

// entryFault is checkTree's check of one entry k: e of a map at depth: the
// fault of the key (DM-3) or of the value's tree, its Field relative to
// the map, or nil.
func entryFault(k string, e any, depth int) *Error {
	if !validText(k) {
		err := errorf("", "DM-3", strconv.Quote(k), "key is not valid UTF-8; definitions hold Unicode text only")
		err.Field = prefixField(k, err.Field)
		return err
	}
	return valueFault(k, e, depth)
}

// plainValue reports whether e is a leaf that needs no check beyond the
// one it gets here: valid text, or a scalar node.
func plainValue(e any) bool {
	switch e := e.(type) {
	case string:
		return validText(e)
	case nil, bool, int, int64, float64:
		return true
	}
	return false
}

// valueFault is entryFault for a key known to be valid text (a field
// name): the fault of the value's tree.
func valueFault(k string, e any, depth int) *Error {
	var err *Error
	if s, ok := e.(string); ok {
		if validText(s) {
			return nil
		}
		err = checkTree(s, depth+1)
	} else if !isScalarNode(e) {
		err = checkTree(e, depth+1)
	}
	if err != nil {
		err.Field = prefixField(k, err.Field)
	}
	return err
}
