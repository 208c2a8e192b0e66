package runner

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/ecgbench/ecgbench/engine/exact"
)

// RecallTolerance is the relative slack on the true k-th distance within
// which a returned row still counts as a true neighbour (ties, float32
// rounding), as ann-benchmarks does.
const RecallTolerance = 1e-5

// Recall scores one answer against the exact one, ann-benchmarks style: a
// returned id counts when its true distance (recomputed by the caller, never
// taken from the strategy) is at most the true k-th distance plus
// RecallTolerance, and each id counts once. want is the exact top-k (or
// fewer, when the data has fewer rows); the result is in [0, 1].
func Recall(gotIDs []int64, gotTrue []float32, want []exact.Neighbor, k int) float64 {
	kk := min(k, len(want))
	if kk == 0 {
		return 1
	}
	limit := want[kk-1].Dist
	limit += float32(RecallTolerance) * max(limit, 1e-6)
	seen := make(map[int64]bool, len(gotIDs))
	hits := 0
	for i, id := range gotIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		if gotTrue[i] <= limit {
			hits++
		}
	}
	return float64(min(hits, kk)) / float64(kk)
}

// SameCluster is the share of answers whose cluster is the query's: the
// reference's own quality figure.
func SameCluster(ids []int64, clusters []uint8, queryCluster uint8) float64 {
	if len(ids) == 0 {
		return 0
	}
	same := 0
	for _, id := range ids {
		if clusters[id] == queryCluster {
			same++
		}
	}
	return float64(same) / float64(len(ids))
}

// ResetPeakRSS resets the kernel's peak resident set size of this process
// (VmHWM), so the next PeakRSS reads the peak of one stage. It reports
// whether the kernel allowed it.
func ResetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// PeakRSS reads VmHWM, the peak resident set size in bytes, from
// /proc/self/status; 0 when unavailable.
func PeakRSS() int64 { return statusBytes("VmHWM:") }

// RSS reads VmRSS in bytes; 0 when unavailable.
func RSS() int64 { return statusBytes("VmRSS:") }

func statusBytes(key string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, key) {
			continue
		}
		f := strings.Fields(line[len(key):])
		if len(f) == 0 {
			return 0
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}

// MemAvailable reads MemAvailable from /proc/meminfo in bytes.
func MemAvailable() (int64, error) {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, fmt.Errorf("runner: %w", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "MemAvailable:") {
			f := strings.Fields(line)
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				return 0, fmt.Errorf("runner: /proc/meminfo: %w", err)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("runner: /proc/meminfo has no MemAvailable")
}

// CPUModel reads the CPU model name from /proc/cpuinfo.
func CPUModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
