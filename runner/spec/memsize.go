package spec

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// byteUnits are the suffixes ParseBytes accepts, longest first so "GiB" is
// not read as "B".
var byteUnits = []struct {
	suffix string
	scale  float64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
	{"B", 1},
}

// ParseBytes reads a memory size such as "20GiB", "512 MiB", "1.5GB" or
// "1048576" (bytes). Binary units (KiB, MiB, GiB, TiB) are powers of 1024,
// decimal ones (KB, MB, GB, TB) powers of 1000. The size must be > 0.
func ParseBytes(s string) (int64, error) {
	num, scale := strings.TrimSpace(s), 1.0
	for _, u := range byteUnits {
		if strings.HasSuffix(num, u.suffix) {
			num, scale = strings.TrimSpace(strings.TrimSuffix(num, u.suffix)), u.scale
			break
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a memory size: write e.g. \"20GiB\", \"512MiB\" or \"1.5GB\"", s)
	}
	b := f * scale
	if b < 1 || b >= math.MaxInt64 {
		return 0, fmt.Errorf("%q: want a size between 1 byte and 8 EiB", s)
	}
	return int64(b), nil
}
