package users

import (
	"fmt"
	"log"
)

type NotFoundError struct{ ID string }

func (e *NotFoundError) Error() string { return "not found: " + e.ID }

var known = map[string]bool{"ada": true, "grace": true}

func exists(id string) bool { return known[id] }

func find(id string) error {
	var nf *NotFoundError
	if !exists(id) {
		nf = &NotFoundError{ID: id}
	}
	return nf
}

// Load is what the HTTP layer calls; it answers 404 when the error is a *NotFoundError.
func Load(id string) error {
	if err := find(id); err != nil {
		return fmt.Errorf("loading user %s: %v", id, err)
	}
	return nil
}

func handle(id string) {
	if err := Load(id); err != nil {
		log.Printf("load %s: %v", id, err)
		// ...
	}
}
