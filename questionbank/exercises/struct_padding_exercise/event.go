package events

// Event is kept in memory by the million: about 20 million live at any time.
//
// Fields are ordered by alignment, largest first, so no padding is needed between them: 24 + 8
// + 4 + 1 + 1 + 1 = 39 bytes, rounded up to 40 (a multiple of the struct's 8-byte alignment)
// instead of 56. The slice header, the only field holding a pointer, comes first, so the
// collector's scan of each Event stops after its first word.
type Event struct {
	Payload  []byte
	ID       int64
	Priority int32
	Active   bool
	Kind     uint8
	Seen     bool
}
