package report

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecgbench/ecgbench/plots"
	"github.com/ecgbench/ecgbench/results"
)

// machineTable lists the provenance of the records: every distinct value
// of each field, so runs merged from several machines or commits show it.
func machineTable(recs []results.Record) table {
	distinct := func(f func(results.Record) string) string {
		var vals []string
		for _, r := range recs {
			if v := f(r); v != "" && !slices.Contains(vals, v) {
				vals = append(vals, v)
			}
		}
		if len(vals) == 0 {
			return "(not recorded)"
		}
		return strings.Join(vals, "; ")
	}
	var first, last time.Time
	var wall float64
	for _, r := range recs {
		if r.Started.IsZero() {
			continue
		}
		end := r.Started.Add(time.Duration(r.Seconds * float64(time.Second)))
		if first.IsZero() || r.Started.Before(first) {
			first = r.Started
		}
		if end.After(last) {
			last = end
		}
		wall += r.Seconds
	}
	period := "(not recorded)"
	if !first.IsZero() {
		period = fmt.Sprintf("%s to %s (trials took %s in all)", first.UTC().Format(time.RFC3339), last.UTC().Format(time.RFC3339),
			time.Duration(wall*float64(time.Second)).Round(time.Second))
	}
	rows := [][]string{
		{"CPU", distinct(func(r results.Record) string { return r.CPU })},
		{"GOMAXPROCS", distinct(func(r results.Record) string { return itoa(r.GOMAXPROCS) })},
		{"throughput threads", distinct(func(r results.Record) string { return itoa(r.Threads) })},
		{"Go", distinct(func(r results.Record) string { return r.GoVersion })},
		{"OS/arch", distinct(func(r results.Record) string {
			if r.GOOS == "" {
				return ""
			}
			return r.GOOS + "/" + r.GOARCH
		})},
		{"commit", distinct(func(r results.Record) string { return r.Commit })},
		{"spec", distinct(func(r results.Record) string { return strings.TrimSpace(r.SpecName + " " + r.SpecHash) })},
		{"datasets", distinct(func(r results.Record) string {
			if r.Fingerprint == "" {
				return ""
			}
			return "N=" + count(r.N) + ": " + r.Fingerprint
		})},
		{"run period", period},
	}
	return table{ID: "machine", Header: []string{"field", "value"}, Numeric: []bool{false, false}, Rows: rows}
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// resultColumns are the columns of the table of all trials.
var resultColumns = []struct {
	name    string
	numeric bool
}{
	{"n", true}, {"index", false}, {"strategy", false}, {"fusion", false}, {"margin", true}, {"search", false},
	{"groups", false}, {"k", true}, {"threads", true},
	{"recall mean", true}, {"recall p5", true}, {"recall min", true}, {"same cluster", true}, {"short answers", true},
	{"p50 ms", true}, {"p99 ms", true}, {"QPS", true}, {"build s", true}, {"index MiB", true}, {"status", false},
}

// resultsTable has one row per record, failed ones included (their
// measures blank), sorted by N, k, group set (in run order), series and
// setting.
func resultsTable(recs []results.Record) table {
	sorted := sortRecords(recs)
	t := table{ID: "results", Caption: fmt.Sprintf("%d trials. Latency is single-thread per query; QPS is measured with the given number of threads; "+
		"recalls are truncated to 3 decimals.", len(recs))}
	for _, c := range resultColumns {
		t.Header = append(t.Header, c.name)
		t.Numeric = append(t.Numeric, c.numeric)
	}
	for _, r := range sorted {
		search := ""
		for _, k := range slices.Sorted(maps.Keys(r.Search)) {
			search += fmt.Sprintf(" %s=%d", k, r.Search[k])
		}
		margin := ""
		if r.Margin > 0 {
			margin = strconv.FormatFloat(r.Margin, 'g', -1, 64)
		}
		row := []string{count(r.N), plots.IndexLabel(r), r.Strategy, r.Fusion, margin, strings.TrimSpace(search),
			plots.GroupsLabel(r), strconv.Itoa(r.K), strconv.Itoa(r.Threads)}
		if r.Status == results.StatusOK {
			row = append(row,
				recall3(r.RecallMean), recall3(r.RecallP5), recall3(r.RecallMin),
				fmt.Sprintf("%.3f", r.SameCluster), strconv.Itoa(r.ShortAnswers),
				ms(r.LatencyP50Ns), ms(r.LatencyP99Ns), count(int(r.QPS+0.5)),
				fmt.Sprintf("%.3g", r.BuildSeconds), fmt.Sprintf("%.1f", float64(r.IndexBytes)/(1<<20)))
		} else {
			row = append(row, "", "", "", "", "", "", "", "", "", "")
		}
		t.Rows = append(t.Rows, append(row, r.Status))
	}
	return t
}

// failedTable lists the trials that did not finish, with their errors.
func failedTable(recs []results.Record) table {
	t := table{
		ID:      "failed",
		Caption: "Trials that timed out or failed: they are kept out of the figures and the headline tables, which say where a point is missing.",
		Header:  []string{"trial", "status", "error", "seconds"},
		Numeric: []bool{false, false, false, true},
		Empty:   "Every trial finished.",
	}
	for _, r := range sortRecords(recs) {
		if r.Status != results.StatusOK {
			t.Rows = append(t.Rows, []string{r.Name, r.Status, r.Error, fmt.Sprintf("%.1f", r.Seconds)})
		}
	}
	return t
}

// ms formats nanoseconds as milliseconds with 3 significant digits.
func ms(ns float64) string { return strconv.FormatFloat(ns/1e6, 'g', 3, 64) }

// sortRecords returns recs sorted by N, k, group set (in order of first
// appearance), series (exact first), search parameters and margin
// (numerically), threads, then name.
func sortRecords(recs []results.Record) []results.Record {
	order := map[string]int{}
	for _, r := range recs {
		if _, ok := order[plots.GroupsLabel(r)]; !ok {
			order[plots.GroupsLabel(r)] = len(order)
		}
	}
	out := slices.Clone(recs)
	slices.SortStableFunc(out, func(a, b results.Record) int {
		return cmp.Or(
			cmp.Compare(a.N, b.N), cmp.Compare(a.K, b.K),
			cmp.Compare(order[plots.GroupsLabel(a)], order[plots.GroupsLabel(b)]),
			plots.CompareSeries(plots.SeriesLabel(a), plots.SeriesLabel(b)),
			compareSearch(a.Search, b.Search), cmp.Compare(a.Margin, b.Margin),
			cmp.Compare(a.Threads, b.Threads), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// compareSearch orders search parameters by name, then value.
func compareSearch(a, b map[string]int) int {
	ka, kb := slices.Sorted(maps.Keys(a)), slices.Sorted(maps.Keys(b))
	if c := slices.Compare(ka, kb); c != 0 {
		return c
	}
	for _, k := range ka {
		if c := cmp.Compare(a[k], b[k]); c != 0 {
			return c
		}
	}
	return 0
}
