package counter

// Counter counts requests across all handlers.
type Counter struct {
	inc  chan struct{}
	read chan chan int64
	n    int64
}

func NewCounter() *Counter {
	c := &Counter{
		inc:  make(chan struct{}),
		read: make(chan chan int64),
	}
	go c.loop()
	return c
}

func (c *Counter) loop() {
	for {
		select {
		case <-c.inc:
			c.n++
		case reply := <-c.read:
			reply <- c.n
		}
	}
}

func (c *Counter) Inc() { c.inc <- struct{}{} }

func (c *Counter) Value() int64 {
	reply := make(chan int64)
	c.read <- reply
	return <-reply
}
