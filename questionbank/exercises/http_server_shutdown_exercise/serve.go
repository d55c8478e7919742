package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Serve serves h on ln until ctx is done, then shuts down: requests already in flight get up to
// grace to finish. It returns nil after a clean shutdown, and an error if serving or shutting
// down failed. main calls it with a context that SIGTERM cancels.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration) error {
	// Request contexts derive from base, not from ctx: SIGTERM must not cancel the requests
	// being drained. base ends only if the grace period runs out.
	base, stopRequests := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRequests()
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second, // a client trickling headers cannot hold a connection
		IdleTimeout:       time.Minute,
		BaseContext:       func(net.Listener) context.Context { return base },
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served: // Serve failed by itself, e.g. the listener broke
		return err
	case <-ctx.Done():
	}

	// Shutdown closes the listener and idle connections, then waits for active requests.
	// Serve returns ErrServerClosed as soon as Shutdown starts, so wait for Shutdown instead.
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if err != nil {
		stopRequests() // tell the stragglers, then cut their connections
		err = fmt.Errorf("graceful shutdown: %w", errors.Join(err, srv.Close()))
	}
	<-served
	return err
}
