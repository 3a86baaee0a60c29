package conform

import (
	"testing"
	"time"
)

// TestStopEndsTheReader: an adapter that writes answer lines nobody asked
// for fills the runner's queue of answers; stop still ends the reader
// (no goroutine, holding its lines, outlives the adapter).
func TestStopEndsTheReader(t *testing.T) {
	p, err := startProcess(`yes '{"id":1,"result":null}'`, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.recv(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // the queue fills
	p.stop()
	select {
	case <-p.readEnd:
	case <-time.After(5 * time.Second):
		t.Fatal("the reader still runs after stop")
	}
}
