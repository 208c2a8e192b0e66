package exact

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/ecgbench/ecgbench/engine/dataset"
	"github.com/ecgbench/ecgbench/engine/schema"
)

// benchRows × 16 float32 is the 64 MB buffer every benchmark below reads, so
// their bytes/s compare directly: the preprocessed synthetic cohort, with
// its group scales and a holdout query.
const benchRows = 1_000_000

var (
	benchData   []float32
	benchScales []float64
	benchQuery  []float32
)

func benchBuffer() []float32 {
	if benchData == nil {
		opt := dataset.Options{N: benchRows, Seed: 1}
		d, m, err := dataset.Synthetic(opt)
		if err != nil {
			panic(err)
		}
		q, err := dataset.Queries(opt, m, 1)
		if err != nil {
			panic(err)
		}
		benchData, benchScales, benchQuery = d.Data, m.Scales, q.Data
	}
	return benchData
}

var sink float32

// cpuTime is the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loopCPU runs body b.N times under b.Loop and reports, next to the wall
// time, the process CPU time per op and the bytes per CPU second: on a
// machine shared with other jobs, wall time counts the time spent waiting
// for a core, CPU time does not.
func loopCPU(b *testing.B, bytes int64, body func()) {
	b.SetBytes(bytes)
	start := cpuTime()
	for b.Loop() {
		body()
	}
	cpu := float64(cpuTime()-start) / float64(b.N)
	b.ReportMetric(cpu, "cpu-ns/op")
	b.ReportMetric(float64(bytes)/cpu*1e3, "cpu-MB/s")
}

// BenchmarkReadLoop is the yardstick: a plain loop that reads every value of
// the buffer once (a sum with eight independent accumulators, so it is bound
// by memory, not by add latency).
func BenchmarkReadLoop(b *testing.B) {
	data := benchBuffer()
	loopCPU(b, int64(len(data))*4, func() { sink = readAll(data) })
}

// readAll sums data; it is a function of its own so the compiler keeps the
// accumulators in registers (the body of a b.Loop loop is not optimised).
func readAll(data []float32) float32 {
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	i := 0
	for ; i+8 <= len(data); i += 8 {
		v := data[i : i+8 : i+8]
		s0 += v[0]
		s1 += v[1]
		s2 += v[2]
		s3 += v[3]
		s4 += v[4]
		s5 += v[5]
		s6 += v[6]
		s7 += v[7]
	}
	for ; i < len(data); i++ {
		s0 += data[i]
	}
	return (s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7)
}

// BenchmarkSearch is one exact query, k = 100, over 1 M rows of 16-D: all
// groups with group scales (four spans), all groups with s_g = 1 (one
// 16-wide span), heart_rate + beat_props weighted 1, 2 with group scales
// (two spans); on one thread and on two.
func BenchmarkSearch(b *testing.B) {
	data := benchBuffer()
	s := schema.Default(5)
	cases := []struct {
		name    string
		groups  []string
		weights []float64
		scales  []float64
	}{
		{"all", s.Names(), nil, benchScales},
		{"all-unscaled", s.Names(), nil, nil},
		{"hr+bp", []string{schema.HeartRate, schema.BeatProps}, []float64{1, 2}, benchScales},
	}
	for _, c := range cases {
		sel, err := s.Select(c.groups, c.weights)
		if err != nil {
			b.Fatal(err)
		}
		m, err := Weighted(s, sel, c.scales)
		if err != nil {
			b.Fatal(err)
		}
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("groups=%s/threads=%d", c.name, threads), func(b *testing.B) {
				loopCPU(b, int64(len(data))*4, func() {
					if _, err := Search(data, m, benchQuery, 100, Options{Threads: threads}); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}
