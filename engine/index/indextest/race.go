//go:build race

package indextest

// raceEnabled reports a build with the race detector, under which Recall10
// is skipped: it checks answers, not synchronisation, and its 20 K-vector
// build runs 5–10× slower there.
const raceEnabled = true
