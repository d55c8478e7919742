package users

import (
	"errors"
	"strings"
	"testing"
)

func TestAKnownUserLoadsWithoutError(t *testing.T) {
	if err := Load("ada"); err != nil {
		t.Errorf("Load(%q) = %v (%T), want nil", "ada", err, err)
	}
}

func TestAnUnknownUserIsANotFoundErrorThroughTheWrapping(t *testing.T) {
	err := Load("zed")
	if err == nil {
		t.Fatal("Load of an unknown user returned nil")
	}
	nf, ok := errors.AsType[*NotFoundError](err)
	if !ok || nf.ID != "zed" {
		t.Errorf("errors.AsType[*NotFoundError](%v) = %v, %v; the HTTP layer cannot answer 404", err, nf, ok)
	}
	// Any wording will do, as long as the message says which user and adds something to the cause.
	if got := err.Error(); !strings.Contains(got, "zed") || got == (&NotFoundError{ID: "zed"}).Error() {
		t.Errorf("message %q adds no context to the cause", got)
	}
}
