package stats

import "sync/atomic"

// Stats is updated millions of times a second by two goroutines on different cores:
// one only ever increments Hits, the other only Misses.
type Stats struct {
	Hits   atomic.Int64
	Misses atomic.Int64
}
