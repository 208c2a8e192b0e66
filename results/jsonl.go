package results

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// AppendJSONL appends one record as a line to the file at path, creating it
// when missing, and syncs it, so a run killed later keeps this record.
func AppendJSONL(path string, r Record) error {
	line, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("results: encode %s: %w", r.Name, err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("results: %w", err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("results: append to %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("results: sync %s: %w", path, err)
	}
	return f.Close()
}

// ReadJSONL reads every record of a results.jsonl file. A last line cut short
// (a run killed while writing it) is dropped with a warning; any other bad
// line is an error naming the file and line.
func ReadJSONL(path string) (recs []Record, warnings []string, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("results: %w", err)
	}
	return parseJSONL(path, data)
}

func parseJSONL(path string, data []byte) ([]Record, []string, error) {
	var recs []Record
	var warnings []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var r Record
		if err := json.Unmarshal(text, &r); err != nil {
			last := !bytes.HasSuffix(data, []byte("\n")) && isLastLine(data, line)
			if last {
				warnings = append(warnings, fmt.Sprintf("%s:%d: incomplete last record dropped (interrupted run?)", path, line))
				continue
			}
			return nil, warnings, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if r.Name == "" {
			return nil, warnings, fmt.Errorf("%s:%d: record has no name", path, line)
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil && err != io.EOF {
		return nil, warnings, fmt.Errorf("%s: %w", path, err)
	}
	return recs, warnings, nil
}

func isLastLine(data []byte, line int) bool {
	return bytes.Count(bytes.TrimRight(data, "\n"), []byte("\n"))+1 == line
}
