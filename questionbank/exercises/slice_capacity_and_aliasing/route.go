package route

import "fmt"

// Demo is the warm-up: what does it return, and why?
//
// "[0 0 0] [0 0 0 2] [0 0 0 2]": a has room for a fourth element, so both appends write index 3
// of the same backing array, and the second overwrites the first. a's length is still 3.
func Demo() string {
	a := make([]int, 3, 4)
	b := append(a, 1)
	c := append(a, 2)
	return fmt.Sprint(a, b, c)
}

// Route is a sequence of stop IDs.
type Route []int

// With returns the route extended by one stop. Callers keep using r afterwards, and
// several callers may extend the same route in different directions.
//
// The full slice expression caps the capacity at the length, so append must copy into a new
// array instead of writing into spare capacity that another extension may already be using.
func (r Route) With(stop int) Route {
	return append(r[:len(r):len(r)], stop)
}
