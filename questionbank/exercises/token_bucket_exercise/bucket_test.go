package ratelimit

import (
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func allowed(b *Bucket, tries int) int {
	n := 0
	for range tries {
		if b.Allow() {
			n++
		}
	}
	return n
}

func TestANewBucketAllowsAFullBurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := NewBucket(1, 5)
		if n := allowed(b, 10); n != 5 {
			t.Errorf("a new bucket with burst 5 allowed %d of 10 immediate requests", n)
		}
	})
}

func TestTokensComeBackWithElapsedTimeUpToTheBurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := NewBucket(2, 4)
		allowed(b, 4)
		time.Sleep(time.Second)
		if n := allowed(b, 10); n != 2 {
			t.Errorf("after 1s at 2/s, %d requests were allowed, want 2", n)
		}
		time.Sleep(time.Hour)
		if n := allowed(b, 10); n != 4 {
			t.Errorf("after an idle hour, %d requests were allowed, want the burst of 4", n)
		}
	})
}

func TestConcurrentCallersNeverOverspend(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := NewBucket(1, 100)
		var granted atomic.Int32
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				granted.Add(int32(allowed(b, 20)))
			})
		}
		wg.Wait()
		if n := granted.Load(); n != 100 {
			t.Errorf("400 concurrent requests against a burst of 100 got %d tokens", n)
		}
	})
}

func TestItDoesNotStartAGoroutinePerBucket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for range 1000 {
			NewBucket(10, 10).Allow()
		}
		// The bubble fails the test if anything a bucket started is still running or blocked.
	})
}

func TestFractionalAndZeroRatesWork(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		slow := NewBucket(0.5, 1)
		never := NewBucket(0, 2)
		allowed(slow, 1)
		allowed(never, 2)
		time.Sleep(time.Second)
		if slow.Allow() {
			t.Error("at 0.5/s a token came back after only 1s")
		}
		time.Sleep(time.Second)
		if !slow.Allow() {
			t.Error("at 0.5/s no token came back after 2s")
		}
		time.Sleep(time.Hour)
		if never.Allow() {
			t.Error("a bucket with rate 0 refilled")
		}
	})
}

func TestANegativeOrNaNRateEarnsNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for _, rate := range []float64{-1, math.NaN()} {
			b := NewBucket(rate, 2)
			if n := allowed(b, 5); n != 2 {
				t.Errorf("rate %v: %d of 5 immediate requests were allowed, want the burst of 2", rate, n)
			}
			time.Sleep(time.Hour)
			if b.Allow() {
				t.Errorf("rate %v: a token came back after an hour", rate)
			}
		}
	})
}
