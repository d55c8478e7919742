package serve

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// server runs Serve on a loopback port with a handler whose /slow requests wait for release
// (or for their context to end).
type server struct {
	addr    string
	stop    context.CancelFunc
	done    chan error
	entered chan struct{}
	release chan struct{}
	reqDone chan error // the context error a /slow request saw, nil if released
}

func start(t *testing.T, grace time.Duration) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &server{
		addr:    ln.Addr().String(),
		done:    make(chan error, 1),
		entered: make(chan struct{}, 1),
		release: make(chan struct{}),
		reqDone: make(chan error, 1),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		s.entered <- struct{}{}
		select {
		case <-s.release:
			s.reqDone <- nil
			io.WriteString(w, "done")
		case <-r.Context().Done():
			s.reqDone <- r.Context().Err()
		}
	})
	ctx, stop := context.WithCancel(context.Background())
	s.stop = stop
	go func() { s.done <- Serve(ctx, ln, mux, grace) }()
	t.Cleanup(func() {
		stop()
		select {
		case <-s.release:
		default:
			close(s.release)
		}
		<-s.done
	})
	return s
}

// slowRequest sends GET /slow and delivers its outcome.
func (s *server) slowRequest(t *testing.T) <-chan string {
	out := make(chan string, 1)
	client := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(client.CloseIdleConnections)
	go func() {
		resp, err := client.Get("http://" + s.addr + "/slow")
		if err != nil {
			out <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		out <- resp.Status + " " + string(body)
	}()
	<-s.entered
	return out
}

// waitUntilRefusing waits until the listener no longer accepts connections.
func (s *server) waitUntilRefusing(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		conn, err := net.Dial("tcp", s.addr)
		if err != nil {
			return
		}
		conn.Close()
	}
	t.Fatal("the server still accepts connections after shutdown began")
}

func (s *server) result(t *testing.T) error {
	t.Helper()
	select {
	case err := <-s.done:
		s.done <- err // for the cleanup
		return err
	case <-time.After(2 * time.Second):
		t.Fatal("Serve did not return")
		return nil
	}
}

func TestServeReturnsNilAfterACleanShutdown(t *testing.T) {
	s := start(t, time.Second)
	s.stop()
	if err := s.result(t); err != nil {
		t.Errorf("Serve = %v, want nil after a clean shutdown", err)
	}
}

func TestARequestInFlightFinishesDuringShutdown(t *testing.T) {
	s := start(t, 2*time.Second)
	reply := s.slowRequest(t)
	s.stop()
	s.waitUntilRefusing(t) // shutdown has begun: no new connections
	close(s.release)
	if got := <-reply; got != "200 OK done" {
		t.Errorf("the in-flight request got %q, want it to finish normally", got)
	}
	if err := s.result(t); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
}

func TestShutdownGivesUpWhenTheGracePeriodEnds(t *testing.T) {
	s := start(t, 100*time.Millisecond)
	reply := s.slowRequest(t)
	s.stop()
	err := s.result(t)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Serve = %v, want an error saying the grace period ran out", err)
	}
	if got := <-s.reqDone; got == nil {
		t.Error("the straggling request's context was never cancelled")
	}
	<-reply
}
