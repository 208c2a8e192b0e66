package dataset

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/ecgbench/ecgbench/engine/cohort"
	"github.com/ecgbench/ecgbench/engine/schema"
)

// Raw cohort CSV: one row per ECG, one column per value, a header line:
//
//	id, cluster, heart_rate, risk_afib … risk_ischemia,
//	embedding_0 … embedding_{D-1}, prop_N, prop_S, prop_V, prop_F, prop_Q
//
// cluster holds the cluster's name and is optional. Readers match columns
// by header name, in any order. Floats are written in their shortest
// float32 form, so a written file reads back to the same bits.

// RawColumns lists the CSV columns for embeddings of width dim, with the
// cluster column when withCluster.
func RawColumns(dim int, withCluster bool) []string {
	cols := []string{"id"}
	if withCluster {
		cols = append(cols, "cluster")
	}
	cols = append(cols, "heart_rate")
	cols = append(cols, schema.RiskNames...)
	for j := range dim {
		cols = append(cols, "embedding_"+strconv.Itoa(j))
	}
	for _, b := range schema.BeatNames {
		cols = append(cols, "prop_"+b)
	}
	return cols
}

// CSVWriter streams raw rows to a CSV file.
type CSVWriter struct {
	w            *bufio.Writer
	dim          int
	clusterNames []string
	line         []byte
}

// NewCSVWriter writes the header for rows with embeddings of width dim;
// clusterNames (nil: no cluster column) names the rows' cluster indexes.
func NewCSVWriter(w io.Writer, dim int, clusterNames []string) (*CSVWriter, error) {
	c := &CSVWriter{w: bufio.NewWriterSize(w, 1<<20), dim: dim, clusterNames: clusterNames}
	if _, err := c.w.WriteString(strings.Join(RawColumns(dim, clusterNames != nil), ",") + "\n"); err != nil {
		return nil, err
	}
	return c, nil
}

// Write appends the rows of b.
func (c *CSVWriter) Write(b *cohort.Batch) error {
	if b.Dim != c.dim {
		return fmt.Errorf("dataset: csv: rows have %d-wide embeddings, the header %d", b.Dim, c.dim)
	}
	if c.clusterNames != nil && b.Cluster == nil {
		return fmt.Errorf("dataset: csv: the header has a cluster column, the rows no clusters")
	}
	num := func(v float32) {
		c.line = append(c.line, ',')
		c.line = strconv.AppendFloat(c.line, float64(v), 'g', -1, 32)
	}
	for i := range b.Len() {
		c.line = appendField(c.line[:0], b.ID(i))
		if c.clusterNames != nil {
			c.line = append(c.line, ',')
			c.line = appendField(c.line, c.clusterNames[b.Cluster[i]])
		}
		r := b.Row(i)
		num(r.HeartRate)
		for _, v := range r.Risks {
			num(v)
		}
		for _, v := range r.Embedding {
			num(v)
		}
		for _, v := range r.Props {
			num(v)
		}
		c.line = append(c.line, '\n')
		if _, err := c.w.Write(c.line); err != nil {
			return err
		}
	}
	return nil
}

// Flush writes buffered rows out.
func (c *CSVWriter) Flush() error { return c.w.Flush() }

// appendField appends s, quoted as CSV requires when it holds a comma,
// a quote or a line break.
func appendField(dst []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(dst, s...)
	}
	return append(append(append(dst, '"'), strings.ReplaceAll(s, `"`, `""`)...), '"')
}

// CSVReader streams raw rows from a CSV file of model outputs.
type CSVReader struct {
	file string
	f    *os.File
	r    *csv.Reader

	ncols     int
	dim       int
	idCol     int
	hrCol     int
	clCol     int // -1: no cluster column
	riskCols  [cohort.NumRisks]int
	embCols   []int
	propCols  [cohort.NumBeats]int
	names     map[string]uint8
	nameOrder []string
	rows      int64
}

