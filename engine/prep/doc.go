// Package prep turns raw ECG rows (cohort.Batch: heart rate, five risk
// scores, a D-wide embedding, five beat proportions) into the vectors that are
// indexed and searched, laid out by schema.Default(C):
//
//	[heart_rate (1) | risk_scores (5) | embedding (C) | beat_props (5)]
//
// Fit learns the transform from all rows or from a large sample (Reservoir
// draws one from a stream): a standard scaler for heart rate and for each risk
// score; a standard scaler per embedding dimension, then a PCA (covariance by
// gonum's stat.CovarianceMatrix, mat.EigenSym; components by decreasing
// eigenvalue, each with its largest |loading| positive); beat proportions pass
// through. It then estimates each group's scale s_g, the mean squared distance
// between random pairs of transformed rows, which the distance of DESIGN §4
// divides by (GroupScales picks them, or 1 for normalize = "none").
//
// Transform applies a fitted Model to a batch (on every core) and
// TransformRow to one row, e.g. a query. Save and Load keep a model in a JSON
// file with a SHA-256 checksum, so later queries use the same transform.
package prep
