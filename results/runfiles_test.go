package results

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteRunFiles(t *testing.T) {
	dir := t.TempDir()
	recs := sampleRecords()
	// Written twice, as the runner does after each trial: the second write
	// replaces the first.
	if err := WriteRunFiles(dir, recs[:1]); err != nil {
		t.Fatal(err)
	}
	if err := WriteRunFiles(dir, recs); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{CSVFile, func(b *bytes.Buffer) error { return WriteCSV(b, recs) }},
		{BenchFile, func(b *bytes.Buffer) error { return WriteBench(b, recs) }},
	} {
		var want bytes.Buffer
		if err := f.write(&want); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, f.name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s differs from a direct write", f.name)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want only %s and %s (no temporary files left)", names, CSVFile, BenchFile)
	}
}

func TestWriteRunFilesMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "absent")
	if err := WriteRunFiles(dir, sampleRecords()); err == nil {
		t.Error("WriteRunFiles into a missing folder succeeded")
	}
}
