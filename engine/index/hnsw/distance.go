package hnsw

import (
	coder "github.com/coder/hnsw"

	"github.com/ecgbench/ecgbench/engine/exact"
)

// distanceName is the name squaredL2 is registered under; Export stores it
// and Import looks it up.
const distanceName = "ecgbench-squared-euclidean"

func init() { coder.RegisterDistanceFunc(distanceName, squaredL2) }

// squaredL2 is the graph's distance: exact's squared Euclidean distance
// (the metric value does not escape, so it costs no allocation). The library
// only compares distances, never adds or scales them, so squared Euclidean
// orders nodes exactly as Euclidean does and saves the square root; the
// distances Search reports are therefore bit-identical to flat's.
func squaredL2(a, b []float32) float32 { return exact.L2(len(a)).Dist(a, b) }
