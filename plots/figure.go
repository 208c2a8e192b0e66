package plots

// Figure is one figure: what it shows (panels of data series and a legend),
// its words (title, caption, notes) and, once drawn, the files written.
type Figure struct {
	// Name is the file stem, unique within a run, e.g.
	// "frontier-n100000-k10-t1-hr+beat".
	Name string
	// Kind groups figures of the same builder, e.g. "frontier"; see the
	// Kind constants.
	Kind    string
	Title   string
	Caption string
	// Notes tell the reader what the figure leaves out and why (points
	// dropped from a log axis, workloads missing at some size).
	Notes []string
	// Panels are drawn in a grid of Cols columns, row by row.
	Panels []Panel
	Cols   int
	// Legend lists the entries of the shared legend, drawn to the right of
	// the panels.
	Legend []Entry
	// PNGPath and SVGPath are the files written when the figure is drawn.
	PNGPath, SVGPath string
}

// Figure kinds.
const (
	KindFrontier        = "frontier"
	KindFrontierSummary = "frontier-summary"
	KindLatencyN        = "latency-n"
	KindLatencyGroups   = "latency-groups"
	KindLatencyK        = "latency-k"
	KindRecallBars      = "recall-groups"
	KindBuild           = "build"
	KindCohort          = "cohort-pca"
)

// Panel is one set of axes with its series.
type Panel struct {
	Title  string
	X, Y   Axis
	Series []Series
}

// Axis describes one axis of a panel.
type Axis struct {
	Label string
	// Log draws a log scale; points with a value ≤ 0 on it are dropped
	// (with a note) before drawing.
	Log bool
	// Min and Max fix the range when Fixed; otherwise the range follows
	// the data.
	Min, Max float64
	Fixed    bool
	// Nominal names the categories of a bar chart's axis: category i sits
	// at value i.
	Nominal []string
	// Ticks, when set, are the only labelled ticks (e.g. the sizes run).
	Ticks []float64
}

// Mark is how a series is drawn.
type Mark int

// Marks.
const (
	// LinePoints joins the points with a line and marks each one.
	LinePoints Mark = iota
	// Points marks the points alone, faded: the background of a frontier.
	Points
	// Line joins the points without marks.
	Line
	// Bars draws one bar per point at nominal X positions; the series of a
	// panel are drawn side by side.
	Bars
	// Dots marks the points alone with small translucent dots: a scatter
	// of many points.
	Dots
)

// Series is one data series of a panel. Its style comes from the palette:
// the colour from Color, the marker shape from Shape (both palette keys),
// and Dashed.
type Series struct {
	Name  string
	Color string
	Shape string
	Mark  Mark
	// Dashed draws the line dashed (p99 next to a solid p50).
	Dashed bool
	X, Y   []float64
}

// Entry is one line of a figure's legend, styled like a series.
type Entry struct {
	Name   string
	Color  string
	Shape  string
	Mark   Mark
	Dashed bool
}

// entryOf returns the legend entry styled like s.
func entryOf(s Series) Entry {
	return Entry{Name: s.Name, Color: s.Color, Shape: s.Shape, Mark: s.Mark, Dashed: s.Dashed}
}
