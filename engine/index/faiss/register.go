//go:build cgo

package faiss

import "github.com/ecgbench/ecgbench/engine/index"

func init() {
	index.Register(index.Backend{
		Name:       "faiss",
		New:        newFromParams,
		Load:       func(path string) (index.Index, error) { return Load(path) },
		SearchKeys: searchKeys,
	})
}

// newFromParams reads Options from build parameters: factory (string,
// required), efConstruction (int) and threads (int).
func newFromParams(dim int, p index.Params) (index.Index, error) {
	r := index.NewParamReader("faiss", p)
	opt := Options{
		Factory:        r.String("factory", ""),
		EfConstruction: r.Int("efConstruction", 0),
		Threads:        r.Int("threads", 0),
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	return New(dim, opt)
}
