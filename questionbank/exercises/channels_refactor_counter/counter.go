package counter

import "sync/atomic"

// Counter counts requests across all handlers. The zero value is ready to use.
//
// One atomic word is enough: the count is a single independent value, so there is no
// invariant between fields for a mutex to protect, and no goroutine to start or stop.
type Counter struct {
	n atomic.Int64
}

// NewCounter returns a Counter. It starts no goroutine, so there is nothing to close.
func NewCounter() *Counter { return &Counter{} }

func (c *Counter) Inc() { c.n.Add(1) }

func (c *Counter) Value() int64 { return c.n.Load() }
