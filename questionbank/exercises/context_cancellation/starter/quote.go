package quote

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
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

// ServeHTTP answers GET /quote?sku=...&customer=...: the list price from the pricing service,
// then the customer's discounts from the database.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sku, customer := r.URL.Query().Get("sku"), r.URL.Query().Get("customer")

	resp, err := s.Client.Get(s.Pricing + "?sku=" + url.QueryEscape(sku))
	if err != nil {
		s.Log.Error("pricing failed", "err", err)
		http.Error(w, "pricing unavailable", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	price, err := io.ReadAll(resp.Body)
	if err != nil {
		s.Log.Error("pricing failed", "err", err)
		http.Error(w, "pricing unavailable", http.StatusBadGateway)
		return
	}

	rows, err := s.DB.QueryContext(context.Background(), "SELECT percent FROM discounts WHERE customer = $1", customer)
	if err != nil {
		s.Log.Error("discounts failed", "err", err)
		http.Error(w, "discounts unavailable", http.StatusBadGateway)
		return
	}
	var discounts []int
	for rows.Next() {
		var p int
		if err := rows.Scan(&p); err != nil {
			s.Log.Error("discounts failed", "err", err)
			http.Error(w, "discounts unavailable", http.StatusBadGateway)
			return
		}
		discounts = append(discounts, p)
	}
	fmt.Fprintf(w, "price=%s discounts=%v\n", bytes.TrimSpace(price), discounts)
}
