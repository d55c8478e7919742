package pool

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// work takes one second unless its context ends first; it records how many calls run at once.
type work struct {
	running, peak, started, finished atomic.Int32
	failOn                           int
}

func (w *work) do(ctx context.Context, item int) error {
	w.started.Add(1)
	now := w.running.Add(1)
	for {
		peak := w.peak.Load()
		if now <= peak || w.peak.CompareAndSwap(peak, now) {
			break
		}
	}
	defer func() {
		w.running.Add(-1)
		w.finished.Add(1)
	}()
	if item == w.failOn {
		return errItem
	}
	select {
	case <-time.After(time.Second):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

var errItem = errors.New("item failed")

func items(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

func TestItNeverRunsMoreThanLimitCallsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := &work{}
		start := time.Now()
		if err := ForEach(t.Context(), items(50), 4, w.do); err != nil {
			t.Fatalf("ForEach = %v", err)
		}
		if peak := w.peak.Load(); peak != 4 {
			t.Errorf("%d calls ran at once, the limit is 4", peak)
		}
		if took := time.Since(start); took != 13*time.Second {
			t.Errorf("50 one-second calls, 4 at a time, took %v; want 13s", took)
		}
	})
}

func TestAnErrorStopsNewCallsAndCancelsRunningOnes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := &work{failOn: 3}
		start := time.Now()
		err := ForEach(t.Context(), items(20), 3, w.do)
		if !errors.Is(err, errItem) {
			t.Errorf("ForEach = %v, want the failing item's error", err)
		}
		if started := w.started.Load(); started != 3 {
			t.Errorf("%d calls started; after item 3 failed no new call should start", started)
		}
		if took := time.Since(start); took != 0 {
			t.Errorf("took %v: the running calls were not cancelled", took)
		}
	})
}

func TestTheCallersCancellationStopsTheWork(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := &work{}
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(2500*time.Millisecond, cancel)
		err := ForEach(ctx, items(20), 2, w.do)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("ForEach = %v, want context.Canceled", err)
		}
		if started := w.started.Load(); started != 6 {
			t.Errorf("%d calls started; 2 at a time for 2.5s should start 6", started)
		}
	})
}

func TestItReturnsOnlyAfterEveryCallItStartedHasReturned(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := &work{failOn: 2}
		ForEach(t.Context(), items(10), 5, w.do)
		if started, finished := w.started.Load(), w.finished.Load(); started != finished {
			t.Errorf("ForEach returned with %d of %d calls still running", started-finished, started)
		}
	})
}
