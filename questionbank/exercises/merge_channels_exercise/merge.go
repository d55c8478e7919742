package merge

// Merge forwards every value received from a and b to the returned channel, and closes that
// channel once both a and b are closed.
//
// A closed channel is always ready to receive (the zero value, ok == false), so a select that
// keeps a closed channel in play spins on it. A nil channel is never ready: setting a finished
// input to nil switches its case off, and the loop ends when both are off.
func Merge(a, b <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for a != nil || b != nil {
			select {
			case v, ok := <-a:
				if !ok {
					a = nil
					continue
				}
				out <- v
			case v, ok := <-b:
				if !ok {
					b = nil
					continue
				}
				out <- v
			}
		}
	}()
	return out
}
