package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Layout, in points. A figure is a title band on top, a grid of panels,
// and the legend in a column to the right of the grid, so it never covers
// data.
const (
	singleW, singleH = 500, 330 // a figure of one panel
	panelW, panelH   = 300, 235 // each panel of a grid (3 across fit a page)
	titleBand        = 30
	panelTitle       = 20
	legendPad        = 12
)

const svgFontFamily = "font-family:Liberation Sans,Arimo,Arial,Helvetica,sans-serif;"

var (
	sans       = font.Font{Typeface: "Liberation", Variant: "Sans"}
	grey       = color.NRGBA{0xdd, 0xdd, 0xdd, 0xff}
	p99Dashes  = []vg.Length{vg.Points(5), vg.Points(3)}
	white      = color.White
	markRadius = vg.Points(3)
)

func sized(size vg.Length) font.Font {
	f := sans
	f.Size = size
	return f
}

// render writes f as outDir/<Name>.png and outDir/<Name>.svg with the styles
// of pal, and records the paths in f. The figure's series must already be
// fit for their axes (see guardLog).
func render(f *Figure, pal *Palette, outDir string) error {
	cols := max(1, f.Cols)
	rows := (len(f.Panels) + cols - 1) / cols
	pw, ph := vg.Length(panelW), vg.Length(panelH)
	if len(f.Panels) == 1 {
		pw, ph = singleW, singleH
	}
	legend := makeLegend(f.Legend, pal)
	legendW := vg.Length(0)
	if len(f.Legend) > 0 {
		for _, e := range f.Legend {
			legendW = max(legendW, legend.TextStyle.Width(e.Name))
		}
		legendW += legend.ThumbnailWidth + legend.TextStyle.Width(" ") + 2*legendPad
	}
	w := vg.Length(cols)*pw + legendW
	h := vg.Length(rows)*ph + titleBand

	paint := func(c vg.Canvas) error {
		dc := draw.NewCanvas(c, w, h)
		dc.SetColor(white)
		dc.Fill(dc.Rectangle.Path())
		title := draw.TextStyle{Color: color.Black, Font: sized(14), XAlign: draw.XCenter, YAlign: draw.YTop, Handler: plot.DefaultTextHandler}
		dc.FillText(title, vg.Point{X: (w - legendW) / 2, Y: h - 6}, f.Title)

		grid := make([][]*plot.Plot, rows)
		for r := range grid {
			grid[r] = make([]*plot.Plot, cols)
		}
		for i, pn := range f.Panels {
			p, err := makePlot(pn, pal, pw)
			if err != nil {
				return fmt.Errorf("plots: figure %s panel %d: %w", f.Name, i, err)
			}
			grid[i/cols][i%cols] = p
		}
		area := draw.Crop(dc, 0, -legendW, 0, -titleBand)
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: 14, PadY: 14 + panelTitle, PadTop: panelTitle, PadLeft: 6, PadRight: 6, PadBottom: 6}
		canvases := plot.Align(grid, tiles, area)
		panelTitleStyle := draw.TextStyle{Color: color.Black, Font: sized(11), XAlign: draw.XCenter, YAlign: draw.YBottom, Handler: plot.DefaultTextHandler}
		for i, pn := range f.Panels {
			p, c := grid[i/cols][i%cols], canvases[i/cols][i%cols]
			// gonum draws a plot's title at the top of its tile, which
			// Align moves per plot; drawn here, just above the data area,
			// the titles of a row line up.
			data := p.DataCanvas(c)
			p.Draw(c)
			if pn.Title != "" {
				dc.FillText(panelTitleStyle, vg.Point{X: (data.Min.X + data.Max.X) / 2, Y: data.Max.Y + 8}, pn.Title)
			}
		}
		if len(f.Legend) > 0 {
			legend.Draw(draw.Crop(dc, w-legendW+legendPad, -legendPad, 0, -titleBand-legendPad))
		}
		return nil
	}

	svg := vgsvg.New(w, h)
	if err := paint(svg); err != nil {
		return err
	}
	img := vgimg.New(w, h)
	if err := paint(img); err != nil {
		return err
	}
	f.SVGPath = filepath.Join(outDir, f.Name+".svg")
	f.PNGPath = filepath.Join(outDir, f.Name+".png")
	var svgText bytes.Buffer
	if _, err := svg.WriteTo(&svgText); err != nil {
		return fmt.Errorf("plots: figure %s: %w", f.Name, err)
	}
	// gonum names the font alone; a viewer without Liberation Sans falls
	// back to a sans-serif of similar metrics instead of its default serif.
	fixed := bytes.ReplaceAll(svgText.Bytes(), []byte("font-family:Liberation Sans;"), []byte(svgFontFamily))
	if err := os.WriteFile(f.SVGPath, fixed, 0o644); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	// PNG at the fastest compression: figures are flat colour, which
	// compresses well anyway, and the default level made encoding most of
	// the drawing time.
	var pngData bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&pngData, img.Image()); err != nil {
		return fmt.Errorf("plots: figure %s: %w", f.Name, err)
	}
	if err := os.WriteFile(f.PNGPath, pngData.Bytes(), 0o644); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	return nil
}

