//go:build !cgo

package faiss

import (
	"testing"

	"github.com/ecgbench/ecgbench/engine/index"
)

func TestWithoutCgo(t *testing.T) {
	const want = "faiss backend: ecgbench was built without cgo (CGO_ENABLED=0); rebuild with cgo and libfaiss-dev"
	if _, err := index.New("faiss", 16, index.Params{"factory": "Flat"}); err == nil || err.Error() != want {
		t.Errorf("New: error %v, want %q", err, want)
	}
	b, err := index.Lookup("faiss")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Load("x.index"); err == nil || err.Error() != want {
		t.Errorf("Load: error %v, want %q", err, want)
	}
}
