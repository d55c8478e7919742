package route

import (
	"slices"
	"testing"
)

func TestDemoShowsBothAppendsSharingOneArray(t *testing.T) {
	if got := Demo(); got != "[0 0 0] [0 0 0 2] [0 0 0 2]" {
		t.Errorf("Demo() = %q", got)
	}
}

func TestExtensionsOfOneRouteDoNotOverwriteEachOther(t *testing.T) {
	base := make(Route, 3, 10) // spare capacity, as a route built by append usually has
	copy(base, []int{7, 8, 9})
	left := base.With(1)
	right := base.With(2)
	if !slices.Equal(left, Route{7, 8, 9, 1}) || !slices.Equal(right, Route{7, 8, 9, 2}) {
		t.Errorf("left = %v, right = %v: one extension overwrote the other", left, right)
	}
}

func TestExtendingLeavesTheOriginalUnchanged(t *testing.T) {
	base := Route{7, 8}
	longer := base.With(9).With(10)
	if !slices.Equal(base, Route{7, 8}) || !slices.Equal(longer, Route{7, 8, 9, 10}) {
		t.Errorf("base = %v, longer = %v", base, longer)
	}
}
