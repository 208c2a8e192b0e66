// Package compare compares two ecgbench runs and gates a change on the
// result: it reads an OLD and a NEW bench.txt (Go benchmark format, as
// results.WriteBench writes it; a run folder stands for its bench.txt),
// prints a benchstat-style table per unit and decides, per benchmark,
// whether the change made it better, worse, or did not change it
// significantly. It is built on golang.org/x/perf: benchfmt reads the
// files, benchproc filters them, benchmath does the statistics.
//
// # Pipeline
//
//  1. Read both files with one benchfmt.Reader, so the unit metadata
//     (Unit recall better=higher assume=exact …) of both applies and a
//     conflict between them is an error. Syntax errors, unreadable files
//     and files without results are errors naming file and line; the
//     command exits with status 2 on them.
//  2. Keep the results Options.Filter selects (benchproc filter syntax,
//     e.g. "/n:100000 -/index:hnsw"), and group the values of each
//     benchmark name by unit: one sample per unit, one value per line
//     (per repeat).
//  3. Pair the benchmarks present in both files. A benchmark present in
//     only one file is listed and not failed: a spec that adds or drops
//     configurations does not regress the others.
//  4. Summarise and compare each sample as its unit's metadata says:
//     assume=exact (recall, same-cluster, B/index, build-s) takes the
//     value itself, with no interval; the default (latency ns/op, shown as
//     sec/op, and throughput queries/s) takes the median with its
//     confidence interval and compares with the Mann–Whitney U test.
//  5. Judge each comparison (see Verdicts).
//  6. With a Reference, also compare latency and throughput as ratios to
//     a reference configuration measured in the same file (see below);
//     then the ratios gate and the absolute times are shown only, unless
//     GateAbsoluteTime is set.
//  7. A benchmark is worse when any gated comparison is worse; the gate
//     fails when any benchmark is worse.
//
// # Verdicts
//
//   - Recall and same-cluster are worse when they fall by more than an
//     absolute tolerance (default 0: recall is deterministic for a fixed
//     seed; FAISS HNSW built with 2 threads varies by about ±0.005, so a
//     gate over it needs e.g. 0.01), better when they rise by more.
//   - Latency and throughput are worse only when the change is
//     significant (p < Alpha, default 0.05) with at least MinSamples
//     (default 6) samples on each side, and larger than a factor
//     1+TimeThreshold (default 1.10) in the bad direction; better
//     likewise in the good direction. With fewer samples the change is
//     shown with a warning and does not gate.
//   - Other units (index size, build time) are shown, never gated.
//
// # Reference syntax
//
// A reference is written as key=value pairs of benchmark-name keys,
// separated by commas or slashes and optionally led by a base name:
// "index=exact,strategy=exact", or a full name such as
// "Search/n=100000/index=flat/strategy=exact/groups=all/k=10". A benchmark
// is a reference when its name has all those pairs. The reference of any
// other benchmark is the one, in the same file, that agrees with it on
// every other key the reference has (and on the base name, unless the
// reference gives one): with "index=exact,strategy=exact", the reference
// of Search/n=100000/index=faiss-hnsw32/strategy=single/groups=hr+bp/k=10
// is Search/n=100000/index=exact/strategy=exact/groups=hr+bp/k=10. The
// i-th repeat of a benchmark is divided by the i-th repeat of its
// reference, so the ratio carries the noise of both: choose a threshold
// of at least three times the repeat-to-repeat noise. A reference that
// matches nothing in a file is an error.
//
// # Gate file
//
// LoadGateFile reads the thresholds from a TOML file whose keys are the
// Options fields in snake case (alpha, confidence, min_samples,
// recall_tolerance, same_cluster_tolerance, time_threshold, reference,
// gate_absolute_time, filter); unknown keys, wrong types and invalid
// values are errors naming file, line and key.
package compare
