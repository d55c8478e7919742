package pool

import (
	"context"
	"sync"
)

// ForEach calls fn for every item, with at most limit calls running at once, and returns the
// first error. After an error, or once ctx is done, it starts no new calls and tells the running
// ones to stop. It returns only when every call it started has returned.
//
// A buffered channel is the semaphore: the loop blocks while limit calls hold a slot, so the
// caller, not a growing crowd of goroutines, absorbs the backlog. golang.org/x/sync/errgroup with
// SetLimit bounds the same way, but its Go starts every function it is given, even after the
// group's context is done, so a version built on it must check the context before each call.
func ForEach[T any](ctx context.Context, items []T, limit int, fn func(context.Context, T) error) error {
	limit = max(limit, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	slots := make(chan struct{}, limit)
	for _, item := range items {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil { // select picks at random when both are ready
			break
		}
		wg.Go(func() {
			defer func() { <-slots }()
			if err := fn(ctx, item); err != nil {
				once.Do(func() {
					firstErr = err
					cancel()
				})
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err() // non-nil only if the caller's context ended
}
