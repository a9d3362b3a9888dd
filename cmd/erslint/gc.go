package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// tuneGC trades memory for time in a lint run. Linting
// allocates a lot that lives for one document (about 170 KiB) and keeps little
// (its findings, packed, and the keys the cross-manifest rules compare), so
// with Go's default, a collection each time the heap doubles, a third of the
// CPU went to the collector on 10,000 manifests. Collecting at five times the
// live heap instead, under a soft limit of 192 MiB, spends it on linting, and
// keeps memory flat for clean manifests.
//
// What a run keeps grows with its findings, though, and a fixed soft limit
// does not: once the findings kept neared it, the collector ran again and
// again (37% of the CPU on 30,000 small broken files, 720,000 findings), and
// time grew with the square of the findings. So the limit follows the live
// heap: after every collection it is set to at least one and a half times
// what that collection left live, so each collection frees at least half as
// much as is live and the collector's cost stays proportional to the
// allocation, while memory stays proportional to the findings kept (one and a
// half, not two: a single dense 10 MiB file must stay under 300 MiB). And at
// least 96 MiB over it: with the findings packed, 100,000 broken files keep
// some 130 MiB live, and half of that as room made the collector run 550
// times (a limit at most 288 MiB while the live heap is under 192 MiB, as
// one and a half times it would be at 192). GOGC and GOMEMLIMIT, when set,
// are the user's choice and win.
//
// It is called before the rules are compiled, which is already most of a
// cold start's garbage; the run's files, once known, raise the floor
// (gcTuner.expect). nil: the user's GOMEMLIMIT decides.
func tuneGC() *gcTuner {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return nil
	}
	t := &gcTuner{}
	t.floor.Store(192 << 20)
	debug.SetMemoryLimit(192 << 20)
	t.arm()
	return t
}

// expect raises the floor for a run of files files: 1 KiB each.
func (t *gcTuner) expect(files int) {
	if t == nil {
		return
	}
	if f := int64(files) << 10; f > t.floor.Load() {
		t.floor.Store(f)
		debug.SetMemoryLimit(max(f, debug.SetMemoryLimit(-1)))
	}
}

// gcTuner raises the soft memory limit after each collection that leaves more
// than two thirds of it live; it never lowers it below floor.
type gcTuner struct {
	floor  atomic.Int64
	sample []metrics.Sample
	done   atomic.Bool // set to stop (tests)
}

// sentinel is garbage as soon as it is made, so its finalizer runs after the
// next collection. It holds a pointer and is larger than 16 bytes, so that it
// is never a tiny allocation (which may share a block and never be finalized).
type sentinel struct {
	t *gcTuner
	_ [32]byte
}

func (t *gcTuner) arm() {
	runtime.SetFinalizer(&sentinel{t: t}, func(s *sentinel) {
		if s.t.done.Load() {
			return
		}
		s.t.tune()
		s.t.arm()
	})
}

func (t *gcTuner) tune() {
	if t.sample == nil {
		t.sample = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	}
	metrics.Read(t.sample)
	if t.sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	live := int64(t.sample[0].Value.Uint64())
	debug.SetMemoryLimit(max(t.floor.Load(), live+max(live/2, 96<<20)))
}
