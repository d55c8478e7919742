package geom

import (
	"math"
	"strconv"
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
//
// fmt boxes each float64 into an interface that escapes, one heap allocation per argument.
// strconv formats the same shortest representation ('g', -1) straight into dst, so with a
// reused buffer nothing is allocated.
func AppendPoint(dst []byte, p *Point) []byte {
	dst = strconv.AppendFloat(dst, p.X, 'g', -1, 64)
	dst = append(dst, ' ')
	dst = strconv.AppendFloat(dst, p.Y, 'g', -1, 64)
	return append(dst, '\n')
}
