// Package startgc holds the garbage collector back while erslint starts.
//
// A cold start of `erslint lint` on one manifest (the pre-commit case)
// allocates about 12 MiB: package initialisation (2.6 MiB, most of it the JSON
// Schema library's metaschemas), then parsing and compiling the Rego, which
// stays live as the compiled rules. With Go's default pace the first
// collection starts at a 4 MiB heap, during package initialisation, and
// finds little garbage; starting the collector's workers and marking cost
// more than it frees (4 to 8 ms of CPU, 4% of a cold start). Collecting at
// five times the live heap from the first allocation, as a lint run does
// anyway (cmd/erslint/gc.go), leaves a cold start without a collection.
//
// For that the setting must come before the large package initialisers. Go
// initialises packages in the order of their import paths once their imports
// are done: this one sorts before every third-party package and imports only
// os and runtime/debug, so it runs before them. It must import nothing else.
package startgc

import (
	"os"
	"runtime/debug"
)

// percent is the GOGC of a start: what tuneGC sets for a lint run.
const percent = 400

func init() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(percent)
	}
}

// Default gives the collector back Go's default pace (GOGC=100), unless GOGC
// is set: for the commands that do not tune it for themselves.
func Default() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(100)
	}
}
