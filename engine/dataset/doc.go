// Package dataset builds, stores and reads preprocessed ECG cohorts.
//
// Pipeline. Synthetic streams the cohort generator (engine/cohort) in
// chunks, fits the preprocessing (engine/prep) on the first FitRows rows and
// transforms every chunk into one float32 matrix, so raw 64-D embeddings are
// never all held at once. Queries draws holdout rows from stream 1 of the
// same cohort and transforms them with the same model. FromCSV does the same
// for a team's real model outputs in a raw CSV file (two passes: a seeded
// reservoir sample to fit on, then the transform).
//
// Files. A Dataset is written as one versioned binary file (see file.go for
// the layout): metadata (schema, rows, cluster names, seed, stream, profile
// hash, model hash, group scales, source), the row-major float32 matrix, the
// cluster of each row and, for real data, the ids; then a SHA-256 over all of
// it. That SHA-256 is the dataset's fingerprint, which identifies its content
// in results and caches; Read recomputes it and rejects a truncated or
// altered file, naming the file.
//
// CSV. CSVWriter exports raw rows (id, cluster, heart_rate, risk_*,
// embedding_*, prop_*) for pandas or polars; OpenCSV and ReadRawCSV read the
// same columns, in any order and without cluster, from real model outputs,
// with errors that name file, line and column.
package dataset
