// Package ttlmap stands in for go.omarpolo.com/ttlmap when a Go module proxy
// refuses that host. plakar v1.1.4 uses it only to remember the web UI's
// signed download links, so a small map with expiry is a faithful substitute:
// the code paths the kit's tests exercise never reach it.
package ttlmap

import (
	"sync"
	"time"
)

type entry[V any] struct {
	value   V
	expires time.Time
}

// Map is a concurrency-safe map whose entries expire after a fixed duration.
type Map[K comparable, V any] struct {
	mu      sync.Mutex
	ttl     time.Duration
	entries map[K]entry[V]
}

// New returns an empty map whose entries live for ttl.
func New[K comparable, V any](ttl time.Duration) *Map[K, V] {
	return &Map[K, V]{ttl: ttl, entries: map[K]entry[V]{}}
}

// Add stores value under key, restarting its lifetime.
func (m *Map[K, V]) Add(key K, value V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries[key] = entry[V]{value: value, expires: time.Now().Add(m.ttl)}
}

// Get returns the value under key unless it is absent or expired.
func (m *Map[K, V]) Get(key K) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok || time.Now().After(e.expires) {
		var zero V
		return zero, false
	}
	return e.value, true
}

// AutoExpire drops expired entries in the background, once per ttl.
func (m *Map[K, V]) AutoExpire() {
	go func() {
		for range time.Tick(m.ttl) {
			m.mu.Lock()
			now := time.Now()
			for k, e := range m.entries {
				if now.After(e.expires) {
					delete(m.entries, k)
				}
			}
			m.mu.Unlock()
		}
	}()
}
