package stats

import "sync/atomic"

// pad is two 64-byte lines: enough for CPUs with 128-byte lines (Apple silicon) and for x86
// cores whose adjacent-line prefetcher pulls lines in pairs. Go cannot align a struct to a
// cache line, so each hot counter gets padding on both sides instead.
const pad = 128

// Stats is updated millions of times a second by two goroutines on different cores:
// one only ever increments Hits, the other only Misses.
type Stats struct {
	_      [pad]byte
	Hits   atomic.Int64
	_      [pad - 8]byte
	Misses atomic.Int64
	_      [pad - 8]byte
}
