package quote

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// Rows is the part of *sql.Rows the handler uses.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// DB is the part of a database handle the handler uses; a one-line adapter wraps *sql.DB.
type DB interface {
	QueryContext(ctx context.Context, query string, args ...any) (Rows, error)
}

type Server struct {
	Client  *http.Client // talks to the pricing service
	Pricing string       // the pricing service's URL
	DB      DB
	Log     *slog.Logger
}

// Budget is the most time one quote may take, from the request's arrival to the answer.
const Budget = 2 * time.Second

// errBudget is the cause recorded when the budget runs out, so logs say which limit was hit.
var errBudget = fmt.Errorf("quote budget of %v exhausted", Budget)

// ServeHTTP answers GET /quote?sku=...&customer=...: the list price from the pricing service,
// then the customer's discounts from the database.
//
// Everything runs under one context derived from the request's: it ends when the client goes
// away, when the budget runs out, or when the handler returns (the deferred cancel), and each
// call that can block is given it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeoutCause(r.Context(), Budget, errBudget)
	defer cancel()
	q := r.URL.Query()

	price, err := s.price(ctx, q.Get("sku"))
	if err != nil {
		s.fail(ctx, w, "pricing", err)
		return
	}
	discounts, err := s.discounts(ctx, q.Get("customer"))
	if err != nil {
		s.fail(ctx, w, "discounts", err)
		return
	}
	fmt.Fprintf(w, "price=%s discounts=%v\n", price, discounts)
}

func (s *Server) price(ctx context.Context, sku string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.Pricing+"?sku="+url.QueryEscape(sku), nil)
	if err != nil {
		return "", err
	}
	resp, err := s.Client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("pricing service answered %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	return string(bytes.TrimSpace(body)), err
}

func (s *Server) discounts(ctx context.Context, customer string) ([]int, error) {
	rows, err := s.DB.QueryContext(ctx, "SELECT percent FROM discounts WHERE customer = $1", customer)
	if err != nil {
		return nil, err
	}
	defer rows.Close() // returns the connection to the pool on every path
	var out []int
	for rows.Next() {
		var p int
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err() // Next returns false on errors too, including cancellation
}

// fail reports why the quote stopped: the budget ran out, the client left, or a dependency failed.
func (s *Server) fail(ctx context.Context, w http.ResponseWriter, step string, err error) {
	switch cause := context.Cause(ctx); {
	case cause == nil:
		s.Log.Error("quote failed", "step", step, "err", err)
		http.Error(w, step+" unavailable", http.StatusBadGateway)
	case errors.Is(cause, errBudget):
		s.Log.Warn("quote stopped", "step", step, "cause", cause)
		http.Error(w, "quote timed out", http.StatusGatewayTimeout)
	default: // the client went away: nobody will read a response, so only log it
		s.Log.Info("quote abandoned", "step", step, "cause", cause)
	}
}
