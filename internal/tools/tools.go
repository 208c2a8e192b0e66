//go:build tools

// Package tools pins the modules the project depends on before every package
// that imports them exists, so parallel work never races on go.mod.
package tools

import (
	_ "github.com/BurntSushi/toml"
	_ "github.com/coder/hnsw"
	_ "github.com/vbauerster/mpb/v8"
	_ "golang.org/x/perf/benchfmt"
	_ "golang.org/x/perf/benchmath"
	_ "golang.org/x/perf/benchproc"
	_ "gonum.org/v1/gonum/mat"
	_ "gonum.org/v1/gonum/stat/distuv"
	_ "gonum.org/v1/plot"
)
