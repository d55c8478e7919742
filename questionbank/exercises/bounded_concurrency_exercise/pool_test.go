package pool

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// work takes one second unless its context ends first. It records how many calls run at once,
// how many started and finished, and the highest item a call was started for.
type work struct {
	running, peak, started, finished, last atomic.Int32
	failOn                                 int
}

func (w *work) do(ctx context.Context, item int) error {
	w.started.Add(1)
	for {
		last := w.last.Load()
		if int32(item) <= last || w.last.CompareAndSwap(last, int32(item)) {
			break
		}
	}
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

// Items 1 to 3 fill the three slots; item 3 fails at once while 1 and 2 would take a second, so
// a slot frees up only through the failure and no later item may start. A correct ForEach may
// also skip item 1 or 2 if item 3 fails before their calls begin.
//
// The test runs many times because a common bug hides behind chance: a feeder that selects
// between handing out the next item and ctx.Done() picks at random when both are ready, and so
// starts one more call after the error about half the time. In fake time the runs cost nothing,
// and a feeder with that bug survives all of them with a probability below one in 10^12.
func TestAnErrorStopsNewCallsAndCancelsRunningOnes(t *testing.T) {
	for run := 1; run <= 50; run++ {
		synctest.Test(t, func(t *testing.T) {
			w := &work{failOn: 3}
			start := time.Now()
			err := ForEach(t.Context(), items(20), 3, w.do)
			if !errors.Is(err, errItem) {
				t.Fatalf("run %d: ForEach = %v, want the failing item's error", run, err)
			}
			if last := w.last.Load(); last > 3 {
				t.Fatalf("run %d: a call for item %d started after item 3 failed; after an error no new call may start", run, last)
			}
			if took := time.Since(start); took != 0 {
				t.Fatalf("run %d: took %v: the running calls were not cancelled", run, took)
			}
		})
	}
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
		if started, last := w.started.Load(), w.last.Load(); started != 6 || last != 6 {
			t.Errorf("%d calls started, the last for item %d; 2 at a time for 2.5s should start items 1 to 6 and no more", started, last)
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
