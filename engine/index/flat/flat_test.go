package flat

import (
	"fmt"
	"testing"

	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/index/indextest"
)

func TestConformance(t *testing.T) {
	for _, threads := range []int{1, 0} {
		indextest.Run(t, indextest.Config{
			Name:        fmt.Sprintf("flat/threads=%d", threads),
			New:         func(dim int) (index.Index, error) { return New(dim) },
			Load:        func(path string) (index.Index, error) { return Load(path) },
			Search:      index.SearchParams{Threads: threads},
			MinRecall10: 1,
			Exact:       true,
		})
	}
}