// makePlot builds the gonum plot of one panel; width is the panel's width,
// which sizes the bars.
func makePlot(pn Panel, pal *Palette, width vg.Length) (*plot.Plot, error) {
	p := plot.New()
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = sized(10)
		ax.Tick.Label.Font = sized(9)
	}
	p.X.Label.Text, p.Y.Label.Text = pn.X.Label, pn.Y.Label
	p.Add(&plotter.Grid{Vertical: draw.LineStyle{Color: grey, Width: vg.Points(0.5)}, Horizontal: draw.LineStyle{Color: grey, Width: vg.Points(0.5)}})

	var bars []Series
	for _, s := range pn.Series {
		if s.Mark == Bars {
			bars = append(bars, s)
			continue
		}
		if len(s.X) == 0 {
			continue
		}
		xys := make(plotter.XYs, len(s.X))
		for i := range s.X {
			xys[i] = plotter.XY{X: s.X[i], Y: s.Y[i]}
		}
		ls := lineStyle(pal, s.Color, s.Dashed)
		gs := draw.GlyphStyle{Color: pal.Color(s.Color), Radius: markRadius, Shape: pal.Shape(s.Shape)}
		switch s.Mark {
		case LinePoints:
			l, pts, err := plotter.NewLinePoints(xys)
			if err != nil {
				return nil, fmt.Errorf("series %s: %w", s.Name, err)
			}
			l.LineStyle, pts.GlyphStyle = ls, gs
			p.Add(l, pts)
		case Line:
			l, err := plotter.NewLine(xys)
			if err != nil {
				return nil, fmt.Errorf("series %s: %w", s.Name, err)
			}
			l.LineStyle = ls
			p.Add(l)
		case Points, Dots:
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, fmt.Errorf("series %s: %w", s.Name, err)
			}
			c := pal.Color(s.Color)
			if s.Mark == Points {
				c.A = 0x50
			} else {
				c.A = 0xa0
				gs.Radius = vg.Points(1.3)
				gs.Shape = draw.CircleGlyph{}
			}
			gs.Color = c
			sc.GlyphStyle = gs
			p.Add(sc)
		}
	}
	if err := addBars(p, pal, bars, len(pn.X.Nominal), width); err != nil {
		return nil, err
	}
	if len(pn.X.Nominal) > 0 {
		p.NominalX(pn.X.Nominal...)
		p.X.Tick.Label.Rotation = math.Pi / 7
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
		p.X.Min, p.X.Max = -0.6, float64(len(pn.X.Nominal))-0.4
	}
	setAxis(&p.X, pn.X, pn.Series, func(s Series) []float64 { return s.X })
	setAxis(&p.Y, pn.Y, pn.Series, func(s Series) []float64 { return s.Y })
	return p, nil
}

func lineStyle(pal *Palette, key string, dashed bool) draw.LineStyle {
	ls := draw.LineStyle{Color: pal.Color(key), Width: vg.Points(1.5), Dashes: pal.Dashes(key)}
	if dashed {
		ls.Dashes = p99Dashes
	}
	return ls
}

// addBars draws the bar series of a panel side by side around each nominal
// position.
func addBars(p *plot.Plot, pal *Palette, bars []Series, categories int, width vg.Length) error {
	if len(bars) == 0 {
		return nil
	}
	slot := (width - 80) / vg.Length(max(1, categories))
	bw := 0.8 * slot / vg.Length(len(bars))
	for i, s := range bars {
		bc, err := plotter.NewBarChart(plotter.Values(s.Y), bw)
		if err != nil {
			return fmt.Errorf("series %s: %w", s.Name, err)
		}
		bc.Color = pal.Color(s.Color)
		bc.LineStyle.Width = 0
		bc.Offset = (vg.Length(i) - vg.Length(len(bars)-1)/2) * bw
		p.Add(bc)
	}
	return nil
}

// setAxis applies the range, scale and ticks of spec to ax. A log axis
// gets a range padded by a quarter on each side of the data (1 to 10 when
// it has no data), so a single value never yields an empty range.
func setAxis(ax *plot.Axis, spec Axis, series []Series, vals func(Series) []float64) {
	if spec.Log {
		ax.Scale = plot.LogScale{}
		ax.Tick.Marker = logTicks{}
	}
	if spec.Ticks != nil {
		ax.Tick.Marker = valueTicks(spec.Ticks)
	}
	switch {
	case spec.Fixed:
		ax.Min, ax.Max = spec.Min, spec.Max
	case spec.Log:
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, s := range series {
			for _, v := range vals(s) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
		if math.IsInf(lo, 1) {
			lo, hi = 1, 10
		}
		ax.Min, ax.Max = lo/1.25, hi*1.25
	case spec.Ticks != nil:
		lo, hi := spec.Ticks[0], spec.Ticks[len(spec.Ticks)-1]
		pad := (hi - lo) / 10
		ax.Min, ax.Max = lo-pad, hi+pad
	}
}

// makeLegend builds the legend of entries, drawn top-left of its column.
func makeLegend(entries []Entry, pal *Palette) plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font = sized(10)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = vg.Points(24)
	l.Padding = vg.Points(2)
	for _, e := range entries {
		l.Add(e.Name, thumb{e, pal})
	}
	return l
}

// thumb draws the legend sample of an entry.
type thumb struct {
	e   Entry
	pal *Palette
}

func (t thumb) Thumbnail(c *draw.Canvas) {
	mid := (c.Min.Y + c.Max.Y) / 2
	switch t.e.Mark {
	case Bars:
		r := c.Rectangle
		c.FillPolygon(t.pal.Color(t.e.Color), []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
		return
	case Line, LinePoints:
		c.StrokeLine2(lineStyle(t.pal, t.e.Color, t.e.Dashed), c.Min.X, mid, c.Max.X, mid)
	}
	if t.e.Mark != Line {
		c.DrawGlyph(draw.GlyphStyle{Color: t.pal.Color(t.e.Color), Radius: markRadius, Shape: t.pal.Shape(t.e.Shape)},
			vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: mid})
	}
}

var _ plot.Thumbnailer = thumb{}
