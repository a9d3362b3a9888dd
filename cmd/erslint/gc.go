package main

import (
	"os"
	"runtime/debug"
)

// tuneGC trades memory for time in a lint run. Linting allocates a lot that
// lives for one document and keeps little, so with Go's default (a collection
// each time the heap doubles) a third of the CPU went to the collector on a
// 10,000-manifest run. Collecting at five times the live heap instead, with a
// soft limit that brings collections back before the heap passes 192 MiB,
// spends it on linting and keeps a large run's memory bounded. GOGC and
// GOMEMLIMIT, when set, are the user's choice and win.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(192 << 20)
	}
}
