package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ecgbench/ecgbench/engine/dataset"
	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/prep"
	"github.com/ecgbench/ecgbench/engine/schema"
)

func init() { Register(queryCommand{}) }

type queryCommand struct{}

func (queryCommand) Name() string { return "query" }

func (queryCommand) Synopsis() string {
	return "find the ECGs most like one ECG of a dataset, by chosen feature groups (exact search)"
}

func (c queryCommand) Run(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(c)
	dir := fs.String("data", "", "dataset folder written by 'ecgbench gen' (required)")
	id := fs.String("id", "", "id of the query ECG, e.g. ecg_123 (required)")
	groups := fs.String("groups", "", "comma-separated feature groups: heart_rate, risk_scores (or one risk, e.g. risk_afib), embedding, beat_props (required)")
	weights := fs.String("weights", "", "comma-separated weights > 0, one per group (default: all 1)")
	k := fs.Int("k", 100, "number of neighbours")
	normalize := fs.String("normalize", prep.NormalizeGroupScale, "group scales: group-scale (divide each group by its mean squared pair distance) or none")
	show := fs.Int("show", 10, "neighbours to list (0: all k)")
	if err := parseFlags(c, fs, args, stderr); err != nil {
		return err
	}
	switch {
	case *dir == "":
		return UsageErrorf("-data is required: the dataset folder written by 'ecgbench gen'")
	case *id == "":
		return UsageErrorf("-id is required: the id of the query ECG, e.g. ecg_123")
	case *groups == "":
		return UsageErrorf("-groups is required, e.g. -groups heart_rate,beat_props")
	case *k < 1:
		return UsageErrorf("-k %d: want a number of neighbours ≥ 1", *k)
	case *show < 0:
		return UsageErrorf("-show %d: want ≥ 0", *show)
	case *normalize != prep.NormalizeGroupScale && *normalize != prep.NormalizeNone:
		return UsageErrorf("-normalize %q: want %s or %s", *normalize, prep.NormalizeGroupScale, prep.NormalizeNone)
	}
	names := splitList(*groups)
	var ws []float64
	for _, s := range splitList(*weights) {
		w, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return UsageErrorf("-weights %q: %q is not a number", *weights, s)
		}
		ws = append(ws, w)
	}
	d, m, err := dataset.ReadDir(*dir)
	if err != nil {
		return err
	}
	sel, err := d.Meta.Schema.Select(names, ws)
	if err != nil {
		if *weights != "" {
			return UsageErrorf("-groups %q -weights %q: %w", *groups, *weights, err)
		}
		return UsageErrorf("-groups %q: %w", *groups, err)
	}
	for _, n := range sel.Notices {
		fmt.Fprintf(stderr, "note: %s\n", n)
	}
	scales, err := m.GroupScales(*normalize)
	if err != nil {
		return UsageError{err}
	}
	metric, err := exact.Weighted(d.Meta.Schema, sel, scales)
	if err != nil {
		return err
	}
	row, err := d.Lookup(*id)
	if err != nil {
		return fmt.Errorf("-id %s: %w in %s", *id, err, filepath.Join(*dir, dataset.DirDataset))
	}
	others := d.Len() - 1
	if others == 0 {
		return fmt.Errorf("-id %s: the dataset holds no other ECG to compare with", *id)
	}
	kk := *k
	if kk > others {
		fmt.Fprintf(stderr, "note: k = %d is more than the %d other ECGs: returning all %d\n", kk, others, others)
		kk = others
	}
	res, err := exact.Search(d.Data, metric, d.Row(row), kk, exact.Options{Exclude: []int64{int64(row)}})
	if err != nil {
		return err
	}
	return printAnswer(stdout, d, m, sel, scales, *normalize, row, res[0], *show)
}

// printAnswer prints the clinician-facing answer: the cluster mix of the
// neighbours, then the first show neighbours with heart rate and beat mix.
func printAnswer(w io.Writer, d *dataset.Dataset, m *prep.Model, sel schema.Selection, scales []float64, normalize string, row int, nbs []exact.Neighbor, show int) error {
	s := d.Meta.Schema
	var by, weights []string
	for i, gi := range sel.Groups {
		name := s.Groups[gi].Name
		by = append(by, name)
		weights = append(weights, fmt.Sprintf("%s %g (s = %.4g)", name, sel.Weights[i], scales[gi]))
	}
	head := fmt.Sprintf("query %s", d.ID(row))
	if d.Cluster != nil {
		head += fmt.Sprintf(" (%s)", d.ClusterName(row))
	}
	head += fmt.Sprintf(" by %s, k=%d", strings.Join(by, "+"), len(nbs))
	if d.Cluster != nil {
		counts := make([]int, len(d.Meta.ClusterNames))
		for _, nb := range nbs {
			counts[d.Cluster[nb.ID]]++
		}
		head += ": " + mix(d.Meta.ClusterNames, counts, len(nbs), 0)
	}
	fmt.Fprintln(w, head)
	fmt.Fprintf(w, "weights: %s; normalize %s\n", strings.Join(weights, ", "), normalize)
	hr := s.Groups[s.Index(schema.HeartRate)].Offset
	bp := s.Groups[s.Index(schema.BeatProps)].Offset
	bpm := func(r int) float64 { return float64(d.Row(r)[hr])*m.HeartRate.Std + m.HeartRate.Mean }
	beats := func(r int) string {
		var parts []string
		for _, v := range d.Row(r)[bp : bp+len(schema.BeatNames)] {
			parts = append(parts, fmt.Sprintf("%.2f", v))
		}
		return strings.Join(parts, "\t")
	}
	tw := tabwriter.NewWriter(w, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "rank\tid\tcluster\tdistance\tHR bpm\t%s\t\n", strings.Join(schema.BeatNames, "\t"))
	fmt.Fprintf(tw, "query\t%s\t%s\t\t%.0f\t%s\t\n", d.ID(row), d.ClusterName(row), bpm(row), beats(row))
	if show == 0 || show > len(nbs) {
		show = len(nbs)
	}
	for i, nb := range nbs[:show] {
		r := int(nb.ID)
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.4g\t%.0f\t%s\t\n", i+1, d.ID(r), d.ClusterName(r), nb.Dist, bpm(r), beats(r))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if show < len(nbs) {
		fmt.Fprintf(w, "(%d of %d neighbours listed; -show 0 lists all)\n", show, len(nbs))
	}
	return nil
}
