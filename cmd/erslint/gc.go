package main

import (
	"os"
	"runtime/debug"
)

// tuneGC trades memory for time in a lint run of files files. Linting
// allocates a lot that lives for one document (about 170 KiB) and keeps little
// (its findings, packed, and the keys the cross-manifest rules compare: well
// under 1 KiB a document), so with Go's default, a collection each time the
// heap doubles, a third of the CPU went to the collector on 10,000 manifests.
// Collecting at five times the live heap instead, under a soft limit of
// 192 MiB, spends it on linting, and keeps memory flat from ten to a hundred
// thousand manifests. The limit grows (1 KiB a file) only past about 200,000
// files, so that a run whose findings alone approach it is not left collecting
// continuously. GOGC and GOMEMLIMIT, when set, are the user's choice and win.
func tuneGC(files int) {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(max(192<<20, int64(files)<<10))
	}
}
