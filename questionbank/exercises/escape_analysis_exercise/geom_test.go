package geom

import (
	"fmt"
	"math"
	"testing"
)

var (
	sinkInt   int
	sinkFloat float64
	sinkPoint *Point
	// Package variables, so the compiler cannot treat these sizes as constants.
	three, five = 3, 5
)

func TestAppendPointPrintsWhatPrintlnPrints(t *testing.T) {
	points := []Point{{1.5, -2.25}, {0, 0}, {1e21, 1e-7}, {100000000, 123456789.125}, {math.Inf(1), math.NaN()}, {math.Copysign(0, -1), 3}}
	for _, p := range points {
		if got, want := string(AppendPoint(nil, &p)), fmt.Sprintln(p.X, p.Y); got != want {
			t.Errorf("AppendPoint(%v) = %q, want %q", p, got, want)
		}
	}
	if got := string(AppendPoint([]byte("p: "), &Point{1, 2})); got != "p: 1 2\n" {
		t.Errorf("AppendPoint does not append to dst: %q", got)
	}
}

func TestAppendPointDoesNotAllocateIntoAReusedBuffer(t *testing.T) {
	p := &Point{1.5, -2.25}
	buf := make([]byte, 0, 64)
	if allocs := testing.AllocsPerRun(100, func() { buf = AppendPoint(buf[:0], p) }); allocs != 0 {
		t.Errorf("AppendPoint allocates %.0f times per call", allocs)
	}
}

// The answer key for the first part of the exercise, checked against the toolchain in use, so
// a compiler change that alters an answer shows up here.
func TestTheAnswerKeyHoldsForThisToolchain(t *testing.T) {
	cases := []struct {
		name   string
		allocs float64
		f      func()
	}{
		{"Dist copies its arguments", 0, func() { sinkFloat = Dist(Point{1, 2}, Point{4, 6}) }},
		{"NewPoint inlined, result kept local", 0, func() { p := NewPoint(1, 2); sinkFloat = p.X }},
		{"NewPoint inlined, result stored in a global", 1, func() { sinkPoint = NewPoint(1, 2) }},
		{"Sum(3): constant size after inlining", 0, func() { sinkInt = Sum(3) }},
		{"Sum(1000): constant 8000 bytes, still on the stack", 0, func() { sinkInt = Sum(1000) }},
		{"Sum(n), n=3: fits the 32-byte stack buffer", 0, func() { sinkInt = Sum(three) }},
		{"Sum(n), n=5: larger than the stack buffer", 1, func() { sinkInt = Sum(five) }},
	}
	for _, c := range cases {
		if got := testing.AllocsPerRun(100, c.f); got != c.allocs {
			t.Errorf("%s: %.0f allocations, the answer key says %.0f", c.name, got, c.allocs)
		}
	}
}
