package ratelimit

import "time"

// Bucket allows ratePerSec requests per second on average, in bursts of up to burst.
// The API creates one Bucket per API key; there are about 100,000 keys.
type Bucket struct {
	tokens chan struct{}
}

func NewBucket(ratePerSec float64, burst int) *Bucket {
	b := &Bucket{tokens: make(chan struct{}, burst)}
	go func() {
		t := time.NewTicker(time.Second / time.Duration(ratePerSec))
		for range t.C {
			select {
			case b.tokens <- struct{}{}:
			default:
			}
		}
	}()
	return b
}

func (b *Bucket) Allow() bool {
	select {
	case <-b.tokens:
		return true
	default:
		return false
	}
}
