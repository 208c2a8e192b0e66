package results

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// csvColumn is one column of results.csv: its header and how a Record
// field is formatted into it and parsed back.
type csvColumn struct {
	name string
	get  func(r *Record) (string, error)
	set  func(r *Record, s string) error
}

// csvColumns is the column order of results.csv: identity, configuration,
// summary measures, provenance. Raw per-query data stays in results.jsonl.
// Floats are written in the shortest form that reads back exactly; lists
// (groups, weights) are joined with "+"; maps (build, search, extra) are
// JSON objects; started is RFC 3339 with nanoseconds.
var csvColumns = []csvColumn{
	strCol("name", func(r *Record) *string { return &r.Name }),
	strCol("status", func(r *Record) *string { return &r.Status }),
	strCol("error", func(r *Record) *string { return &r.Error }),
	intCol("n", func(r *Record) *int { return &r.N }),
	strCol("index", func(r *Record) *string { return &r.Index }),
	strCol("backend", func(r *Record) *string { return &r.Backend }),
	jsonCol("build", func(r *Record) any { return &r.Build }, func(r *Record) bool { return len(r.Build) == 0 }),
	jsonCol("search", func(r *Record) any { return &r.Search }, func(r *Record) bool { return len(r.Search) == 0 }),
	strCol("strategy", func(r *Record) *string { return &r.Strategy }),
	strCol("fusion", func(r *Record) *string { return &r.Fusion }),
	floatCol("margin", func(r *Record) *float64 { return &r.Margin }),
	{
		name: "groups",
		get: func(r *Record) (string, error) {
			for _, g := range r.Groups {
				if g == "" || strings.Contains(g, "+") {
					return "", fmt.Errorf("group %q cannot be joined with +", g)
				}
			}
			return strings.Join(r.Groups, "+"), nil
		},
		set: func(r *Record, s string) error {
			r.Groups = nil
			if s != "" {
				r.Groups = strings.Split(s, "+")
			}
			return nil
		},
	},
	{
		name: "weights",
		get: func(r *Record) (string, error) {
			parts := make([]string, len(r.Weights))
			for i, w := range r.Weights {
				parts[i] = formatFloat(w)
			}
			return strings.Join(parts, "+"), nil
		},
		set: func(r *Record, s string) error {
			r.Weights = nil
			if s == "" {
				return nil
			}
			for _, part := range strings.Split(s, "+") {
				w, err := strconv.ParseFloat(part, 64)
				if err != nil {
					return err
				}
				r.Weights = append(r.Weights, w)
			}
			return nil
		},
	},
	intCol("k", func(r *Record) *int { return &r.K }),
	intCol("queries", func(r *Record) *int { return &r.Queries }),
	intCol("threads", func(r *Record) *int { return &r.Threads }),
	jsonCol("extra", func(r *Record) any { return &r.Extra }, func(r *Record) bool { return len(r.Extra) == 0 }),
	floatCol("latency_mean_ns", func(r *Record) *float64 { return &r.LatencyMeanNs }),
	floatCol("latency_p50_ns", func(r *Record) *float64 { return &r.LatencyP50Ns }),
	floatCol("latency_p95_ns", func(r *Record) *float64 { return &r.LatencyP95Ns }),
	floatCol("latency_p99_ns", func(r *Record) *float64 { return &r.LatencyP99Ns }),
	floatCol("qps", func(r *Record) *float64 { return &r.QPS }),
	floatCol("recall_mean", func(r *Record) *float64 { return &r.RecallMean }),
	floatCol("recall_p5", func(r *Record) *float64 { return &r.RecallP5 }),
	floatCol("recall_min", func(r *Record) *float64 { return &r.RecallMin }),
	floatCol("same_cluster", func(r *Record) *float64 { return &r.SameCluster }),
	intCol("short_answers", func(r *Record) *int { return &r.ShortAnswers }),
	floatCol("candidates_mean", func(r *Record) *float64 { return &r.Candidates }),
	floatCol("build_seconds", func(r *Record) *float64 { return &r.BuildSeconds }),
	int64Col("index_bytes", func(r *Record) *int64 { return &r.IndexBytes }),
	int64Col("strategy_bytes", func(r *Record) *int64 { return &r.StrategyBytes }),
	int64Col("peak_rss_bytes", func(r *Record) *int64 { return &r.PeakRSSBytes }),
	strCol("spec_name", func(r *Record) *string { return &r.SpecName }),
	strCol("spec_hash", func(r *Record) *string { return &r.SpecHash }),
	strCol("fingerprint", func(r *Record) *string { return &r.Fingerprint }),
	strCol("commit", func(r *Record) *string { return &r.Commit }),
	strCol("go_version", func(r *Record) *string { return &r.GoVersion }),
	strCol("cpu", func(r *Record) *string { return &r.CPU }),
	strCol("goos", func(r *Record) *string { return &r.GOOS }),
	strCol("goarch", func(r *Record) *string { return &r.GOARCH }),
	intCol("gomaxprocs", func(r *Record) *int { return &r.GOMAXPROCS }),
	{
		name: "started",
		get: func(r *Record) (string, error) {
			if r.Started.IsZero() {
				return "", nil
			}
			return r.Started.Format(time.RFC3339Nano), nil
		},
		set: func(r *Record, s string) error {
			r.Started = time.Time{}
			if s == "" {
				return nil
			}
			t, err := time.Parse(time.RFC3339Nano, s)
			r.Started = t
			return err
		},
	},
	floatCol("seconds", func(r *Record) *float64 { return &r.Seconds }),
}

