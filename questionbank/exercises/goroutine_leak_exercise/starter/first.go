package first

import (
	"context"
	"errors"
	"time"
)

// Fetch retrieves one URL; production code passes an HTTP-backed implementation.
type Fetch func(ctx context.Context, url string) (string, error)

// FirstResult returns the body of whichever URL answers first. It runs on every request.
func FirstResult(ctx context.Context, urls []string, fetch Fetch) (string, error) {
	results := make(chan string)
	for _, u := range urls {
		go func() {
			body, err := fetch(ctx, u)
			if err != nil {
				return
			}
			results <- body
		}()
	}
	select {
	case r := <-results:
		return r, nil
	case <-time.After(2 * time.Second):
		return "", errors.New("no result within 2s")
	}
}
