// Package indextest is the conformance suite every index backend of ecgbench
// runs, plus the data and scoring helpers its benchmarks share.
//
// A backend's test describes one or more configurations (Config: how to make
// an empty index and load a saved one, the search parameters, whether answers
// must be exact, and the recall@10 it must reach) and calls Run for each. Run
// is one table of subtests over seeded clustered 16-D data (Clustered): answer
// shape (sorted by distance then id, unique ids in range, at most k), k larger
// than the index, an empty index, bad k, width mismatches and NaN/Inf rejected
// on Add and Search, Len/Dim after batched Adds, save → load giving identical
// answers, loads of corrupt files failing, concurrent searches agreeing with
// sequential ones (meant to run under -race), and recall@10 on 20 K vectors
// added in ten batches against exact.Search ground truth (Recall, Rescore).
package indextest