// CSVHeader returns the column names of results.csv in order.
func CSVHeader() []string {
	h := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		h[i] = c.name
	}
	return h
}

// WriteCSV writes a header and one row per record with the summary and
// configuration columns of CSVHeader, in that order. Raw per-query data
// (latencies, recalls, repeats) is not written: it lives in results.jsonl.
func WriteCSV(w io.Writer, recs []Record) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader()); err != nil {
		return fmt.Errorf("results: write csv header: %w", err)
	}
	row := make([]string, len(csvColumns))
	for i := range recs {
		for j, c := range csvColumns {
			s, err := c.get(&recs[i])
			if err != nil {
				return fmt.Errorf("results: csv record %q column %s: %w", recs[i].Name, c.name, err)
			}
			row[j] = s
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("results: write csv record %q: %w", recs[i].Name, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("results: write csv: %w", err)
	}
	return nil
}

// ReadCSV reads records written by WriteCSV; name is used in error
// messages. Columns are matched by header name, so a file whose columns a
// spreadsheet reordered still reads; a missing, unknown or repeated column
// is an error, as is a bad value, named by file, line and column.
func ReadCSV(r io.Reader, name string) ([]Record, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty file, want a header line", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	byName := make(map[string]int, len(csvColumns))
	for i, c := range csvColumns {
		byName[c.name] = i
	}
	cols := make([]*csvColumn, len(header))
	seen := make(map[string]bool, len(header))
	for i, h := range header {
		j, ok := byName[h]
		if !ok {
			return nil, fmt.Errorf("%s:1: unknown column %q", name, h)
		}
		if seen[h] {
			return nil, fmt.Errorf("%s:1: column %q appears twice", name, h)
		}
		seen[h] = true
		cols[i] = &csvColumns[j]
	}
	for _, c := range csvColumns {
		if !seen[c.name] {
			return nil, fmt.Errorf("%s:1: missing column %q", name, c.name)
		}
	}
	var recs []Record
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return recs, nil
		}
		if err != nil {
			// csv.ParseError already names the line.
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		var rec Record
		for i, s := range row {
			if err := cols[i].set(&rec, s); err != nil {
				return nil, fmt.Errorf("%s:%d: column %s: %w", name, line, cols[i].name, err)
			}
		}
		recs = append(recs, rec)
	}
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func strCol(name string, field func(*Record) *string) csvColumn {
	return csvColumn{
		name: name,
		get:  func(r *Record) (string, error) { return *field(r), nil },
		set:  func(r *Record, s string) error { *field(r) = s; return nil },
	}
}

func intCol(name string, field func(*Record) *int) csvColumn {
	return csvColumn{
		name: name,
		get:  func(r *Record) (string, error) { return strconv.Itoa(*field(r)), nil },
		set: func(r *Record, s string) (err error) {
			*field(r), err = strconv.Atoi(s)
			return err
		},
	}
}

func int64Col(name string, field func(*Record) *int64) csvColumn {
	return csvColumn{
		name: name,
		get:  func(r *Record) (string, error) { return strconv.FormatInt(*field(r), 10), nil },
		set: func(r *Record, s string) (err error) {
			*field(r), err = strconv.ParseInt(s, 10, 64)
			return err
		},
	}
}

func floatCol(name string, field func(*Record) *float64) csvColumn {
	return csvColumn{
		name: name,
		get:  func(r *Record) (string, error) { return formatFloat(*field(r)), nil },
		set: func(r *Record, s string) (err error) {
			*field(r), err = strconv.ParseFloat(s, 64)
			return err
		},
	}
}

// jsonCol is a column holding a map field as a JSON object, empty when the
// map is empty.
func jsonCol(name string, field func(*Record) any, empty func(*Record) bool) csvColumn {
	return csvColumn{
		name: name,
		get: func(r *Record) (string, error) {
			if empty(r) {
				return "", nil
			}
			b, err := json.Marshal(field(r))
			return string(b), err
		},
		set: func(r *Record, s string) error {
			if s == "" {
				return nil
			}
			return json.Unmarshal([]byte(s), field(r))
		},
	}
}
