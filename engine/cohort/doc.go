// Package cohort generates the synthetic ECG cohort of DESIGN §2: per ECG a
// cluster (condition), a heart rate, five risk scores, a D-dimensional model
// embedding and five beat-type proportions.
//
// The cohort's parameters are data: a TOML Profile (default.toml, embedded,
// holds the reference's six clusters; LoadProfile reads another file and
// rejects unknown keys and impossible values, naming file, cluster and key).
//
// Generation streams. A Generator draws the cluster centres once per seed;
// Generate fills a Batch with any row range of a stream. Rows are drawn in
// fixed blocks of BlockRows, each from its own ChaCha8 source keyed by
// (seed, stream, block), so the rows are the same whatever the chunk size
// or the number of goroutines, and 10 M rows never need to be held at once.
// Per row: cluster ~ Categorical(shares); heart rate ~ Normal(mu, sigma)
// clipped; each risk ~ Beta(a, b) with the cluster's mean and the risk's
// variance; embedding = centre + N(0, 1)·scale; beat proportions ~
// Dirichlet(concentration · props). Normal, Beta and the Gamma draws behind
// the Dirichlet come from gonum's stat/distuv.
package cohort
