package geom

import (
	"fmt"
	"math"
)

type Point struct{ X, Y float64 }

func NewPoint(x, y float64) *Point {
	return &Point{X: x, Y: y}
}

func Dist(p, q Point) float64 {
	dx, dy := p.X-q.X, p.Y-q.Y
	return math.Sqrt(dx*dx + dy*dy)
}

func Sum(n int) int {
	buf := make([]int, n)
	total := 0
	for i := range buf {
		buf[i] = i
		total += buf[i]
	}
	return total
}

// AppendPoint appends p to dst, formatted exactly as fmt.Println(p.X, p.Y) prints it.
// It is called for every point a hot loop handles.
func AppendPoint(dst []byte, p *Point) []byte {
	return fmt.Appendln(dst, p.X, p.Y)
}
