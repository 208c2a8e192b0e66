package exact

import "slices"

// Neighbor is one answer: a row id and its distance to the query.
type Neighbor struct {
	ID   int64   `json:"id"`
	Dist float32 `json:"dist"`
}

// Less orders neighbours by distance, then id: the one order every result of
// ecgbench is sorted in, so ties are broken the same way everywhere.
func Less(a, b Neighbor) bool {
	return a.Dist < b.Dist || (a.Dist == b.Dist && a.ID < b.ID)
}

// Sort sorts ns by distance, then id.
func Sort(ns []Neighbor) {
	slices.SortFunc(ns, compare)
}

// compare is Less as a three-way comparison, for slices.SortFunc.
func compare(a, b Neighbor) int {
	switch {
	case Less(a, b):
		return -1
	case Less(b, a):
		return 1
	}
	return 0
}

// TopK keeps the k smallest neighbours pushed into it, under Less.
// The zero value is not usable; call NewTopK.
type TopK struct {
	k    int
	heap []Neighbor // max-heap under Less: heap[0] is the worst kept
}

// NewTopK returns an empty TopK for k ≥ 1 results.
func NewTopK(k int) *TopK {
	return &TopK{k: k, heap: make([]Neighbor, 0, k)}
}

// Full reports whether k neighbours are kept.
func (t *TopK) Full() bool { return len(t.heap) == t.k }

// Worst is the largest kept distance; only meaningful when Full.
func (t *TopK) Worst() float32 { return t.heap[0].Dist }

// Push offers a neighbour.
func (t *TopK) Push(id int64, dist float32) {
	n := Neighbor{ID: id, Dist: dist}
	if len(t.heap) < t.k {
		t.heap = append(t.heap, n)
		t.up(len(t.heap) - 1)
		return
	}
	if !Less(n, t.heap[0]) {
		return
	}
	t.heap[0] = n
	t.down(0)
}

// Results returns the kept neighbours sorted by distance, then id, and
// empties the TopK.
func (t *TopK) Results() []Neighbor {
	out := t.heap
	t.heap = nil
	Sort(out)
	return out
}

func (t *TopK) up(i int) {
	h := t.heap
	for i > 0 {
		p := (i - 1) / 2
		if !Less(h[p], h[i]) {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func (t *TopK) down(i int) {
	h := t.heap
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		c := l
		if r := l + 1; r < n && Less(h[l], h[r]) {
			c = r
		}
		if !Less(h[i], h[c]) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
