//go:build !cgo

package faiss

import (
	"errors"

	"github.com/ecgbench/ecgbench/engine/index"
)

// errNoCgo is what the faiss backend answers in a build without cgo.
var errNoCgo = errors.New("faiss backend: ecgbench was built without cgo (CGO_ENABLED=0); rebuild with cgo and libfaiss-dev")

func init() {
	index.Register(index.Backend{
		Name:       "faiss",
		New:        func(int, index.Params) (index.Index, error) { return nil, errNoCgo },
		Load:       func(string) (index.Index, error) { return nil, errNoCgo },
		SearchKeys: searchKeys,
	})
}
