package events

// Event is kept in memory by the million: about 20 million live at any time.
//
// Fields are ordered by alignment, largest first, so no padding is needed between them: 24 + 8
// + 4 + 1 + 1 + 1 = 39 bytes, rounded up to 40 (a multiple of the struct's 8-byte alignment)
// instead of 56. The slice header holds the only pointer. Putting it first no longer saves the
// collector much: it finds pointer words through a bitmap and skips the rest, so for a 40-byte
// struct the order of fields barely changes its work.
type Event struct {
	Payload  []byte
	ID       int64
	Priority int32
	Active   bool
	Kind     uint8
	Seen     bool
}
