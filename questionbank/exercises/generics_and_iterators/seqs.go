package seqs

import "iter"

// Filter yields the elements of seq for which keep returns true, in order, lazily.
//
// Usage: for n := range Filter(slices.Values(nums), isEven) { ... }
//
// When the loop body breaks or returns, yield returns false; Filter must stop then, and its
// return also stops the range over seq. Calling yield again after false panics.
func Filter[T any](seq iter.Seq[T], keep func(T) bool) iter.Seq[T] {
	return func(yield func(T) bool) {
		for v := range seq {
			if keep(v) && !yield(v) {
				return
			}
		}
	}
}
