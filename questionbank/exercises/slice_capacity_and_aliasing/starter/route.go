package route

import "fmt"

// Demo is the warm-up: what does it return, and why?
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
func (r Route) With(stop int) Route {
	return append(r, stop)
}
