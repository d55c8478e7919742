package users

import (
	"errors"
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
	if got := err.Error(); got != "loading user zed: not found: zed" {
		t.Errorf("message %q lost its context", got)
	}
}
