package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestPlainLines: when the output is not a terminal, a stage prints
// periodic progress lines and a closing line, and no terminal escapes.
func TestPlainLines(t *testing.T) {
	var buf bytes.Buffer
	r := New(&buf, time.Nanosecond)
	s := r.Stage("generate n=100", 100)
	for i := 0; i < 4; i++ {
		time.Sleep(time.Millisecond)
		s.Add(25)
	}
	s.Done()
	r.Logf("note %d", 7)
	r.Wait()
	out := buf.String()
	for _, want := range []string{"generate n=100: 25/100 (25%)", "generate n=100: 75/100 (75%)", "generate n=100: done in", "note 7"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "100/100 (100%)") {
		t.Errorf("the closing line should replace a 100%% line:\n%s", out)
	}
	if strings.ContainsRune(out, '\x1b') {
		t.Errorf("plain output has terminal escapes:\n%q", out)
	}
}

func TestBufferIsNotTerminal(t *testing.T) {
	if IsTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is not a terminal")
	}
}
