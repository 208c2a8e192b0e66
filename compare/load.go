package compare

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"

	"github.com/ecgbench/ecgbench/results"
)

// benchFile is one side of a comparison: the benchmarks of one bench.txt.
type benchFile struct {
	path   string
	order  []string // benchmark names in order of first appearance
	byName map[string]*benchmark
}

// benchmark holds every sample of one benchmark name in one file.
type benchmark struct {
	name   string
	config map[string]string    // file configuration of its first line
	units  []string             // tidied units in order of appearance
	values map[string][]float64 // by tidied unit, one value per line
}

// resolve returns the bench.txt to read for path: the path itself, or
// bench.txt inside it when it is a run folder.
func resolve(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if st.IsDir() {
		p := filepath.Join(path, results.BenchFile)
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s is a folder without %s: %w", path, results.BenchFile, err)
		}
		return p, nil
	}
	return path, nil
}

// loadFiles reads the old and new bench files with one benchfmt.Reader,
// so unit metadata accumulates over both and a conflict between them is
// reported. Every syntax error of both files is returned at once, each as
// file:line: message. A file without any result is an error.
func loadFiles(oldPath, newPath string, filter *benchproc.Filter) (old, new *benchFile, units benchfmt.UnitMetadataMap, err error) {
	var rd benchfmt.Reader
	var errs []error
	read := func(arg string) *benchFile {
		path, err := resolve(arg)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		defer f.Close()
		bf := &benchFile{path: path, byName: make(map[string]*benchmark)}
		count := 0
		rd.Reset(f, path)
		for rd.Scan() {
			switch rec := rd.Result().(type) {
			case *benchfmt.SyntaxError:
				errs = append(errs, rec)
			case *benchfmt.Result:
				count++
				if ok, _ := filter.Apply(rec); ok {
					bf.add(rec)
				}
			}
		}
		if err := rd.Err(); err != nil {
			errs = append(errs, err)
		} else if count == 0 {
			errs = append(errs, fmt.Errorf("%s: no benchmark results", path))
		}
		return bf
	}
	old = read(oldPath)
	new = read(newPath)
	if len(errs) > 0 {
		return nil, nil, nil, errors.Join(errs...)
	}
	return old, new, rd.Units(), nil
}

func (bf *benchFile) add(res *benchfmt.Result) {
	name := res.Name.String()
	b := bf.byName[name]
	if b == nil {
		b = &benchmark{name: name, config: make(map[string]string), values: make(map[string][]float64)}
		for _, c := range res.Config {
			if c.File {
				b.config[c.Key] = string(c.Value)
			}
		}
		bf.byName[name] = b
		bf.order = append(bf.order, name)
	}
	for _, v := range res.Values {
		if _, seen := b.values[v.Unit]; !seen {
			b.units = append(b.units, v.Unit)
		}
		b.values[v.Unit] = append(b.values[v.Unit], v.Value)
	}
}
