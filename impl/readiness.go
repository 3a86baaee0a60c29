package impl

// Readiness is how a launcher decides a tong is up before it gates the
// anvil on it.
type Readiness struct {
	Mode     string   // "tcp", "healthcheck" or "none"
	Command  []string // readiness.command, or nil
	TimeoutS float64  // seconds, finite and greater than zero
}

// DefaultReadinessTimeout is the timeout, in seconds, of a readiness block
// that states none.
const DefaultReadinessTimeout = 30.0

// ReadinessSettings resolves a tong's readiness block (rules RDY-1 to
// RDY-8). First, the mode is readiness.mode, or by default tcp for the
// network-facing kinds (mcp, port) and none for the others (RDY-8). Second,
// the command is readiness.command, or nil. Third, the timeout is
// ParseDuration(readiness.timeout, 30).
//
// It checks the rules it reads (DEF-1, DM-1 to DM-4, RDY-1 to RDY-7) and
// returns the first fault; a definition that ValidateTong accepts always
// resolves.
func ReadinessSettings(def any) (Readiness, error) {
	m, ok := def.(map[string]any)
	if !ok {
		return Readiness{}, errorf("definition", "DEF-1", "", "is "+typeName(def)+"; a tong definition is a map")
	}
	var d defView // one walk checks the tree and reads the fields
	if err := d.read(m, false, false); err != nil {
		return Readiness{}, err
	}
	kind, _ := d.kind.(string) // set only when interface is a map
	r := Readiness{Mode: ModeNone, TimeoutS: DefaultReadinessTimeout}
	if kind == KindMCP || kind == KindPort {
		r.Mode = ModeTCP
	}
	// One reading of the block checks it and resolves it.
	if errs := checkReadinessValues(d.readiness, d.mode, d.timeout, d.rcommand, kind, &r); len(errs) > 0 {
		return Readiness{}, errs[0]
	}
	return r, nil
}
