// Package spec reads ecgbench experiment specs (TOML; the schema is
// documented key by key in experiments/README.md) and expands them into the
// trials the runner measures.
//
// The pipeline:
//
//  1. Load / Parse decode the TOML into a generic document and read it key
//     by key into a Spec, filling every default. Every problem is recorded
//     rather than returned at the first: TOML syntax, unknown keys, wrong
//     types, impossible values, names that refer to nothing (an index
//     config, a group, a backend, a search parameter), and build
//     parameters a backend rejects (checked by building an empty index of
//     each width the trials need, then closing it). The result is an
//     *Error listing them all as "file:line: key: message", in line order.
//     Problems that do not stop a run (a single risk mapped to
//     risk_scores, FAISS missing from a build without cgo, k above a
//     dataset size) become Spec.Warnings.
//  2. Spec.Trials expands the spec into Trials, the query grid: dataset
//     size × strategy × index config × group set × weight set × k ×
//     fusion × margin × search sweep point × threads, minus what cannot
//     differ (see Trial.Margin and Trial.Fusion) and what an index config's
//     max_n excludes. Each trial carries every setting the runner needs
//     and a benchmark name that slices well in benchstat.
//  3. Spec.Builds lists the build grid: each distinct index (dataset size,
//     group or full vector, backend, build parameters), so the runner
//     builds it once and runs every trial that searches it.
//  4. Shard splits the trials for --shard i/n without splitting a build
//     across shards; Spec.Hash identifies the spec's content in cache keys
//     and result provenance.
//
// Backends are looked up in the engine/index registry: a program that
// loads specs must import the backend packages it supports (usually all of
// engine/index/flat, faiss and hnsw) for their registration.
package spec
