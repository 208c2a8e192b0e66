//go:build cgo

package faiss

import "sync"

// efGate serialises HNSW searches that need different efSearch values.
// FAISS 1.7.3 reads efSearch from the index (SearchParametersHNSW::efSearch
// is ignored), so the value must be set before a search and stay put while
// it runs. Searches with the same efSearch run together; one with another
// value waits until they finish, and searches arriving while one waits queue
// behind it, so no value starves.
type efGate struct {
	mu      sync.Mutex
	cond    sync.Cond
	cur     int // efSearch the index holds
	active  int // searches running with cur
	waiting int // searches waiting to enter
}

// enter waits until a search with efSearch ef may run, calling set(ef) when
// the index holds another value.
func (g *efGate) enter(ef int, set func(int)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cond.L == nil {
		g.cond.L = &g.mu
	}
	for g.active > 0 && (g.cur != ef || g.waiting > 0) {
		g.waiting++
		g.cond.Wait()
		g.waiting--
	}
	if g.cur != ef {
		set(ef)
		g.cur = ef
	}
	g.active++
}

// leave ends a search that entered.
func (g *efGate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.active--
	if g.active == 0 {
		g.cond.Broadcast()
	}
}
