package events

// Event is kept in memory by the million: about 20 million live at any time.
type Event struct {
	Active   bool
	ID       int64
	Kind     uint8
	Payload  []byte
	Priority int32
	Seen     bool
}
