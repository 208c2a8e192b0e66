// Package plots draws the figures of a run from its result records
// (results.Record), never re-running anything, as PNG and SVG with
// gonum.org/v1/plot.
//
// # Pipeline
//
// A figure is built in two steps. First a pure builder turns records into
// a Figure: panels of data series (Series: name, X, Y, style keys), axes,
// a legend, a title, a caption and notes. Tests check these series against
// golden files. Then render draws the Figure, one way for every figure:
// a title band, the panels in a grid, and the legend in its own column to
// the right, so it never covers data.
//
//	records ──FrontierFigures, LatencyFigures,──▶ []Figure ──guardLog──▶ render ──▶ NAME.png, NAME.svg
//	          RecallBarFigures, BuildFigure
//	rows, clusters ──CohortPCA──▶ Figure ──▶ cohort-pca.png, cohort-pca.svg
//
// All runs every builder and draws the results. CohortPCA needs the
// preprocessed cohort, which records do not hold, so the runner calls it
// with the data it has in memory.
//
// # Figures
//
//   - Frontier (recall@k vs QPS, QPS on a log axis): for each size N, k
//     and throughput thread count, a summary with one small panel per
//     group set (small multiples rather than an average over group sets,
//     which would hide where a strategy fails), and one larger figure per
//     group set that also shows every measured setting. A series is one
//     index config × strategy[-fusion]; its line is the Pareto frontier of
//     its parameter sweep (Frontier: a setting is dropped when another is
//     at least as fast and as accurate).
//   - Latency vs N, vs the number of selected groups, vs k, per index
//     config: p50 (solid) and p99 (dashed) single-thread latency beside
//     the mean recall. A point pools the raw per-query latencies and
//     recalls of every workload at that x, each at its operating point
//     (OperatingPoint: the fastest setting whose mean recall reaches
//     OperatingRecall, else the most accurate).
//   - Recall per group set (grouped bars), per index config and k at the
//     config's largest N: the best recall each strategy reached, which
//     shows where a fusion rule loses answers whatever the search effort.
//   - Build time and index memory vs N (log-log), per index config ×
//     strategy kind.
//   - The preprocessed cohort in 2-D (PCA), coloured by cluster.
//
// # Style
//
// One Palette serves all the figures of a run: a colour-blind-safe colour
// list (Okabe & Ito), assigned per namespace of style keys in a fixed
// order, so "hybrid-rrf" has the same colour in every figure, and marker
// shapes for index configs. In frontier figures colour is the strategy and
// the marker the index config. Points a log axis cannot show (≤ 0) are
// dropped before drawing, with a note on the figure; figures also note
// workloads that failed and so are missing from a pooled point or bar.
package plots