// OpenCSV opens a raw CSV file and checks its header: every column of
// RawColumns (cluster optional) once, no other column; the embedding width
// is the number of embedding_j columns, which must run from 0 without gaps.
func OpenCSV(path string) (*CSVReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	r := &CSVReader{file: path, f: f, r: csv.NewReader(bufio.NewReaderSize(f, 1<<20)), clCol: -1}
	r.r.ReuseRecord = true
	header, err := r.r.Read()
	if err == io.EOF {
		f.Close()
		return nil, fmt.Errorf("dataset: %s is empty, want a header line (%s, …)", path, strings.Join(RawColumns(1, true)[:4], ", "))
	}
	if err != nil {
		f.Close()
		return nil, r.csvError(err)
	}
	if err := r.parseHeader(header); err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

func (r *CSVReader) parseHeader(header []string) error {
	cols := map[string]int{}
	emb := map[int]int{}
	var errs []string
	for i, raw := range header {
		name := strings.TrimSpace(raw)
		if i == 0 {
			name = strings.TrimPrefix(name, "\ufeff") // a byte-order mark from spreadsheets
		}
		if _, dup := cols[name]; dup {
			errs = append(errs, fmt.Sprintf("column %q appears twice (columns %d and %d)", name, cols[name]+1, i+1))
			continue
		}
		cols[name] = i
		if rest, ok := strings.CutPrefix(name, "embedding_"); ok {
			j, err := strconv.Atoi(rest)
			if err != nil || j < 0 || strconv.Itoa(j) != rest {
				errs = append(errs, fmt.Sprintf("column %d %q: want embedding_<j> with j = 0, 1, …", i+1, name))
				continue
			}
			emb[j] = i
		}
	}
	known := map[string]bool{"cluster": true}
	for _, c := range RawColumns(len(emb), false) {
		known[c] = true
	}
	for name, i := range cols {
		if !known[name] && !strings.HasPrefix(name, "embedding_") {
			errs = append(errs, fmt.Sprintf("unknown column %d %q", i+1, name))
		}
	}
	var missing []string
	for _, c := range RawColumns(len(emb), false) {
		if _, ok := cols[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(emb) == 0 {
		missing = append(missing, "embedding_0 …")
	}
	if len(missing) > 0 {
		errs = append(errs, "missing column(s) "+strings.Join(missing, ", "))
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return fmt.Errorf("dataset: %s:1: %s", r.file, strings.Join(errs, "; "))
	}
	r.ncols, r.dim = len(header), len(emb)
	r.idCol, r.hrCol = cols["id"], cols["heart_rate"]
	if i, ok := cols["cluster"]; ok {
		r.clCol = i
		r.names = map[string]uint8{}
	}
	for k, n := range schema.RiskNames {
		r.riskCols[k] = cols[n]
	}
	for j := range r.dim {
		r.embCols = append(r.embCols, emb[j])
	}
	for k, b := range schema.BeatNames {
		r.propCols[k] = cols["prop_"+b]
	}
	return nil
}

// Dim is the embedding width read from the header.
func (r *CSVReader) Dim() int { return r.dim }

// ClusterNames lists the cluster names seen so far, in order of first
// appearance: row clusters index it. Nil without a cluster column.
func (r *CSVReader) ClusterNames() []string { return r.nameOrder }

// Next reads up to max rows into b (allocated when nil) and returns it; it
// returns io.EOF once every row has been read. Ids are kept as written.
func (r *CSVReader) Next(max int, b *cohort.Batch) (*cohort.Batch, error) {
	if b == nil {
		b = cohort.NewBatch(r.dim, max, r.clCol >= 0)
	}
	b.Stream, b.Start, b.Dim = 0, r.rows, r.dim
	b.IDs = b.IDs[:0]
	if b.IDs == nil {
		b.IDs = []string{}
	}
	if r.clCol >= 0 && b.Cluster == nil {
		b.Cluster = []uint8{}
	}
	if r.clCol < 0 {
		b.Cluster = nil
	}
	b.Resize(0)
	for b.Len() < max {
		rec, err := r.r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.r.FieldPos(0)
		if errors.Is(err, csv.ErrFieldCount) {
			return nil, fmt.Errorf("dataset: %s:%d: %d fields, the header has %d", r.file, line, len(rec), r.ncols)
		}
		if err != nil {
			return nil, r.csvError(err)
		}
		i := b.Len()
		b.Resize(i + 1)
		id := strings.TrimSpace(rec[r.idCol])
		if id == "" {
			return nil, fmt.Errorf("dataset: %s:%d: column id: empty id", r.file, line)
		}
		b.IDs[i] = id
		if r.clCol >= 0 {
			c, err := r.cluster(strings.TrimSpace(rec[r.clCol]))
			if err != nil {
				return nil, fmt.Errorf("dataset: %s:%d: column cluster: %w", r.file, line, err)
			}
			b.Cluster[i] = c
		}
		num := func(col int) (float32, error) {
			s := strings.TrimSpace(rec[col])
			v, err := strconv.ParseFloat(s, 32)
			switch {
			case err != nil && !errors.Is(err, strconv.ErrRange):
				return 0, fmt.Errorf("dataset: %s:%d: column %d %s: %q is not a number", r.file, line, col+1, r.header(col), s)
			case err != nil || math.IsInf(v, 0):
				return 0, fmt.Errorf("dataset: %s:%d: column %d %s: %q is out of float32 range", r.file, line, col+1, r.header(col), s)
			case math.IsNaN(v):
				return 0, fmt.Errorf("dataset: %s:%d: column %d %s: NaN (a missing model output?)", r.file, line, col+1, r.header(col))
			}
			return float32(v), nil
		}
		var err2 error
		set := func(dst *float32, col int) {
			if err2 == nil {
				*dst, err2 = num(col)
			}
		}
		set(&b.HeartRate[i], r.hrCol)
		for k, col := range r.riskCols {
			set(&b.Risks[i*cohort.NumRisks+k], col)
		}
		for j, col := range r.embCols {
			set(&b.Embedding[i*r.dim+j], col)
		}
		for k, col := range r.propCols {
			set(&b.Props[i*cohort.NumBeats+k], col)
		}
		if err2 != nil {
			return nil, err2
		}
	}
	r.rows += int64(b.Len())
	if b.Len() == 0 {
		return nil, io.EOF
	}
	return b, nil
}

// header names column col for errors.
func (r *CSVReader) header(col int) string {
	switch col {
	case r.idCol:
		return "id"
	case r.hrCol:
		return "heart_rate"
	}
	for k, c := range r.riskCols {
		if c == col {
			return schema.RiskNames[k]
		}
	}
	for j, c := range r.embCols {
		if c == col {
			return "embedding_" + strconv.Itoa(j)
		}
	}
	for k, c := range r.propCols {
		if c == col {
			return "prop_" + schema.BeatNames[k]
		}
	}
	return "?"
}

func (r *CSVReader) cluster(name string) (uint8, error) {
	if c, ok := r.names[name]; ok {
		return c, nil
	}
	if name == "" {
		return 0, fmt.Errorf("empty cluster name")
	}
	if len(r.nameOrder) == cohort.MaxClusters {
		return 0, fmt.Errorf("cluster %q is the %dth distinct cluster, at most %d are supported", name, cohort.MaxClusters+1, cohort.MaxClusters)
	}
	c := uint8(len(r.nameOrder))
	r.names[name] = c
	r.nameOrder = append(r.nameOrder, name)
	return c, nil
}

func (r *CSVReader) csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("dataset: %s:%d: column %d: %v", r.file, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("dataset: %s: %w", r.file, err)
}

// Close closes the file.
func (r *CSVReader) Close() error { return r.f.Close() }

// ReadRawCSV reads a whole raw CSV file: its rows (with their ids, and
// clusters when the file has them) and the cluster names the rows' cluster
// indexes refer to (nil without a cluster column).
func ReadRawCSV(path string) (*cohort.Batch, []string, error) {
	r, err := OpenCSV(path)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	all := cohort.NewBatch(r.Dim(), 0, r.clCol >= 0)
	all.IDs = []string{}
	var b *cohort.Batch
	for {
		b, err = r.Next(64<<10, b)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		for i := range b.Len() {
			all.Append(b, i)
		}
	}
	return all, r.ClusterNames(), nil
}
