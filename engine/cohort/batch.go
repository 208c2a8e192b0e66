package cohort

import "strconv"

// Batch is a chunk of raw ECG rows: the per-ECG outputs of the models before
// preprocessing. The generator fills it, and so does a reader of a team's
// real model outputs. Per-row values are stored column by column; Risks,
// Embedding and Props hold NumRisks, Dim and NumBeats values per row.
type Batch struct {
	// Stream and Start place the batch in a synthetic stream: row i is row
	// Start+i of stream Stream, and its id is ID(Stream, Start+i).
	Stream uint64
	Start  int64
	// IDs, when not nil, are the rows' ids (real data); nil means the
	// synthetic ids above.
	IDs []string
	// Dim is the embedding width D.
	Dim int
	// Cluster is each row's cluster index, or nil when clusters are unknown.
	Cluster   []uint8
	HeartRate []float32
	Risks     []float32
	Embedding []float32
	Props     []float32
}

// NewBatch returns an empty batch for rows with embeddings of width dim and
// room for capacity rows.
func NewBatch(dim, capacity int, clusters bool) *Batch {
	b := &Batch{
		Dim:       dim,
		HeartRate: make([]float32, 0, capacity),
		Risks:     make([]float32, 0, capacity*NumRisks),
		Embedding: make([]float32, 0, capacity*dim),
		Props:     make([]float32, 0, capacity*NumBeats),
	}
	if clusters {
		b.Cluster = make([]uint8, 0, capacity)
	}
	return b
}

// Len is the number of rows.
func (b *Batch) Len() int { return len(b.HeartRate) }

// ID is the id of row i.
func (b *Batch) ID(i int) string {
	if b.IDs != nil {
		return b.IDs[i]
	}
	return ID(b.Stream, b.Start+int64(i))
}

// Row is a view of one raw row; its slices alias the batch.
type Row struct {
	HeartRate float32
	Risks     []float32
	Embedding []float32
	Props     []float32
}

// Row returns a view of row i.
func (b *Batch) Row(i int) Row {
	return Row{
		HeartRate: b.HeartRate[i],
		Risks:     b.Risks[i*NumRisks : (i+1)*NumRisks],
		Embedding: b.Embedding[i*b.Dim : (i+1)*b.Dim],
		Props:     b.Props[i*NumBeats : (i+1)*NumBeats],
	}
}

// Resize sets the number of rows to n, reusing storage when it is large
// enough; values of new rows are unspecified.
func (b *Batch) Resize(n int) {
	b.HeartRate = grow(b.HeartRate, n)
	b.Risks = grow(b.Risks, n*NumRisks)
	b.Embedding = grow(b.Embedding, n*b.Dim)
	b.Props = grow(b.Props, n*NumBeats)
	if b.Cluster != nil {
		b.Cluster = grow(b.Cluster, n)
	}
	if b.IDs != nil {
		b.IDs = grow(b.IDs, n)
	}
}

// Append adds row i of src, which must have the same Dim, at the end of b.
// Ids are copied when b keeps explicit ids; clusters when b keeps clusters.
func (b *Batch) Append(src *Batch, i int) {
	n := b.Len()
	b.Resize(n + 1)
	b.Set(n, src, i)
}

// Set overwrites row j of b with row i of src, which must have the same Dim.
func (b *Batch) Set(j int, src *Batch, i int) {
	r := src.Row(i)
	b.HeartRate[j] = r.HeartRate
	copy(b.Risks[j*NumRisks:], r.Risks)
	copy(b.Embedding[j*b.Dim:(j+1)*b.Dim], r.Embedding)
	copy(b.Props[j*NumBeats:], r.Props)
	if b.Cluster != nil {
		b.Cluster[j] = src.Cluster[i]
	}
	if b.IDs != nil {
		b.IDs[j] = src.ID(i)
	}
}

// ID is the id of row `row` of a synthetic stream: ecg_<row> for stream 0
// (the indexed data) and ecg_s<stream>_<row> for the others (e.g. holdout
// queries), so ids never collide across streams.
func ID(stream uint64, row int64) string {
	if stream == 0 {
		return "ecg_" + strconv.FormatInt(row, 10)
	}
	return "ecg_s" + strconv.FormatUint(stream, 10) + "_" + strconv.FormatInt(row, 10)
}

func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	out := make([]T, n, max(n, 2*cap(s)))
	copy(out, s)
	return out
}
