package report

import (
	"github.com/ecgbench/ecgbench/plots"
)

// page is the content of a report, built once and written as Markdown and
// as HTML.
type page struct {
	Title    string
	Source   string   // what the report was made from
	Run      []string // paragraphs about the trials
	Warnings []string
	Machine  table
	Spec     string // the spec's text, "" when there is none
	SpecPath string
	// Headlines has one table per (N, k, threads).
	Headlines []table
	Sections  []section
	Results   table
	Failed    table
}

// section is a group of figures. More holds figures shown collapsed (in
// HTML) or as links (in Markdown) after the main ones.
type section struct {
	ID, Title, Intro string
	Figures          []plots.Figure
	More             []more
}

// more is a collapsed block of figures.
type more struct {
	Title   string
	Figures []plots.Figure
}

// table is a table of text cells.
type table struct {
	ID      string
	Caption string
	Header  []string
	// Numeric marks the columns aligned to the right.
	Numeric []bool
	Rows    [][]string
	// Empty is shown instead of a table without rows.
	Empty string
}

// tables returns the tables of the page that have rows, in page order.
func (p *page) tables() []*table {
	var out []*table
	all := []*table{&p.Machine}
	for i := range p.Headlines {
		all = append(all, &p.Headlines[i])
	}
	all = append(all, &p.Results, &p.Failed)
	for _, t := range all {
		if len(t.Rows) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// figures returns every figure of the page, in page order.
func (p *page) figures() []plots.Figure {
	var out []plots.Figure
	for _, s := range p.Sections {
		out = append(out, s.Figures...)
		for _, m := range s.More {
			out = append(out, m.Figures...)
		}
	}
	return out
}
