package plots

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// CohortName is the file stem of the cohort figure: CohortPCA writes
// CohortName.png, CohortName.svg and CohortName.json (its title, caption
// and notes, which LoadCohort reads back for the report).
const CohortName = "cohort-pca"

// CohortPCA draws the preprocessed cohort in 2-D: rows (row-major, dim
// values per row) projected on their first two principal components,
// coloured by cluster (clusters[i] indexes names). The components come from
// the covariance of all rows; at most maxPoints rows are drawn, evenly
// spaced through the cohort, so the same cohort always gives the same
// figure. It writes outDir/cohort-pca.{png,svg,json}, creating outDir if
// missing, and returns the figure.
func CohortPCA(outDir string, rows []float32, dim int, clusters []uint8, names []string, maxPoints int) (Figure, error) {
	f, err := cohortFigure(rows, dim, clusters, names, maxPoints)
	if err != nil {
		return Figure{}, err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return Figure{}, fmt.Errorf("plots: %w", err)
	}
	if err := render(&f, paletteOf([]Figure{f}), outDir); err != nil {
		return Figure{}, err
	}
	meta, err := json.MarshalIndent(cohortMeta{f.Title, f.Caption, f.Notes}, "", "  ")
	if err != nil {
		return Figure{}, fmt.Errorf("plots: cohort figure: %w", err)
	}
	if err := os.WriteFile(filepath.Join(outDir, CohortName+".json"), meta, 0o644); err != nil {
		return Figure{}, fmt.Errorf("plots: %w", err)
	}
	return f, nil
}

// cohortMeta is what CohortName.json keeps of the cohort figure.
type cohortMeta struct {
	Title   string   `json:"title"`
	Caption string   `json:"caption"`
	Notes   []string `json:"notes,omitempty"`
}

// LoadCohort returns the cohort figure that CohortPCA wrote in dir
// (without its data series), or false when there is none.
func LoadCohort(dir string) (Figure, bool, error) {
	path := filepath.Join(dir, CohortName+".json")
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Figure{}, false, nil
	}
	if err != nil {
		return Figure{}, false, fmt.Errorf("plots: %w", err)
	}
	var m cohortMeta
	if err := json.Unmarshal(data, &m); err != nil {
		return Figure{}, false, fmt.Errorf("plots: %s: %w", path, err)
	}
	f := Figure{
		Name: CohortName, Kind: KindCohort, Title: m.Title, Caption: m.Caption, Notes: m.Notes,
		PNGPath: filepath.Join(dir, CohortName+".png"),
		SVGPath: filepath.Join(dir, CohortName+".svg"),
	}
	for _, p := range []string{f.PNGPath, f.SVGPath} {
		if _, err := os.Stat(p); err != nil {
			return Figure{}, false, fmt.Errorf("plots: cohort figure %s: %w", path, err)
		}
	}
	return f, true, nil
}

