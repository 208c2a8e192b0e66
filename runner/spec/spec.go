package spec

import (
	"time"

	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/schema"
)

// Dataset sources.
const (
	SourceSynthetic = "synthetic" // the cohort generator
	SourceFile      = "file"      // a CSV of real model outputs
)

// Query modes.
const (
	ModeHoldout = "holdout" // fresh ECGs of the same cohort, another seed stream
	ModeSample  = "sample"  // rows of the dataset, each excluded from its own answer
)

// Normalisations (DESIGN §4).
const (
	NormalizeGroupScale = "group-scale" // s_g = mean squared distance of random pairs
	NormalizeNone       = "none"        // s_g = 1, the reference's behaviour
)

// Strategy kinds.
const (
	KindExact  = "exact"
	KindSingle = "single"
	KindHybrid = "hybrid"
	KindAuto   = "auto"
	// KindSubset searches one index per group set and weight set, built
	// over the selected columns scaled so that L2 on it is d itself.
	KindSubset = "subset"
)

// Fusion rules of the hybrid strategy.
const (
	FusionZScore = "zscore"
	FusionRRF    = "rrf"
	FusionRerank = "rerank"
)

// UniformWeights is the name of the weight set in which every group weighs
// 1. It is the only weight set when a spec lists none, and the trial names
// of its trials carry no weights= part.
const UniformWeights = "uniform"

// DefaultRRFK is the reciprocal-rank-fusion constant used when a strategy
// does not set rrf_k.
const DefaultRRFK = 60

// Spec is a validated experiment: what to generate, which indexes and
// strategies to measure on it, and how. Load and Parse fill every default,
// so each field holds the value the run will use. Fields tagged json:"-" are
// not part of the canonical form that Hash covers.
type Spec struct {
	// Name names the run folder (Run.OutDir/Name); [a-z0-9_-], required.
	Name string
	// Seed seeds the dataset and the queries; default 42.
	Seed uint64

	Dataset    Dataset
	Queries    Queries
	Indexes    []IndexConfig // the [[index]] tables, in file order
	Strategies []Strategy    // the [[strategy]] tables, in file order
	Run        Run

	// File is the name the spec was loaded from, as given to Load or Parse.
	File string `json:"-"`
	// Hash is the hex SHA-256 of the canonical form of the spec: every
	// decoded value with its defaults, not the file's bytes, so comments,
	// layout and spelled-out defaults do not change it.
	Hash string `json:"-"`
	// Schema is the feature-group schema of the dataset:
	// schema.Default(Dataset.PCA).
	Schema schema.Schema `json:"-"`
	// Warnings are problems that do not stop the run (a risk name mapped
	// to risk_scores, a backend built without cgo, k above a dataset size).
	Warnings []Problem `json:"-"`
}

// Dataset is the [dataset] table.
type Dataset struct {
	// Source is SourceSynthetic (default) or SourceFile.
	Source string
	// Sizes are the dataset sizes N, in file order. Synthetic: each ≥ 1,
	// required. File: the first N rows of the file; 0 means every row; the
	// default is [0].
	Sizes []int
	// Profile is the cohort profile TOML as written in the spec ("" = the
	// built-in table); synthetic only.
	Profile string
	// ProfilePath is Profile resolved against the spec file's directory.
	ProfilePath string `json:"-"`
	// File is the CSV of model outputs as written in the spec; required for
	// SourceFile, not allowed otherwise.
	File string
	// FilePath is File resolved against the spec file's directory.
	FilePath string `json:"-"`
	// EmbeddingDim is the raw embedding width: default 64 for synthetic
	// data; for a file, 0 (default) takes the width of its embedding_*
	// columns, and a positive value is the width the file must have.
	EmbeddingDim int
	// PCA is the number of embedding PCA components, 1..EmbeddingDim;
	// default 5.
	PCA int
	// Normalize is NormalizeGroupScale (default) or NormalizeNone.
	Normalize string
}

// Queries is the [queries] table.
type Queries struct {
	// Count is the number of queries, ≥ 1; default 100.
	Count int
	// Mode is ModeHoldout (default) or ModeSample.
	Mode string
	// K are the numbers of neighbours asked for, each ≥ 1; default [10].
	K []int
	// Groups are the group sets as written: canonical group names or single
	// risk names. Default: one set of all four groups.
	Groups [][]string
	// Weights are the weight sets; default one set, UniformWeights.
	Weights []WeightSet
}

// WeightSet is one [[queries.weights]] table: a named weighting of groups.
// It applies to a group set only if the set selects every group it names;
// the set's other groups weigh 1.
type WeightSet struct {
	// Name appears in trial names as weights=Name (except UniformWeights);
	// [a-z0-9_-], unique.
	Name string
	// Weights maps group names (canonical or single risk names) to weights,
	// each finite and > 0. Empty means all 1.
	Weights map[string]float64
}

// IndexConfig is one [[index]] table: a named backend configuration.
type IndexConfig struct {
	// Name is what strategies and trial names call it; [a-z0-9_-], unique.
	Name string
	// Backend is a registered index backend (flat, faiss, hnsw).
	Backend string
	// MaxN skips dataset sizes above it for this config; 0 = no cap.
	MaxN int
	// Build are the backend's build parameters (index.Params: string,
	// int64, float64 or bool values).
	Build index.Params
	// Search maps each search parameter to the values swept; trials take
	// the cartesian product of the lists. Each value ≥ 1.
	Search map[string][]int
}

// Strategy is one [[strategy]] table.
type Strategy struct {
	// Kind is KindExact, KindSingle, KindHybrid, KindAuto or KindSubset.
	Kind string
	// Index names the index configs to run the strategy with, one set of
	// trials each; required except for exact, which takes none. For hybrid
	// and auto it is the config of every group that GroupIndex does not
	// override; for auto also the config of the single index.
	Index []string
	// GroupIndex overrides the index config of single groups (canonical
	// group name → index config name); hybrid and auto only. An override
	// config runs at one search setting: each of its search lists must
	// hold one value.
	GroupIndex map[string]string
	// Fusion are the fusion rules swept; hybrid and auto only; default
	// [rerank].
	Fusion []string
	// Margin are the candidate multipliers swept, each ≥ 1: single fetches
	// k·margin candidates to re-rank, hybrid k·margin per group. Default
	// [1]; not allowed for exact.
	Margin []float64
	// RRFK is the rrf fusion constant, > 0; default DefaultRRFK.
	RRFK float64
}

// Run is the [run] table.
type Run struct {
	// Repeats is the number of timed passes over the query set, ≥ 1;
	// default 6 (benchstat needs 6 samples for a significant difference).
	Repeats int
	// Warmup is the number of queries run before timing, ≥ 0; default 10.
	Warmup int
	// Threads are the goroutine counts of the throughput pass, each ≥ 1;
	// each value is a trial dimension. Default [1].
	Threads []int
	// Timeout bounds one trial, > 0; default 20 minutes.
	Timeout time.Duration
	// CacheDir holds datasets, ground truth and indexes, relative to the
	// working directory; default ".cache".
	CacheDir string
	// OutDir holds the run folders (OutDir/Name); default "runs".
	OutDir string
	// MemoryLimit is the memory a build may use, in bytes; 0 (default)
	// means the MemAvailable of the machine at run time.
	MemoryLimit int64
}
