package refdata

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"syscall"
	"testing"
	"time"
)

// Synthetic builds a document of n organisations shaped like the register:
// trusts, practices, sub-ICB locations and providers, one in seven closed
// with a successor.
func Synthetic(n int) *Document {
	d := &Document{Format: Format, Source: "synthetic", Extracted: "2026-11-30",
		Covers: []string{"RO197", "RO177", "RO76", "RO98", "RO319", "RO172"}, Organisations: make(map[string]*Organisation, n)}
	roles := [][]string{{"RO197", "RO57"}, {"RO177", "RO76"}, {"RO98", "RO319"}, {"RO172"}}
	for i := range n {
		code := fmt.Sprintf("X%05d", i)
		o := &Organisation{Name: fmt.Sprintf("EXAMPLE ORGANISATION NUMBER %d HEALTH CENTRE", i), Roles: roles[i%4],
			PrimaryRole: roles[i%4][0], Opened: fmt.Sprintf("19%02d-04-01", 50+i%50)}
		if i%7 == 0 {
			o.Closed, o.Successor = "2019-03-31", fmt.Sprintf("X%05d", i+1)
		}
		d.Organisations[code] = o
	}
	return d
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLoad250k loads a file of 250,000 organisations (the size of the
// whole register). Besides ns/op (wall time, noisy on a shared machine) it
// reports cpu-ms/op, the CPU time of a load (the garbage collector's included),
// and live-MiB, the heap the loaded document holds, and peak-MiB, the most
// the heap held during a load (file bytes included).
func BenchmarkLoad250k(b *testing.B) {
	f, err := os.Create(filepath.Join(b.TempDir(), "refdata.json"))
	if err != nil {
		b.Fatal(err)
	}
	if err := Synthetic(250_000).Write(f); err != nil {
		b.Fatal(err)
	}
	f.Close()
	info, _ := os.Stat(f.Name())
	b.SetBytes(info.Size())
	b.ReportAllocs()
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var live, peak uint64
	var cpu time.Duration
	stop := make(chan struct{})
	done := make(chan uint64)
	go func() { // samples the heap during the loads
		var most uint64
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			select {
			case <-stop:
				done <- most
				return
			case <-time.After(2 * time.Millisecond):
				metrics.Read(sample) // no stop-the-world, unlike ReadMemStats
				most = max(most, sample[0].Value.Uint64())
			}
		}
	}()
	b.ResetTimer()
	for b.Loop() {
		c := cpuTime()
		d, err := Load(f.Name(), 0)
		cpu += cpuTime() - c
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		live = max(live, m.HeapAlloc-base.HeapAlloc)
		runtime.KeepAlive(d)
		d = nil
		runtime.GC()
		b.StartTimer()
	}
	close(stop)
	peak = <-done
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(live)/(1<<20), "live-MiB")
	b.ReportMetric(float64(peak-base.HeapAlloc)/(1<<20), "peak-MiB")
}
