package seqs

import "iter"

// Filter yields the elements of seq for which keep returns true, in order, lazily.
func Filter[T any](seq iter.Seq[T], keep func(T) bool) iter.Seq[T] {
	// TODO: write Filter, then use it in a for ... range loop over a slice.
	return func(yield func(T) bool) {}
}
