package dataset

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/ecgbench/ecgbench/engine/cohort"
	"github.com/ecgbench/ecgbench/engine/schema"
)

// Sources of a dataset.
const (
	SourceSynthetic = "synthetic"
	SourceFile      = "file"
)

// Meta describes a dataset: everything needed to interpret and reproduce it.
type Meta struct {
	// Schema is the layout of a row.
	Schema schema.Schema `json:"schema"`
	// Rows is the number of rows.
	Rows int64 `json:"rows"`
	// ClusterNames names the cluster indexes; empty when clusters are
	// unknown.
	ClusterNames []string `json:"cluster_names,omitempty"`
	// Source is SourceSynthetic or SourceFile.
	Source string `json:"source"`
	// SourceFile is the base name of the file the rows were read from.
	SourceFile string `json:"source_file,omitempty"`
	// Seed and Stream generated a synthetic dataset (stream 0: indexed
	// data, 1: holdout queries); Seed also drew the fit sample and pairs.
	Seed   uint64 `json:"seed"`
	Stream uint64 `json:"stream"`
	// Profile and ProfileHash identify a synthetic cohort's profile.
	Profile     string `json:"profile,omitempty"`
	ProfileHash string `json:"profile_hash,omitempty"`
	// EmbeddingDim is the raw embedding width D; Components the PCA width C.
	EmbeddingDim int `json:"embedding_dim"`
	Components   int `json:"components"`
	// FitRows is the number of rows the preprocessing was fitted on, and
	// ModelHash identifies that fitted model (prep.Model.Hash).
	FitRows   int    `json:"fit_rows"`
	ModelHash string `json:"model_hash"`
	// GroupScales are the model's s_g per schema group, so a dataset file
	// alone can be searched with normalize = "group-scale".
	GroupScales []float64 `json:"group_scales"`
	// HasClusters and HasIDs say which optional sections the file holds;
	// they are set when the dataset is written.
	HasClusters bool `json:"has_clusters"`
	HasIDs      bool `json:"has_ids"`
}

// Dataset is a preprocessed cohort: a row-major float32 matrix with its
// metadata. Treat it as immutable once built: its fingerprint is cached.
type Dataset struct {
	Meta Meta
	// Data holds Rows × Schema.Dim() values.
	Data []float32
	// Cluster holds each row's cluster index, or nil when unknown.
	Cluster []uint8
	// IDs holds each row's id, or nil for the synthetic ids
	// cohort.ID(Meta.Stream, row).
	IDs []string

	fpOnce      sync.Once
	fingerprint string
	idOnce      sync.Once
	idIndex     map[string]int
}

// Dim is the width of a row.
func (d *Dataset) Dim() int { return d.Meta.Schema.Dim() }

// Len is the number of rows.
func (d *Dataset) Len() int { return int(d.Meta.Rows) }

// Row returns row i (aliasing Data).
func (d *Dataset) Row(i int) []float32 {
	dim := d.Dim()
	return d.Data[i*dim : (i+1)*dim]
}

// ID is the id of row i.
func (d *Dataset) ID(i int) string {
	if d.IDs != nil {
		return d.IDs[i]
	}
	return cohort.ID(d.Meta.Stream, int64(i))
}

// Slice returns rows [lo, hi) as a dataset sharing d's storage. Rows keep
// their ids: synthetic ids are written out when lo > 0, since a slice's row
// 0 is not ecg_0.
func (d *Dataset) Slice(lo, hi int) *Dataset {
	out := &Dataset{Meta: d.Meta}
	out.Meta.Rows = int64(hi - lo)
	dim := d.Dim()
	out.Data = d.Data[lo*dim : hi*dim]
	if d.Cluster != nil {
		out.Cluster = d.Cluster[lo:hi]
	}
	switch {
	case d.IDs != nil:
		out.IDs = d.IDs[lo:hi]
	case lo > 0:
		out.IDs = make([]string, hi-lo)
		for i := range out.IDs {
			out.IDs[i] = d.ID(lo + i)
		}
	}
	return out
}

// ClusterName is the cluster of row i, or "" when clusters are unknown.
func (d *Dataset) ClusterName(i int) string {
	if d.Cluster == nil {
		return ""
	}
	return d.Meta.ClusterNames[d.Cluster[i]]
}

// Lookup returns the row whose id is id.
func (d *Dataset) Lookup(id string) (int, error) {
	if d.IDs == nil {
		if k := strings.LastIndexByte(id, '_'); k >= 0 {
			row, err := strconv.ParseInt(id[k+1:], 10, 64)
			if err == nil && row >= 0 && row < d.Meta.Rows && cohort.ID(d.Meta.Stream, row) == id {
				return int(row), nil
			}
		}
		if d.Meta.Rows == 0 {
			return 0, fmt.Errorf("no row with id %q: the dataset is empty", id)
		}
		return 0, fmt.Errorf("no row with id %q (ids run from %s to %s)", id, d.ID(0), d.ID(d.Len()-1))
	}
	d.idOnce.Do(func() {
		d.idIndex = make(map[string]int, len(d.IDs))
		for i, s := range d.IDs {
			d.idIndex[s] = i
		}
	})
	if i, ok := d.idIndex[id]; ok {
		return i, nil
	}
	return 0, fmt.Errorf("no row with id %q among the %d rows", id, len(d.IDs))
}

// Fingerprint is the hex SHA-256 of the dataset's file encoding: it
// identifies the content (rows, clusters, ids and metadata).
func (d *Dataset) Fingerprint() string {
	d.fpOnce.Do(func() {
		if d.fingerprint == "" {
			sum, err := d.encode(nopWriter{})
			if err != nil {
				panic("dataset: encoding to memory failed: " + err.Error())
			}
			d.fingerprint = sum
		}
	})
	return d.fingerprint
}

// Short is the first 12 hex digits of the fingerprint.
func (d *Dataset) Short() string { return d.Fingerprint()[:12] }

// check validates the shapes of a dataset.
func (d *Dataset) check() error {
	m := &d.Meta
	if err := m.Schema.Validate(); err != nil {
		return err
	}
	if m.Rows < 0 || int64(len(d.Data)) != m.Rows*int64(m.Schema.Dim()) {
		return fmt.Errorf("%d values for %d rows of %d", len(d.Data), m.Rows, m.Schema.Dim())
	}
	if d.Cluster != nil {
		if int64(len(d.Cluster)) != m.Rows {
			return fmt.Errorf("%d cluster labels for %d rows", len(d.Cluster), m.Rows)
		}
		if len(m.ClusterNames) == 0 || len(m.ClusterNames) > cohort.MaxClusters {
			return fmt.Errorf("%d cluster names, want 1 … %d", len(m.ClusterNames), cohort.MaxClusters)
		}
		for i, c := range d.Cluster {
			if int(c) >= len(m.ClusterNames) {
				return fmt.Errorf("row %d has cluster %d of %d", i, c, len(m.ClusterNames))
			}
		}
	}
	if d.IDs != nil {
		if int64(len(d.IDs)) != m.Rows {
			return fmt.Errorf("%d ids for %d rows", len(d.IDs), m.Rows)
		}
		for i, s := range d.IDs {
			if s == "" || strings.ContainsAny(s, "\n\r") {
				return fmt.Errorf("row %d has id %q, want a non-empty id without line breaks", i, s)
			}
		}
	}
	if m.GroupScales != nil && len(m.GroupScales) != len(m.Schema.Groups) {
		return fmt.Errorf("%d group scales for %d groups", len(m.GroupScales), len(m.Schema.Groups))
	}
	return nil
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }
