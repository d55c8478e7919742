package first

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Fetch retrieves one URL; production code passes an HTTP-backed implementation.
type Fetch func(ctx context.Context, url string) (string, error)

// FirstResult returns the body of whichever URL answers first. It runs on every request.
//
// Every goroutine it starts can always finish: the channel has room for every answer, and the
// deferred cancel tells fetches still in flight that nobody wants their result.
func FirstResult(ctx context.Context, urls []string, fetch Fetch) (string, error) {
	if len(urls) == 0 {
		return "", errors.New("no urls to fetch")
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()

	type answer struct {
		body string
		err  error
	}
	answers := make(chan answer, len(urls))
	for _, u := range urls {
		go func() {
			body, err := fetch(ctx, u)
			answers <- answer{body, err}
		}()
	}

	var errs []error
	for range urls {
		select {
		case a := <-answers:
			if a.err == nil {
				return a.body, nil
			}
			errs = append(errs, a.err)
		case <-ctx.Done():
			return "", fmt.Errorf("no result: %w", ctx.Err())
		}
	}
	return "", fmt.Errorf("all %d fetches failed: %w", len(urls), errors.Join(errs...))
}
