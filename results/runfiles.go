package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Names of the run files inside a run's output folder.
const (
	JSONLFile = "results.jsonl"
	CSVFile   = "results.csv"
	BenchFile = "bench.txt"
)

// WriteRunFiles rewrites results.csv and bench.txt in dir from recs (all
// the run's records so far, in run order). Each file is replaced
// atomically (written to a temporary file in dir, synced, then renamed), so
// a reader or a run killed mid-write never sees a partial file. The
// runner appends each finished record to results.jsonl with AppendJSONL
// and then calls WriteRunFiles.
func WriteRunFiles(dir string, recs []Record) error {
	for _, f := range []struct {
		name  string
		write func(io.Writer, []Record) error
	}{{CSVFile, WriteCSV}, {BenchFile, WriteBench}} {
		var buf bytes.Buffer
		if err := f.write(&buf, recs); err != nil {
			return err
		}
		if err := WriteFileAtomic(filepath.Join(dir, f.name), buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// WriteJSONL replaces path atomically with recs, one JSON record a line,
// as AppendJSONL writes them.
func WriteJSONL(path string, recs []Record) error {
	var buf bytes.Buffer
	for _, r := range recs {
		line, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("results: encode %s: %w", r.Name, err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	return WriteFileAtomic(path, buf.Bytes())
}

// WriteFileAtomic writes data to path (mode 0644) through a temporary file
// in the same folder that is synced and renamed over path, so a reader or a
// process killed mid-write never sees a partial file.
func WriteFileAtomic(path string, data []byte) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return fmt.Errorf("results: write %s: %w", path, err)
	}
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("results: write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("results: write %s: %w", path, err)
	}
	return nil
}
