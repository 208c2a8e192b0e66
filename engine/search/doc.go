// Package search answers one kind of question — the k ECGs nearest to a
// query under the weighted group distance d of DESIGN §4 — with several
// strategies behind one API, so each can be scored against the truth:
//
//   - Exact: brute force under d (engine/exact); the ground truth.
//   - Single: one index over the full vector, each group's columns scaled by
//     1/√s_g so plain L2 on it equals d with unit weights. Equal-weight
//     all-group queries are answered by the index directly; any other query
//     takes ⌈k·margin⌉ candidates from it and re-ranks them exactly.
//   - Hybrid: one index per group. Each selected group returns ⌈k·margin⌉
//     candidates, which a Fusion rule merges: FusionZScore (the reference's
//     rule), FusionRRF (weighted reciprocal rank fusion) or FusionRerank
//     (exact d over the union of candidates).
//   - Auto: the reference's router: all groups selected → Single, otherwise
//     Hybrid.
//   - Subset: one index per queried group set and weight set, over the
//     selected columns scaled by √(w_g/s_g), so plain L2 on it is d itself;
//     it answers only that selection (⌈k·margin⌉ candidates, re-ranked).
//
// Every Answer carries distances under the true d, sorted by (d, id), and
// what the strategy did: which indexes it probed and how many candidates it
// scored. Strategies are safe for concurrent use; each query runs on one
// goroutine (latency is measured single-threaded).
package search
