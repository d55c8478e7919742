package seqs

import (
	"iter"
	"slices"
	"testing"
)

func even(n int) bool { return n%2 == 0 }

func TestFilterYieldsTheMatchingElementsInOrder(t *testing.T) {
	got := slices.Collect(Filter(slices.Values([]int{1, 2, 3, 4, 5, 6}), even))
	if !slices.Equal(got, []int{2, 4, 6}) {
		t.Errorf("Filter(1..6, even) = %v, want [2 4 6]", got)
	}
	if got := slices.Collect(Filter(slices.Values([]string{"a", "", "b"}), func(s string) bool { return s != "" })); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("Filter over strings = %q", got)
	}
}

// naturals is infinite: a Filter that does not stop when asked never returns.
func naturals(pulled *int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for n := 0; ; n++ {
			*pulled = n
			if !yield(n) {
				return
			}
		}
	}
}

func TestBreakingOutOfTheLoopStopsTheSource(t *testing.T) {
	pulled := 0
	var got []int
	for n := range Filter(naturals(&pulled), even) {
		got = append(got, n)
		if len(got) == 3 {
			break
		}
	}
	if !slices.Equal(got, []int{0, 2, 4}) {
		t.Errorf("first three even naturals = %v", got)
	}
	if pulled != 4 {
		t.Errorf("the source produced up to %d; it should have stopped at 4", pulled)
	}
}