// cohortFigure computes the projection and the figure's series.
func cohortFigure(rows []float32, dim int, clusters []uint8, names []string, maxPoints int) (Figure, error) {
	if dim < 2 || len(rows)%dim != 0 {
		return Figure{}, fmt.Errorf("plots: cohort PCA: %d values are not rows of dim %d (want dim ≥ 2)", len(rows), dim)
	}
	n := len(rows) / dim
	if n < 2 || len(clusters) != n || maxPoints < 1 {
		return Figure{}, fmt.Errorf("plots: cohort PCA: %d rows, %d cluster labels, maxPoints %d (want ≥ 2 rows, one label per row, maxPoints ≥ 1)",
			n, len(clusters), maxPoints)
	}
	sizes := make([]int, len(names))
	for i, c := range clusters {
		if int(c) >= len(names) {
			return Figure{}, fmt.Errorf("plots: cohort PCA: row %d has cluster %d, but only %d cluster names", i, c, len(names))
		}
		sizes[c]++
	}

	mean := columnMeans(rows, dim)
	pc, share, err := principalComponents(rows, dim, mean, 2)
	if err != nil {
		return Figure{}, err
	}
	drawn := min(n, maxPoints)
	series := make([]Series, len(names))
	for c, name := range names {
		series[c] = Series{Name: fmt.Sprintf("%s (%.0f%%)", name, 100*float64(sizes[c])/float64(n)), Color: "cluster:" + name, Mark: Dots}
	}
	for j := range drawn {
		i := j * n / drawn
		var x, y float64
		for d := range dim {
			v := float64(rows[i*dim+d]) - mean[d]
			x += v * pc[0][d]
			y += v * pc[1][d]
		}
		s := &series[clusters[i]]
		s.X, s.Y = append(s.X, x), append(s.Y, y)
	}
	legend := make([]Entry, 0, len(series))
	for _, s := range series {
		legend = append(legend, entryOf(s))
	}
	// Largest cluster first, so the small ones are drawn on top of it.
	slices.SortStableFunc(series, func(a, b Series) int { return cmp.Compare(len(b.X), len(a.X)) })
	return Figure{
		Name:  CohortName,
		Kind:  KindCohort,
		Title: fmt.Sprintf("Preprocessed cohort in 2-D (PCA of the %d-D rows)", dim),
		Caption: fmt.Sprintf("%s rows projected on their first two principal components (computed from the covariance of all rows), "+
			"which explain %.0f%% and %.0f%% of the variance; %s evenly spaced rows drawn, coloured by cluster (condition, with its share of the cohort).",
			count(n), 100*share[0], 100*share[1], count(drawn)),
		Panels: []Panel{{
			X:      Axis{Label: fmt.Sprintf("PC1 (%.0f%% of variance)", 100*share[0])},
			Y:      Axis{Label: fmt.Sprintf("PC2 (%.0f%% of variance)", 100*share[1])},
			Series: series,
		}},
		Cols:   1,
		Legend: legend,
	}, nil
}

func columnMeans(rows []float32, dim int) []float64 {
	mean := make([]float64, dim)
	n := len(rows) / dim
	for i := range n {
		for d := range dim {
			mean[d] += float64(rows[i*dim+d])
		}
	}
	for d := range mean {
		mean[d] /= float64(n)
	}
	return mean
}

// principalComponents returns the first m principal axes of rows, whose
// column means are mean (unit
// vectors, each signed so its largest-magnitude coordinate is positive,
// which makes the figure deterministic) and the share of the total
// variance each explains.
func principalComponents(rows []float32, dim int, mean []float64, m int) ([][]float64, []float64, error) {
	n := len(rows) / dim
	cov := mat.NewSymDense(dim, nil)
	v := make([]float64, dim)
	acc := make([]float64, dim*dim)
	for i := range n {
		for d := range dim {
			v[d] = float64(rows[i*dim+d]) - mean[d]
		}
		for a := range dim {
			va := v[a]
			row := acc[a*dim:]
			for b := a; b < dim; b++ {
				row[b] += va * v[b]
			}
		}
	}
	for a := range dim {
		for b := a; b < dim; b++ {
			cov.SetSym(a, b, acc[a*dim+b]/float64(n-1))
		}
	}
	var es mat.EigenSym
	if !es.Factorize(cov, true) {
		return nil, nil, fmt.Errorf("plots: cohort PCA: eigen-decomposition of the %d×%d covariance did not converge", dim, dim)
	}
	vals := es.Values(nil) // ascending
	var vecs mat.Dense
	es.VectorsTo(&vecs)
	var total float64
	for _, l := range vals {
		total += max(l, 0)
	}
	if total == 0 {
		return nil, nil, fmt.Errorf("plots: cohort PCA: the rows have no variance")
	}
	pcs := make([][]float64, m)
	share := make([]float64, m)
	for j := range m {
		col := dim - 1 - j
		pc := mat.Col(nil, col, &vecs)
		big := 0
		for d := range pc {
			if math.Abs(pc[d]) > math.Abs(pc[big]) {
				big = d
			}
		}
		if pc[big] < 0 {
			for d := range pc {
				pc[d] = -pc[d]
			}
		}
		pcs[j] = pc
		share[j] = max(vals[col], 0) / total
	}
	return pcs, share, nil
}
