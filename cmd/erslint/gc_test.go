package main

import (
	"runtime"
	"runtime/debug"
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
