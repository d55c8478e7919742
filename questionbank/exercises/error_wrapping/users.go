package users

import (
	"fmt"
	"log"
)

type NotFoundError struct{ ID string }

func (e *NotFoundError) Error() string { return "not found: " + e.ID }

var known = map[string]bool{"ada": true, "grace": true}

func exists(id string) bool { return known[id] }

// find returns a literal nil on success. Returning a nil *NotFoundError through the error
// interface would give a non-nil error: the interface would hold a type and a nil pointer.
func find(id string) error {
	if !exists(id) {
		return &NotFoundError{ID: id}
	}
	return nil
}

// Load is what the HTTP layer calls; it answers 404 when the error is a *NotFoundError.
// %w keeps the cause reachable for errors.Is and errors.As; %v would flatten it to text.
func Load(id string) error {
	if err := find(id); err != nil {
		return fmt.Errorf("loading user %s: %w", id, err)
	}
	return nil
}

func handle(id string) {
	if err := Load(id); err != nil {
		log.Printf("load %s: %v", id, err)
		// ...
	}
}
