package search

// Auto is the reference's router: a query selecting every group goes to
// Single, any other to Hybrid.
type Auto struct {
	single *Single
	hybrid *Hybrid
}

var _ Strategy = (*Auto)(nil)

// NewAuto routes between s and h, which must search the same data.
func NewAuto(s *Single, h *Hybrid) *Auto { return &Auto{single: s, hybrid: h} }

// Name implements Strategy.
func (*Auto) Name() string { return "auto" }

// Bytes implements Strategy: both strategies' indexes and one matrix.
func (a *Auto) Bytes() int64 { return a.single.Bytes() + a.hybrid.Bytes() - a.single.data.Bytes() }

// Search implements Strategy.
func (a *Auto) Search(q Query) (Answer, error) {
	if q.Sel.All(a.single.data.Schema) {
		return a.single.Search(q)
	}
	return a.hybrid.Search(q)
}
