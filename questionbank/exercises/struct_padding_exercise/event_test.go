package events

import (
	"reflect"
	"testing"
	"unsafe"
)

func TestEventKeepsItsFields(t *testing.T) {
	want := map[string]reflect.Type{
		"Active":   reflect.TypeFor[bool](),
		"ID":       reflect.TypeFor[int64](),
		"Kind":     reflect.TypeFor[uint8](),
		"Payload":  reflect.TypeFor[[]byte](),
		"Priority": reflect.TypeFor[int32](),
		"Seen":     reflect.TypeFor[bool](),
	}
	typ := reflect.TypeFor[Event]()
	if typ.NumField() != len(want) {
		t.Fatalf("Event has %d fields, want %d", typ.NumField(), len(want))
	}
	for i := range typ.NumField() {
		f := typ.Field(i)
		if want[f.Name] != f.Type {
			t.Errorf("field %s %v is not one of Event's original fields", f.Name, f.Type)
		}
	}
}

func TestEventTakesFortyBytesOnA64BitPlatform(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("the exercise's sizes are for 64-bit platforms")
	}
	if size := unsafe.Sizeof(Event{}); size != 40 {
		t.Errorf("unsafe.Sizeof(Event{}) = %d, want 40", size)
	}
}
