package first

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// fakeFetch answers each URL after its delay, or fails with ctx's error if ctx ends first.
// It counts the fetches that were told to stop.
type fakeFetch struct {
	delays    map[string]time.Duration
	fail      bool
	cancelled atomic.Int32
}

func (f *fakeFetch) fetch(ctx context.Context, url string) (string, error) {
	select {
	case <-time.After(f.delays[url]):
		if f.fail {
			return "", errors.New(url + ": 503")
		}
		return "body of " + url, nil
	case <-ctx.Done():
		f.cancelled.Add(1)
		return "", ctx.Err()
	}
}

var urls = []string{"a", "b", "c"}

// Every synctest.Test below also fails if a goroutine started by FirstResult is still blocked
// when the test function returns. Tests that pass context.Background() do so because t.Context()
// is cancelled when the test function returns, which would unblock a leaked fetch and hide it.

func TestItFailsFastWhenEveryFetchFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fakeFetch{delays: map[string]time.Duration{"a": 10 * time.Millisecond, "b": 20 * time.Millisecond, "c": 30 * time.Millisecond}, fail: true}
		start := time.Now()
		if _, err := FirstResult(t.Context(), urls, f.fetch); err == nil {
			t.Fatal("FirstResult succeeded although every fetch failed")
		}
		if waited := time.Since(start); waited != 30*time.Millisecond {
			t.Errorf("returned after %v; the last fetch failed after 30ms", waited)
		}
	})
}

func TestItStopsWhenTheCallerGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fakeFetch{delays: map[string]time.Duration{"a": time.Second, "b": time.Second, "c": time.Second}}
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(50*time.Millisecond, cancel)
		start := time.Now()
		_, err := FirstResult(ctx, urls, f.fetch)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want one wrapping context.Canceled", err)
		}
		if waited := time.Since(start); waited != 50*time.Millisecond {
			t.Errorf("returned after %v; the caller cancelled after 50ms", waited)
		}
	})
}

func TestItReturnsTheFastestBodyAndCancelsTheRest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fakeFetch{delays: map[string]time.Duration{"a": 300 * time.Millisecond, "b": 100 * time.Millisecond, "c": 200 * time.Millisecond}}
		start := time.Now()
		body, err := FirstResult(context.Background(), urls, f.fetch)
		if err != nil || body != "body of b" {
			t.Fatalf("FirstResult = %q, %v; want the body of b", body, err)
		}
		if waited := time.Since(start); waited != 100*time.Millisecond {
			t.Errorf("returned after %v; b answered after 100ms", waited)
		}
		synctest.Wait() // let the losing fetches notice
		if n := f.cancelled.Load(); n != 2 {
			t.Errorf("%d of the 2 losing fetches were cancelled", n)
		}
	})
}

func TestItGivesUpAfterTwoSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fakeFetch{delays: map[string]time.Duration{"a": 5 * time.Second, "b": 5 * time.Second, "c": 5 * time.Second}}
		start := time.Now()
		if _, err := FirstResult(context.Background(), urls, f.fetch); err == nil {
			t.Fatal("FirstResult succeeded although no fetch answered in time")
		}
		if waited := time.Since(start); waited != 2*time.Second {
			t.Errorf("returned after %v, want 2s", waited)
		}
		synctest.Wait()
		if n := f.cancelled.Load(); n != 3 {
			t.Errorf("%d of the 3 fetches were cancelled at the deadline", n)
		}
	})
}

// Some fetch implementations ignore cancellation. Their late answers must still have somewhere
// to go, or each call leaves goroutines blocked forever.
func TestLateAnswersFromFetchesThatIgnoreCancellationDoNotLeak(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		delays := map[string]time.Duration{"a": 100 * time.Millisecond, "b": 200 * time.Millisecond, "c": 300 * time.Millisecond}
		stubborn := func(_ context.Context, url string) (string, error) {
			time.Sleep(delays[url])
			return "body of " + url, nil
		}
		if body, err := FirstResult(context.Background(), urls, stubborn); err != nil || body != "body of a" {
			t.Fatalf("FirstResult = %q, %v; want the body of a", body, err)
		}
		time.Sleep(time.Second) // the late fetches finish; nothing must stay blocked
	})
}
