package stats

import (
	"sync"
	"testing"
	"unsafe"
)

const lineSize = 64 // the smallest common cache line; two addresses this far apart never share one

func TestTheCountersCountIndependently(t *testing.T) {
	var s Stats
	var wg sync.WaitGroup
	wg.Go(func() {
		for range 10000 {
			s.Hits.Add(1)
		}
	})
	wg.Go(func() {
		for range 5000 {
			s.Misses.Add(1)
		}
	})
	wg.Wait()
	if s.Hits.Load() != 10000 || s.Misses.Load() != 5000 {
		t.Errorf("Hits = %d, Misses = %d; want 10000 and 5000", s.Hits.Load(), s.Misses.Load())
	}
}

// Padding between the counters is the fix the test requires. The reference also pads before Hits
// and after Misses, so data next to a Stats cannot share a counter's line either; that is a
// refinement for the rubric to credit, not something a correct fix must have.
func TestHitsAndMissesNeverShareACacheLine(t *testing.T) {
	var s Stats
	if gap := unsafe.Offsetof(s.Misses) - unsafe.Offsetof(s.Hits); gap < lineSize {
		t.Errorf("Misses starts %d bytes after Hits; they can share a %d-byte line", gap, lineSize)
	}
}

// Run before and after the fix on a machine with several physical cores: go test -bench=Stats
// Each goroutine makes b.N increments to its own counter, so ns/op is the time for one of each.
func BenchmarkStats(b *testing.B) {
	var s Stats
	var wg sync.WaitGroup
	wg.Go(func() {
		for range b.N {
			s.Hits.Add(1)
		}
	})
	wg.Go(func() {
		for range b.N {
			s.Misses.Add(1)
		}
	})
	wg.Wait()
}
