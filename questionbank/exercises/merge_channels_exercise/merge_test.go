package merge

import (
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func source(values ...int) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, v := range values {
			ch <- v
		}
	}()
	return ch
}

// drain collects what Merge delivers until it closes its channel, or gives up after limit values.
func drain(ch <-chan int, limit int) (got []int, closed bool) {
	for v := range ch {
		got = append(got, v)
		if len(got) == limit {
			return got, false
		}
	}
	return got, true
}

func TestItDeliversEveryValueExactlyOnceThenCloses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got, closed := drain(Merge(source(1, 0, 3), source(10, 20)), 100)
		if !closed {
			t.Fatalf("Merge did not close its channel after %d values (first ones: %v)", len(got), got[:10])
		}
		slices.Sort(got)
		if !slices.Equal(got, []int{0, 1, 3, 10, 20}) {
			t.Errorf("Merge delivered %v", got)
		}
	})
}

func TestItKeepsEachSourcesOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got, _ := drain(Merge(source(1, 2, 3), source(-1, -2, -3)), 100)
		var pos, neg []int
		for _, v := range got {
			if v > 0 {
				pos = append(pos, v)
			} else {
				neg = append(neg, v)
			}
		}
		if !slices.Equal(pos, []int{1, 2, 3}) || !slices.Equal(neg, []int{-1, -2, -3}) {
			t.Errorf("Merge reordered a source: %v", got)
		}
	})
}

// A finished input must drop out of the select. A Merge that keeps a closed input in play never
// blocks while the other input is quiet: it spins on the closed channel and burns a core. Fake time
// cannot catch that (a goroutine that never blocks stops the bubble's clock, so the test would
// hang), so this test runs in real time and looks at the goroutines Merge started: within a second
// they must all be parked.
func TestAFinishedSourceNeitherProducesValuesNorSpins(t *testing.T) {
	finished, quiet := make(chan int), make(chan int)
	close(finished)
	out := Merge(finished, quiet)

	if state, ok := mergeGoroutinesPark(time.Second); !ok {
		close(quiet) // lets a spinning Merge finish
		t.Fatalf("a goroutine Merge started is still %s a second after one input closed while the other stays quiet: "+
			"it spins on the closed channel (always ready) instead of dropping it from the select", state)
	}
	select {
	case v, ok := <-out:
		t.Fatalf("got %d (open: %v) while one input was closed and the other quiet", v, ok)
	default:
	}
	close(quiet)
	select {
	case v, ok := <-out:
		if ok {
			t.Errorf("got %d after both inputs had closed", v)
		}
	case <-time.After(time.Second):
		t.Error("Merge did not close its channel after both inputs closed")
	}
}

// mergeGoroutinesPark waits up to limit for every goroutine started by the code under test (not by
// this file's helpers) to be parked: blocked on a channel, a select, a lock or a sleep. Otherwise
// it returns the state of one that is still running.
func mergeGoroutinesPark(limit time.Duration) (state string, ok bool) {
	merge := runtime.FuncForPC(reflect.ValueOf(Merge).Pointer()).Name()
	pkg := merge[:strings.LastIndex(merge, ".")+1]
	parked := []string{"chan ", "select", "sync.", "semacquire", "sleep"}
	buf := make([]byte, 1<<16)
	for deadline := time.Now().Add(limit); ; time.Sleep(time.Millisecond) {
		n := runtime.Stack(buf, true)
		for n == len(buf) {
			buf = make([]byte, 2*len(buf))
			n = runtime.Stack(buf, true)
		}
		state, ok = "", true
		for _, g := range strings.Split(string(buf[:n]), "\n\n") {
			_, creator, found := strings.Cut(g, "\ncreated by "+pkg)
			if !found || strings.HasPrefix(creator, "source") || strings.HasPrefix(creator, "Test") {
				continue
			}
			header, _, _ := strings.Cut(g, "\n")
			_, s, _ := strings.Cut(header, "[")
			s, _, _ = strings.Cut(s, "]")
			s, _, _ = strings.Cut(s, ",")
			if !slices.ContainsFunc(parked, func(p string) bool { return strings.HasPrefix(s, p) }) {
				state, ok = s, false
			}
		}
		if ok || time.Now().After(deadline) {
			return state, ok
		}
	}
}
