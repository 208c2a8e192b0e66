package runner

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/results"
)

// Built is an index ready to search, with what its build cost. A cached
// index keeps the cost measured when it was first built.
type Built struct {
	Index        index.Index
	BuildSeconds float64
	Bytes        int64
	PeakRSS      int64 // peak RSS of the process during the build (VmHWM)
	Cached       bool
}

// buildMeta is the sidecar of a cached index file.
type buildMeta struct {
	Version      int     `json:"version"`
	Backend      string  `json:"backend"`
	Rows         int     `json:"rows"`
	Dim          int     `json:"dim"`
	BuildSeconds float64 `json:"build_seconds"`
	Bytes        int64   `json:"bytes"`
	PeakRSS      int64   `json:"peak_rss"`
}

// BuildRequest says what index to build over which rows.
type BuildRequest struct {
	// Key identifies the build in the cache: a hash of the dataset
	// fingerprint, the role (single, or a group), the backend and its
	// parameters.
	Key     string
	Label   string // for messages, e.g. "faiss-hnsw32/single n=100000"
	Backend string
	Params  index.Params
	Rows    []float32
	Dim     int
}

// BuildIndex loads the index from the cache or builds it (train on all rows,
// then one Add, then index.Finish) and stores it. The memory guard refuses a build whose
// estimate does not fit in limit bytes (0: no guard), with the numbers.
func BuildIndex(c *Cache, req BuildRequest, limit int64, warn func(string)) (*Built, error) {
	b, err := index.Lookup(req.Backend)
	if err != nil {
		return nil, err
	}
	n := len(req.Rows) / req.Dim
	path := c.Path("index", req.Key, ".idx")
	metaPath := path + ".json"
	var out *Built
	loaded := c.Load(path, func(p string) error {
		var m buildMeta
		data, err := os.ReadFile(metaPath)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(data, &m); err != nil {
			return fmt.Errorf("%s: %w", metaPath, err)
		}
		if m.Version != 1 || m.Backend != req.Backend || m.Rows != n || m.Dim != req.Dim {
			return fmt.Errorf("%s describes %d×%d %s v%d, want %d×%d %s v1", metaPath, m.Rows, m.Dim, m.Backend, m.Version, n, req.Dim, req.Backend)
		}
		idx, err := b.Load(p)
		if err != nil {
			return err
		}
		if idx.Len() != n || idx.Dim() != req.Dim {
			idx.Close()
			return fmt.Errorf("index holds %d×%d, want %d×%d", idx.Len(), idx.Dim(), n, req.Dim)
		}
		out = &Built{Index: idx, BuildSeconds: m.BuildSeconds, Bytes: idx.Bytes(), PeakRSS: m.PeakRSS, Cached: true}
		return nil
	}, warn)
	if loaded {
		return out, nil
	}
	if limit > 0 {
		need := EstimateBytes(req.Backend, req.Params, n, req.Dim)
		if have := limit - RSS(); need > have {
			return nil, fmt.Errorf("refusing to build %s: it needs about %s and %s are free (limit %s, in use %s)",
				req.Label, FormatBytes(need), FormatBytes(have), FormatBytes(limit), FormatBytes(RSS()))
		}
	}
	ResetPeakRSS()
	idx, err := b.New(req.Dim, req.Params)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", req.Label, err)
	}
	start := time.Now()
	if err := idx.Train(req.Rows); err != nil {
		idx.Close()
		return nil, fmt.Errorf("%s: train: %w", req.Label, err)
	}
	if err := idx.Add(req.Rows); err != nil {
		idx.Close()
		return nil, fmt.Errorf("%s: add: %w", req.Label, err)
	}
	if err := index.Finish(idx); err != nil {
		idx.Close()
		return nil, fmt.Errorf("%s: finish: %w", req.Label, err)
	}
	if idx.Len() != n {
		idx.Close()
		return nil, fmt.Errorf("%s: index holds %d rows after adding %d", req.Label, idx.Len(), n)
	}
	out = &Built{Index: idx, BuildSeconds: time.Since(start).Seconds(), Bytes: idx.Bytes(), PeakRSS: PeakRSS()}
	err = c.Store(path, idx.Save)
	if err == nil {
		meta, _ := json.Marshal(buildMeta{Version: 1, Backend: req.Backend, Rows: n, Dim: req.Dim,
			BuildSeconds: out.BuildSeconds, Bytes: out.Bytes, PeakRSS: out.PeakRSS})
		err = results.WriteFileAtomic(metaPath, meta)
	}
	if err != nil {
		warn(fmt.Sprintf("%s: not cached: %v", req.Label, err))
	}
	return out, nil
}

var hnswM = regexp.MustCompile(`HNSW(\d+)`)

// EstimateBytes is a deliberately generous estimate of the memory a build
// takes: the index itself plus the working copies backends make. It guards
// against builds that cannot fit, not for accounting.
func EstimateBytes(backend string, p index.Params, n, dim int) int64 {
	vec := int64(n) * int64(dim) * 4
	switch backend {
	case "flat":
		return 2 * vec
	case "hnsw":
		m := int64(16)
		if v, ok := p["M"].(int64); ok {
			m = v
		}
		// Go nodes: the vector, neighbour maps of ~2M entries at ~50 B each.
		return 2*vec + int64(n)*(m*2*50+200)
	case "faiss":
		f, _ := p["factory"].(string)
		m := int64(0)
		if s := hnswM.FindStringSubmatch(f); s != nil {
			m, _ = strconv.ParseInt(s[1], 10, 64)
		}
		// The adapter keeps a copy of the rows until the one Add; the index
		// holds at most the full vectors plus ids and graph links.
		est := 2*vec + int64(n)*8
		if m > 0 {
			est += int64(n) * m * 2 * 4 * 2
		}
		if strings.Contains(f, "PQ") || strings.Contains(f, "SQ") {
			est = 2 * vec
		}
		return est
	}
	return 3 * vec
}

// FormatBytes prints a byte count in binary units.
func FormatBytes(b int64) string {
	const unit = 1024
	if b < unit {
		return fmt.Sprintf("%d B", b)
	}
	div, exp := int64(unit), 0
	for n := b / unit; n >= unit; n /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(b)/float64(div), "KMGTPE"[exp])
}
