package merge

import (
	"slices"
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

func TestAFinishedSourceDoesNotProduceValues(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		quiet := make(chan int)
		out := Merge(source(), quiet)
		select {
		case v, ok := <-out:
			t.Errorf("got %d (open: %v) while one source was closed and the other silent", v, ok)
		case <-time.After(time.Second):
		}
		close(quiet)
		if _, ok := <-out; ok {
			t.Error("Merge did not close its channel after both sources closed")
		}
	})
}
