package counter

import (
	"sync"
	"testing"
	"testing/synctest"
)

func TestItCountsEveryIncrementFromManyGoroutines(t *testing.T) {
	c := NewCounter()
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 1000 {
				c.Inc()
			}
		})
	}
	wg.Wait()
	if got := c.Value(); got != 16000 {
		t.Fatalf("Value() = %d after 16,000 increments", got)
	}
}

func TestReadingTheValueDoesNotAllocate(t *testing.T) {
	c := NewCounter()
	c.Inc()
	if allocs := testing.AllocsPerRun(100, func() { _ = c.Value() }); allocs != 0 {
		t.Errorf("Value() allocates %.0f times per call; a metrics scrape should not", allocs)
	}
}

// The bubble fails the test if any goroutine the code under test started is still blocked when
// the test function returns: a Counter must not leave one behind.
func TestItLeavesNoGoroutineBehind(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := NewCounter()
		c.Inc()
		if got := c.Value(); got != 1 {
			t.Errorf("Value() = %d after one increment", got)
		}
	})
}

// Run with: go test -bench=Inc -cpu=1,4,16
func BenchmarkInc(b *testing.B) {
	c := NewCounter()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Inc()
		}
	})
}
