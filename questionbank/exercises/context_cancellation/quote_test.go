package quote

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// pricing fakes the pricing service's transport: it answers after delay, unless the request's
// context ends first.
type pricing struct {
	delay time.Duration
	fail  bool
}

func (p pricing) RoundTrip(req *http.Request) (*http.Response, error) {
	select {
	case <-time.After(p.delay):
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	if p.fail {
		return nil, errors.New("connection refused")
	}
	return &http.Response{StatusCode: http.StatusOK, Status: "200 OK", Body: io.NopCloser(strings.NewReader("12.50\n")), Request: req}, nil
}

// db fakes the database: the query takes delay (or stops when its context ends) and yields two
// discounts. It records what the handler did with it.
type db struct {
	delay time.Duration

	mu       sync.Mutex
	queried  bool
	deadline time.Duration // the query context's remaining time when the query started
	closed   bool
}

func (d *db) QueryContext(ctx context.Context, _ string, _ ...any) (Rows, error) {
	d.mu.Lock()
	d.queried = true
	if dl, ok := ctx.Deadline(); ok {
		d.deadline = time.Until(dl)
	}
	d.mu.Unlock()
	select {
	case <-time.After(d.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return &rows{db: d, left: []int{5, 10}}, nil
}

type rows struct {
	db   *db
	left []int
	cur  int
}

func (r *rows) Next() bool {
	if len(r.left) == 0 {
		return false
	}
	r.cur, r.left = r.left[0], r.left[1:]
	return true
}

func (r *rows) Scan(dest ...any) error { *dest[0].(*int) = r.cur; return nil }
func (r *rows) Err() error             { return nil }
func (r *rows) Close() error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	r.db.closed = true
	return nil
}

type fixture struct {
	server *Server
	db     *db
	logs   *bytes.Buffer
}

func newFixture(p pricing, d *db) fixture {
	logs := &bytes.Buffer{}
	return fixture{
		server: &Server{
			Client:  &http.Client{Transport: p},
			Pricing: "http://pricing.internal/price",
			DB:      d,
			Log:     slog.New(slog.NewTextHandler(logs, nil)),
		},
		db:   d,
		logs: logs,
	}
}

func (f fixture) get(ctx context.Context) *httptest.ResponseRecorder {
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/quote?sku=k1&customer=c7", nil)
	rec := httptest.NewRecorder()
	f.server.ServeHTTP(rec, req)
	return rec
}

func TestItAnswersWithThePriceAndDiscountsAndClosesTheRows(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(pricing{delay: 100 * time.Millisecond}, &db{delay: 50 * time.Millisecond})
		rec := f.get(t.Context())
		if rec.Code != http.StatusOK || rec.Body.String() != "price=12.50 discounts=[5 10]\n" {
			t.Errorf("got %d %q", rec.Code, rec.Body.String())
		}
		if !f.db.closed {
			t.Error("the rows were never closed, so their connection never goes back to the pool")
		}
	})
}

func TestTheQueryRunsWithinTheRequestsBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(pricing{delay: 500 * time.Millisecond}, &db{delay: 50 * time.Millisecond})
		f.get(t.Context())
		if f.db.deadline != 1500*time.Millisecond {
			t.Errorf("the query had %v left of its deadline, want the 1.5s the budget leaves", f.db.deadline)
		}
	})
}

func TestItGivesUpWhenTheBudgetRunsOutAndSaysSo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(pricing{delay: 10 * time.Second}, &db{})
		start := time.Now()
		rec := f.get(t.Context())
		if waited := time.Since(start); waited != 2*time.Second {
			t.Errorf("answered after %v; the budget is 2s", waited)
		}
		if f.db.queried {
			t.Error("queried the database after the budget was exhausted")
		}
		// The requirement is to tell the client or the logs why the work stopped; either will do,
		// in any words that say time ran out.
		toldClient := rec.Code == http.StatusGatewayTimeout || rec.Code == http.StatusServiceUnavailable ||
			mentionsTimeout(rec.Body.String())
		if !toldClient && !mentionsTimeout(f.logs.String()) {
			t.Errorf("neither the client nor the log learns that the time budget ran out: status %d %q, log:\n%s",
				rec.Code, rec.Body.String(), f.logs)
		}
	})
}

// mentionsTimeout reports whether text says that time ran out, in any of the usual words.
func mentionsTimeout(text string) bool {
	text = strings.ToLower(text)
	for _, word := range []string{"budget", "deadline", "timeout", "timed out", "time out", "too long", "expired"} {
		if strings.Contains(text, word) {
			return true
		}
	}
	return false
}

func TestWorkStopsWhenTheClientGoesAway(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(pricing{delay: 10 * time.Second}, &db{})
		ctx, hangUp := context.WithCancel(t.Context())
		time.AfterFunc(100*time.Millisecond, hangUp)
		start := time.Now()
		f.get(ctx)
		if waited := time.Since(start); waited != 100*time.Millisecond {
			t.Errorf("the handler returned after %v; the client left after 100ms", waited)
		}
		if f.db.queried {
			t.Error("queried the database for a client that had gone")
		}
	})
}

func TestAPricingFailureSkipsTheDatabase(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(pricing{delay: 10 * time.Millisecond, fail: true}, &db{})
		rec := f.get(t.Context())
		if rec.Code != http.StatusBadGateway {
			t.Errorf("status %d, want 502", rec.Code)
		}
		if f.db.queried {
			t.Error("queried the database although pricing failed")
		}
	})
}
