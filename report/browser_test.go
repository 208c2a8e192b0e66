package report

import (
	"bytes"
	"context"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ecgbench/ecgbench/plots/plotstest"
)

// chromium is where Debian's chromium package puts the browser; `make deps`
// installs it for this test.
const chromium = "/usr/bin/chromium"

// runChromium runs headless Chromium on a fresh profile with args and
// returns its standard output.
func runChromium(t *testing.T, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, chromium, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// TestReportInBrowser opens report.html in headless Chromium: the parsed
// page must hold every figure as a drawn SVG (with text and paths) and
// every table, load no image, and its screenshot must not be blank.
func TestReportInBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("browser check skipped: %s not found (install Debian's chromium package, e.g. apt-get install -y chromium): %v", chromium, err)
	}
	dir := writeRun(t, plotstest.DefaultGrid(), true)
	res, err := Write(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	page := (&url.URL{Scheme: "file", Path: res.HTML}).String()

	dom := string(runChromium(t, "--dump-dom", page))
	count := func(re string) int { return len(regexp.MustCompile(re).FindAllStringIndex(dom, -1)) }
	if got := count(`<svg[\s>]`); got != len(res.Figures) {
		t.Errorf("DOM has %d <svg>, want %d (one per figure)", got, len(res.Figures))
	}
	if got := count(`<table[\s>]`); got != res.Tables {
		t.Errorf("DOM has %d <table>, want %d", got, res.Tables)
	}
	if got := count(`<img[\s>]`); got != 0 {
		t.Errorf("DOM has %d <img>, want none (figures are inline SVG)", got)
	}
	// Each figure parsed as SVG content: find its element and look for
	// drawn text and paths inside it.
	for _, f := range res.Figures {
		start := strings.Index(dom, `<figure id="fig-`+f.Name+`">`)
		if start < 0 {
			t.Errorf("figure %s missing from the DOM", f.Name)
			continue
		}
		end := strings.Index(dom[start:], "</figure>")
		fig := dom[start : start+end]
		if strings.Count(fig, "<text") < 5 || strings.Count(fig, "<path") < 5 || !strings.Contains(fig, "</svg>") {
			t.Errorf("figure %s did not parse as a drawn SVG", f.Name)
		}
	}

	shot := filepath.Join(t.TempDir(), "report.png")
	runChromium(t, "--screenshot="+shot, "--window-size=1280,2000", "--hide-scrollbars", page)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	b := img.Bounds()
	colours := map[uint32]bool{}
	nonWhite := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[(r>>8)<<16|(g>>8)<<8|bl>>8] = true
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				nonWhite++
			}
		}
	}
	share := float64(nonWhite) / float64(b.Dx()*b.Dy())
	t.Logf("screenshot %v: %d colours, %.1f%% non-white", b.Size(), len(colours), 100*share)
	if len(colours) < 16 || share < 0.02 {
		t.Errorf("screenshot looks blank: %d colours, %.1f%% non-white pixels", len(colours), 100*share)
	}
}
