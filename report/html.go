package report

import (
	"bytes"
	"fmt"
	"html/template"
	"os"

	"github.com/ecgbench/ecgbench/plots"
)

// htmlPage is what the HTML template sees.
type htmlPage struct {
	*page
	RunDir  string
	Figures map[string]template.HTML // inline SVG by figure name
}

// figureView is what the figure template sees.
type figureView struct {
	F            plots.Figure
	SVG          template.HTML
	PNG, SVGFile string // links relative to the run folder
}

// html writes the page as one self-contained HTML document: inline CSS,
// each figure's SVG inlined, no script and no external reference.
func html(p *page, runDir string) (string, error) {
	hp := htmlPage{page: p, RunDir: runDir, Figures: map[string]template.HTML{}}
	for _, f := range p.figures() {
		svg, err := inlineSVG(f)
		if err != nil {
			return "", err
		}
		hp.Figures[f.Name] = svg
	}
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, hp); err != nil {
		return "", fmt.Errorf("report: html: %w", err)
	}
	return b.String(), nil
}

// inlineSVG reads a figure's SVG file and returns its <svg> element,
// without the XML prolog, labelled for screen readers.
func inlineSVG(f plots.Figure) (template.HTML, error) {
	data, err := os.ReadFile(f.SVGPath)
	if err != nil {
		return "", fmt.Errorf("report: figure %s: %w", f.Name, err)
	}
	i := bytes.Index(data, []byte("<svg"))
	if i < 0 {
		return "", fmt.Errorf("report: figure %s: %s holds no <svg> element", f.Name, f.SVGPath)
	}
	label := template.HTMLEscapeString(f.Title)
	// The SVG comes from our own renderer (package plots), so it is
	// trusted markup.
	return template.HTML(`<svg role="img" aria-label="` + label + `"` + string(data[i+len("<svg"):])), nil
}

var pageTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"figure": func(hp htmlPage, f plots.Figure) figureView {
		return figureView{F: f, SVG: hp.Figures[f.Name], PNG: rel(hp.RunDir, f.PNGPath), SVGFile: rel(hp.RunDir, f.SVGPath)}
	},
	"align": func(t *table, i int) string {
		if i < len(t.Numeric) && t.Numeric[i] {
			return "num"
		}
		return ""
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; margin: 0 auto; max-width: 1400px; padding: 1rem 2rem 4rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.35rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
nav { font-size: .95rem; margin: .8rem 0 1.5rem; }
nav a { margin-right: .9rem; }
a { color: #0060a0; }
p.source, .muted { color: #555; }
table { border-collapse: collapse; margin: .6rem 0 1.6rem; font-size: .85rem; }
caption { caption-side: top; text-align: left; color: #444; padding-bottom: .35rem; font-size: .9rem; }
th, td { border: 1px solid #d5d5d5; padding: .2rem .5rem; vertical-align: top; }
th { background: #f0f0f0; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #fafafa; }
.wide { overflow-x: auto; max-height: 48rem; overflow-y: auto; border: 1px solid #e2e2e2; }
.wide table { margin: 0; }
.wide th { position: sticky; top: 0; }
.wide td { white-space: nowrap; }
figure { margin: 1.2rem 0 2.2rem; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { max-width: 60rem; font-size: .92rem; }
ul.notes { font-size: .88rem; color: #8a4b00; margin: .3rem 0; }
details { margin: .6rem 0 1.2rem; }
summary { cursor: pointer; font-weight: bold; }
pre { background: #f6f6f6; padding: .8rem; overflow-x: auto; font-size: .85rem; }
.warning { color: #8a4b00; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="source">{{.Source}}</p>
<nav><a href="#run">Run</a><a href="#machine">Machine</a><a href="#spec">Spec</a><a href="#headline">Headline</a>{{range .Sections}}<a href="#{{.ID}}">{{.Title}}</a>{{end}}<a href="#results">All trials</a><a href="#failed">Failed trials</a></nav>

<h2 id="run">Run</h2>
{{range .Run}}<p>{{.}}</p>
{{end}}{{if .Warnings}}<ul>{{range .Warnings}}<li class="warning">Warning: {{.}}</li>{{end}}</ul>{{end}}

<h2 id="machine">Machine</h2>
{{template "table" .Machine}}

<h2 id="spec">Spec</h2>
{{if .Spec}}<p>From <code>{{.SpecPath}}</code>:</p>
<pre>{{.Spec}}</pre>{{else}}<p class="muted">No spec.toml in the run folder.</p>{{end}}

<h2 id="headline">Headline</h2>
<p>Best QPS at a recall target per index config × strategy (“—”: never reached).</p>
{{range .Headlines}}{{template "table" .}}{{end}}

{{range .Sections}}<h2 id="{{.ID}}">{{.Title}}</h2>
{{if .Intro}}<p>{{.Intro}}</p>{{end}}
{{range .Figures}}{{template "figure" (figure $ .)}}{{end}}
{{range .More}}<details><summary>{{.Title}} ({{len .Figures}} figures)</summary>
{{range .Figures}}{{template "figure" (figure $ .)}}{{end}}
</details>
{{end}}{{end}}

<h2 id="results">All trials</h2>
<div class="wide">{{template "table" .Results}}</div>

<h2 id="failed">Failed trials</h2>
{{template "table" .Failed}}
</body>
</html>
{{define "table"}}{{if .Rows}}<table id="{{.ID}}">{{if .Caption}}<caption>{{.Caption}}</caption>{{end}}
<thead><tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{$t := .}}{{range .Rows}}<tr>{{range $i, $c := .}}<td{{with align $t $i}} class="{{.}}"{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}</tbody>
</table>{{else}}<p class="muted">{{.Empty}}</p>{{end}}{{end}}
{{define "figure"}}<figure id="fig-{{.F.Name}}">
{{.SVG}}
<figcaption><b>{{.F.Title}}.</b> {{.F.Caption}} <a href="{{.PNG}}">PNG</a> · <a href="{{.SVGFile}}">SVG</a></figcaption>
{{if .F.Notes}}<ul class="notes">{{range .F.Notes}}<li>{{.}}</li>{{end}}</ul>{{end}}
</figure>
{{end}}`))
