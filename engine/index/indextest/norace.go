//go:build !race

package indextest

// raceEnabled reports a build with the race detector (see race.go).
const raceEnabled = false
