// Package exact is the ground truth of ecgbench: brute-force top-k search
// under the weighted group distance of DESIGN §4,
//
//	d(x, q) = Σ_{g∈G} w_g · ||x_g − q_g||² / s_g
//
// over a row-major float32 matrix. A Metric compiles the selected groups,
// weights and scales into spans of columns with one coefficient each; TopK is
// a bounded max-heap ordered by (distance, id); Search scans row blocks on
// several goroutines and merges their heaps, so its answer never depends on
// the thread count. Within a block, rows are scanned in tiles of 256, span by
// span; once a heap is full, rows whose partial distance already exceeds its
// worst kept distance are dropped between spans (and, within a 16-wide span,
// after its first and its second quarter of columns). The arithmetic, and so
// every distance, stays identical to Metric.Dist. Results are sorted by
// distance, then id.
package exact
