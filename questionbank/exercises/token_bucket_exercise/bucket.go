package ratelimit

import (
	"sync"
	"time"
)

// Bucket allows ratePerSec requests per second on average, in bursts of up to burst.
// The API creates one Bucket per API key; there are about 100,000 keys.
//
// Nothing runs in the background: each Allow works out how many tokens the time since the
// previous call has earned. An idle bucket costs its few words of memory and nothing else,
// and any rate works, including fractions (0.5 is one request every two seconds) and zero;
// a negative or NaN rate (from a bad configuration value) earns nothing, like zero.
type Bucket struct {
	mu     sync.Mutex
	rate   float64 // tokens earned per second
	burst  float64
	tokens float64
	last   time.Time // carries a monotonic reading, so wall-clock jumps do not matter
}

func NewBucket(ratePerSec float64, burst int) *Bucket {
	rate := ratePerSec
	if !(rate > 0) { // not max(ratePerSec, 0): max(NaN, 0) is NaN, and NaN tokens are never < 1
		rate = 0
	}
	return &Bucket{
		rate:   rate,
		burst:  float64(burst),
		tokens: float64(burst), // a new client may spend its burst at once
		last:   time.Now(),
	}
}

func (b *Bucket) Allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = min(b.burst, b.tokens+elapsed.Seconds()*b.rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
