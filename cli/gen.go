package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ecgbench/ecgbench/engine/cohort"
	"github.com/ecgbench/ecgbench/engine/dataset"
	"github.com/ecgbench/ecgbench/engine/prep"
)

func init() { Register(genCommand{}) }

// CSVFile is the name of the raw cohort export gen -csv writes.
const CSVFile = "cohort.csv"

type genCommand struct{}

func (genCommand) Name() string { return "gen" }

func (genCommand) Synopsis() string {
	return "generate a synthetic ECG cohort, fit the preprocessing, write the dataset folder"
}

func (c genCommand) Run(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(c)
	n := int64(-1)
	fs.Func("n", "number of ECGs to generate (required; 1_000_000 style underscores allowed)", func(s string) error {
		v, err := strconv.ParseInt(s, 0, 64)
		if err != nil {
			return fmt.Errorf("not a whole number")
		}
		n = v
		return nil
	})
	seed := fs.Uint64("seed", 1, "random seed of the cohort, the fit sample and the scale pairs")
	profile := fs.String("profile", "", "cohort profile TOML file (default: the embedded six-cluster profile)")
	dim := fs.Int("dim", 0, "raw embedding width D (default: the profile's, 64)")
	pca := fs.Int("pca", prep.DefaultComponents, "PCA components C of the embedding")
	fitRows := fs.Int("fit-rows", dataset.DefaultFitRows, "fit the preprocessing on the first this many rows")
	csv := fs.Bool("csv", false, "also write the raw cohort as "+CSVFile+" (for pandas or polars)")
	out := fs.String("out", "", "folder to write "+dataset.DirDataset+", "+dataset.DirModel+" and "+dataset.DirFingerprint+" to (required)")
	if err := parseFlags(c, fs, args, stderr); err != nil {
		return err
	}
	switch {
	case n == -1:
		return UsageErrorf("-n is required: the number of ECGs to generate")
	case n <= 0:
		return UsageErrorf("-n %d: want a number of ECGs ≥ 1", n)
	case *out == "":
		return UsageErrorf("-out is required: the folder to write the dataset to")
	case *dim < 0:
		return UsageErrorf("-dim %d: want an embedding width ≥ 1 (or 0 for the profile's)", *dim)
	case *pca < 1:
		return UsageErrorf("-pca %d: want ≥ 1 components", *pca)
	case *fitRows < 2:
		return UsageErrorf("-fit-rows %d: want ≥ 2", *fitRows)
	}
	opt := dataset.Options{N: n, Seed: *seed, EmbeddingDim: *dim, Components: *pca, FitRows: *fitRows}
	if *profile != "" {
		p, err := cohort.LoadProfile(*profile)
		if err != nil {
			return err
		}
		opt.Profile = p
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	var csvOut *os.File
	var csvW *dataset.CSVWriter
	if *csv {
		f, err := os.Create(filepath.Join(*out, CSVFile))
		if err != nil {
			return err
		}
		defer f.Close()
		csvOut = f
		opt.Raw = func(b *cohort.Batch) error {
			if csvW == nil {
				names := cohort.DefaultProfile().ClusterNames()
				if opt.Profile != nil {
					names = opt.Profile.ClusterNames()
				}
				if csvW, err = dataset.NewCSVWriter(f, b.Dim, names); err != nil {
					return err
				}
			}
			return csvW.Write(b)
		}
	}
	opt.Progress = progressPrinter(stderr)
	start := time.Now()
	d, m, err := dataset.Synthetic(opt)
	if err != nil {
		return err
	}
	if csvW != nil {
		if err := csvW.Flush(); err != nil {
			return err
		}
		if err := csvOut.Close(); err != nil {
			return err
		}
	}
	if err := dataset.WriteDir(*out, d, m); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "gen: done in %.2fs\n", time.Since(start).Seconds())
	return printGenSummary(stdout, *out, d, m, *csv)
}

// progressPrinter prints a line per stage and per 10% of transformed rows:
// deterministic, and readable in a log as on a terminal.
func progressPrinter(w io.Writer) func(dataset.Progress) {
	lastStage, lastTenth := "", int64(-1)
	return func(p dataset.Progress) {
		switch {
		case p.Stage == "fit" && lastStage != "fit":
			fmt.Fprintf(w, "gen: fitting the preprocessing on %d rows\n", p.Total)
		case p.Stage == "transform" && p.Total > 0:
			if tenth := 10 * p.Done / p.Total; tenth > lastTenth {
				fmt.Fprintf(w, "gen: %d/%d rows (%d%%)\n", p.Done, p.Total, 100*p.Done/p.Total)
				lastTenth = tenth
			}
		}
		lastStage = p.Stage
	}
}

func printGenSummary(w io.Writer, dir string, d *dataset.Dataset, m *prep.Model, csv bool) error {
	info, err := os.Stat(filepath.Join(dir, dataset.DirDataset))
	if err != nil {
		return err
	}
	kept, total := 0.0, 0.0
	for i, v := range m.Eigenvalues {
		total += v
		if i < m.NumComponents() {
			kept += v
		}
	}
	fmt.Fprintf(w, "wrote %s: %d ECGs × %d features, fingerprint %s\n", dir, d.Len(), d.Dim(), d.Short())
	fmt.Fprintf(w, "  %-14s %s\n", dataset.DirDataset, byteSize(info.Size()))
	fmt.Fprintf(w, "  %-14s PCA %d → %d keeps %.1f%% of the embedding variance; fitted on %d rows\n",
		dataset.DirModel, m.EmbeddingDim, m.NumComponents(), 100*kept/total, m.FitRows)
	fmt.Fprintf(w, "  %-14s %s\n", dataset.DirFingerprint, d.Fingerprint())
	if csv {
		fmt.Fprintf(w, "  %-14s raw rows: id, cluster, heart_rate, risk_*, embedding_0..%d, prop_*\n", CSVFile, m.EmbeddingDim-1)
	}
	counts := make([]int, len(d.Meta.ClusterNames))
	for _, c := range d.Cluster {
		counts[c]++
	}
	fmt.Fprintf(w, "clusters: %s\n", mix(d.Meta.ClusterNames, counts, d.Len(), 1))
	return nil
}

// mix formats cluster counts as "52% pvc_heavy, 37% normal, …", largest
// first (ties by name), with the given number of decimals.
func mix(names []string, counts []int, total, decimals int) string {
	order := make([]int, 0, len(counts))
	for c, n := range counts {
		if n > 0 {
			order = append(order, c)
		}
	}
	sort.Slice(order, func(a, b int) bool {
		if counts[order[a]] != counts[order[b]] {
			return counts[order[a]] > counts[order[b]]
		}
		return names[order[a]] < names[order[b]]
	})
	parts := make([]string, len(order))
	for i, c := range order {
		parts[i] = fmt.Sprintf("%.*f%% %s", decimals, 100*float64(counts[c])/float64(total), names[c])
	}
	return strings.Join(parts, ", ")
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
