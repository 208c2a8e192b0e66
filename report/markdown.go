package report

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ecgbench/ecgbench/plots"
)

// markdown writes the page as Markdown; figures are PNG images linking to
// their SVG, with paths relative to runDir.
func markdown(p *page, runDir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", p.Title, p.Source)
	b.WriteString("Contents: [Run](#run) · [Machine](#machine) · [Spec](#spec) · [Headline](#headline)")
	for _, s := range p.Sections {
		fmt.Fprintf(&b, " · [%s](#%s)", s.Title, anchor(s.Title))
	}
	b.WriteString(" · [All trials](#all-trials) · [Failed trials](#failed-trials)\n\n")

	b.WriteString("## Run\n\n")
	for _, para := range p.Run {
		b.WriteString(para + "\n\n")
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(&b, "- Warning: %s\n", mdText(w))
	}
	if len(p.Warnings) > 0 {
		b.WriteString("\n")
	}

	b.WriteString("## Machine\n\n")
	mdTable(&b, &p.Machine)

	b.WriteString("## Spec\n\n")
	if p.Spec == "" {
		b.WriteString("No spec.toml in the run folder.\n\n")
	} else {
		fmt.Fprintf(&b, "From `%s`:\n\n```toml\n%s\n```\n\n", p.SpecPath, strings.TrimRight(p.Spec, "\n"))
	}

	b.WriteString("## Headline\n\nBest QPS at a recall target per index config × strategy (\"—\": never reached).\n\n")
	for i := range p.Headlines {
		mdTable(&b, &p.Headlines[i])
	}

	for _, s := range p.Sections {
		fmt.Fprintf(&b, "## %s\n\n", s.Title)
		if s.Intro != "" {
			b.WriteString(s.Intro + "\n\n")
		}
		for _, f := range s.Figures {
			mdFigure(&b, f, runDir)
		}
		for _, m := range s.More {
			fmt.Fprintf(&b, "### %s\n\n", m.Title)
			for _, f := range m.Figures {
				fmt.Fprintf(&b, "- [%s](%s) ([PNG](%s))%s\n", mdText(f.Title), rel(runDir, f.SVGPath), rel(runDir, f.PNGPath), mdNotes(f.Notes))
			}
			b.WriteString("\n")
		}
	}

	b.WriteString("## All trials\n\n")
	mdTable(&b, &p.Results)
	b.WriteString("## Failed trials\n\n")
	mdTable(&b, &p.Failed)
	return b.String()
}

func mdFigure(b *strings.Builder, f plots.Figure, runDir string) {
	fmt.Fprintf(b, "[![%s](%s)](%s)\n\n**%s.** %s\n\n", mdText(f.Title), rel(runDir, f.PNGPath), rel(runDir, f.SVGPath), mdText(f.Title), mdText(f.Caption))
	for _, n := range f.Notes {
		fmt.Fprintf(b, "- Note: %s\n", mdText(n))
	}
	if len(f.Notes) > 0 {
		b.WriteString("\n")
	}
}

func mdNotes(notes []string) string {
	if len(notes) == 0 {
		return ""
	}
	return " — note: " + mdText(strings.Join(notes, " "))
}

func mdTable(b *strings.Builder, t *table) {
	if t.Caption != "" {
		b.WriteString(mdText(t.Caption) + "\n\n")
	}
	if len(t.Rows) == 0 {
		b.WriteString(t.Empty + "\n\n")
		return
	}
	cells := func(row []string) {
		b.WriteString("|")
		for _, c := range row {
			b.WriteString(" " + mdText(c) + " |")
		}
		b.WriteString("\n")
	}
	cells(t.Header)
	b.WriteString("|")
	for i := range t.Header {
		if t.Numeric[i] {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		cells(r)
	}
	b.WriteString("\n")
}

// mdText escapes the characters that would break a table cell or start
// markup.
func mdText(s string) string {
	return strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "<", "&lt;", "\n", " ").Replace(s)
}

// anchor returns the anchor GitHub gives a heading.
func anchor(title string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(title) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteRune(c)
		case c == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// rel returns path relative to dir, with forward slashes, for a link.
func rel(dir, path string) string {
	r, err := filepath.Rel(dir, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(r)
}
