package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

// After a collection that leaves more live than two thirds of the soft limit,
// the limit is raised to one and a half times the live heap, and at least
// 96 MiB over it, so that the collector does not run again and again as a
// run's findings grow; it never goes below its floor.
func TestGCTunerFollowsTheLiveHeap(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	const floor = 8 << 20
	tuner := &gcTuner{}
	tuner.floor.Store(floor)
	debug.SetMemoryLimit(floor)
	tuner.tune()
	if got := debug.SetMemoryLimit(-1); got < floor {
		t.Errorf("limit %d below its floor %d", got, floor)
	}
	kept := make([][]byte, 0, 64)
	for range 64 {
		kept = append(kept, make([]byte, 1<<20)) // 64 MiB live, far over the floor
	}
	runtime.GC()
	tuner.tune()
	if got := debug.SetMemoryLimit(-1); got < 160<<20 {
		t.Errorf("limit %d MiB with 64 MiB live, want at least 96 MiB more", got>>20)
	}
	runtime.KeepAlive(kept)

	// Armed, it runs by itself after a collection.
	debug.SetMemoryLimit(floor)
	kept = append(kept, make([]byte, 1<<20))
	tuner.arm()
	defer tuner.done.Store(true)
	for i := 0; i < 20 && debug.SetMemoryLimit(-1) == floor; i++ {
		runtime.GC()
		runtime.Gosched()
	}
	if got := debug.SetMemoryLimit(-1); got == floor {
		t.Error("the armed tuner did not run after a collection")
	}
	runtime.KeepAlive(kept)
}

// A cold start of lint on one manifest (the pre-commit case) runs no
// collection: internal/startgc sets lint's pace before the package
// initialisers that allocate most, and a start stays under it. The other
// commands go back to Go's default.
func TestColdStartRunsNoCollection(t *testing.T) {
	one := filepath.Join(t.TempDir(), "nhs-trust.yaml") // outside the repository: no context to read
	text, err := os.ReadFile("../../examples/nhs-trust.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(one, text, 0o644); err != nil {
		t.Fatal(err)
	}
	env := slices.DeleteFunc(freshCacheEnv(t), func(kv string) bool {
		for _, v := range []string{"GOGC=", "GOMEMLIMIT=", "GODEBUG=", "GOMAXPROCS="} {
			if strings.HasPrefix(kv, v) {
				return true
			}
		}
		return false
	})
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(binary, args...)
		// Two CPUs, as the machine the cold start is measured on: each CPU
		// parsing holds some memory of its own, and a start on many CPUs
		// may come nearer the pace's first collection.
		cmd.Env = append(env, "GODEBUG=gctrace=1,inittrace=1", "GOMAXPROCS=2")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("erslint %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return stderr.String()
	}
	collections := regexp.MustCompile(`(?m)^gc \d+ @`)

	trace := run("lint", "--no-cache", asOf, one)
	if n := len(collections.FindAllString(trace, -1)); n > 0 {
		t.Errorf("a cold start of lint on one manifest ran %d collections, want none:\n%s", n, trace)
	}
	// The pace is set before the JSON Schema library and OPA initialise.
	inits := regexp.MustCompile(`(?m)^init (\S+) @`).FindAllStringSubmatch(trace, -1)
	at := func(pkg string) int {
		return slices.IndexFunc(inits, func(m []string) bool { return m[1] == pkg })
	}
	start := at("github.com/erslint/erslint/cmd/erslint/internal/startgc")
	for _, pkg := range []string{"github.com/santhosh-tekuri/jsonschema/v6", "github.com/open-policy-agent/opa/v1/ast"} {
		if i := at(pkg); start < 0 || i < 0 || i < start {
			t.Errorf("package %s initialised at %d, before the collector's pace was set (%d)", pkg, i, start)
		}
	}

	// rules compiles the same policies at Go's default pace: it collects.
	if trace := run("rules"); !collections.MatchString(trace) {
		t.Errorf("erslint rules ran no collection: the default pace was not given back")
	}
}
