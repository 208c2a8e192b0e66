// Package report writes the report of a run: report.md and a
// self-contained report.html (inline SVG and CSS, no script, nothing
// fetched) in the run's folder, with the figures under figures/.
//
// # Pipeline
//
//	runDir/results.jsonl ──results.ReadJSONL──▶ records ──plots.All──▶ figures/*.png, *.svg
//	runDir/spec.toml (optional)                    │
//	figures/cohort-pca.* (optional, from the runner)│
//	                                               ▼
//	                                  page (sections, tables, figures)
//	                                     │                    │
//	                                 report.md           report.html
//
// The page is built once (build) from the records, the figures and the
// spec, then written twice: as Markdown, with figures as images linked to
// their files, and as HTML with each SVG inlined.
//
// # Sections
//
//   - Run: trial counts by status, warnings from reading the records.
//   - Machine: CPU, GOMAXPROCS, Go version, OS, commit, spec hash and
//     dataset fingerprints, from the records' provenance fields (every
//     distinct value, so a merge of shards from different machines shows).
//   - Spec: the spec.toml the runner copied into the run folder.
//   - Headline: per N, k and throughput thread count, the best QPS each
//     index config × strategy reaches at recall ≥ 0.95 and ≥ 0.99 (big-ann
//     style operating points), "—" when it never does. A setting of the
//     sweep counts only when it finished on every group set of that N and
//     k: its recall is its worst group set's mean recall, its QPS the
//     harmonic mean over the group sets (the throughput of a workload
//     mixing them equally).
//   - Figures, with captions and notes (see package plots).
//   - All trials: one row per record, failed ones included.
//   - Failed trials: the timed-out and errored trials with their errors.
package report
