package main

import (
	"os"
	"runtime/debug"
)

// tuneGC trades memory for time in a lint run of files files. Linting
// allocates a lot that lives for one document and keeps little (its findings
// and the keys the cross-manifest rules compare, about 2 KiB a document), so
// with Go's default, a collection each time the heap doubles, a third of the
// CPU went to the collector on 10,000 manifests. Collecting at five times the
// live heap instead, under a soft limit of 192 MiB plus 4 KiB a file, spends
// it on linting: the limit keeps memory bounded, and grows with what a run must
// keep, so that a very large run is not left collecting continuously at a
// limit its findings alone exceed. GOGC and GOMEMLIMIT, when set, are the
// user's choice and win.
func tuneGC(files int) {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(192<<20 + int64(files)<<12)
	}
}
