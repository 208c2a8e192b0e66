// Package progress shows how far long stages have come: a bar per stage
// (github.com/vbauerster/mpb/v8) when the output is a terminal, plain
// periodic lines ("generate n=1000000: 250000/1000000 (25%) 4s") otherwise,
// so logs of CI runs stay readable.
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// Reporter owns the stages of a run. Its methods are safe for concurrent use.
type Reporter struct {
	out   io.Writer
	bars  *mpb.Progress // nil in plain mode
	every time.Duration
	mu    sync.Mutex
}

// IsTerminal reports whether w is a character device (a terminal).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// New reports to out: bars when out is a terminal, else plain lines at most
// every `every` per stage (0 means 10 s).
func New(out io.Writer, every time.Duration) *Reporter {
	if every <= 0 {
		every = 10 * time.Second
	}
	r := &Reporter{out: out, every: every}
	if IsTerminal(out) {
		r.bars = mpb.New(mpb.WithOutput(out), mpb.WithWidth(40), mpb.WithRefreshRate(200*time.Millisecond))
	}
	return r
}

// Logf prints a line; with bars it goes above them.
func (r *Reporter) Logf(format string, args ...any) {
	line := fmt.Sprintf(format, args...) + "\n"
	if r.bars != nil {
		if _, err := r.bars.Write([]byte(line)); err == nil {
			return
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	io.WriteString(r.out, line)
}

// Stage starts a stage of total units of work.
func (r *Reporter) Stage(name string, total int64) *Stage {
	s := &Stage{r: r, name: name, total: total, start: time.Now(), last: time.Now()}
	if r.bars != nil {
		s.bar = r.bars.AddBar(total,
			mpb.PrependDecorators(decor.Name(name, decor.WCSyncSpaceR), decor.CountersNoUnit("%d/%d", decor.WCSyncSpace)),
			mpb.AppendDecorators(decor.Percentage(decor.WCSyncSpace), decor.Elapsed(decor.ET_STYLE_GO, decor.WCSyncSpace)),
			mpb.BarRemoveOnComplete(),
		)
	}
	return s
}

// Wait waits for the bars to finish drawing. Call it once, at the end.
func (r *Reporter) Wait() {
	if r.bars != nil {
		r.bars.Wait()
	}
}

// Stage is one stage's progress.
type Stage struct {
	r     *Reporter
	bar   *mpb.Bar
	name  string
	total int64
	mu    sync.Mutex
	done  int64
	start time.Time
	last  time.Time
}

// Add records n more units done.
func (s *Stage) Add(n int) {
	if s.bar != nil {
		s.bar.IncrBy(n)
		return
	}
	s.mu.Lock()
	s.done += int64(n)
	now := time.Now()
	print := now.Sub(s.last) >= s.r.every && s.done < s.total
	if print {
		s.last = now
	}
	done := s.done
	s.mu.Unlock()
	if print {
		s.r.Logf("%s: %d/%d (%.0f%%) %s", s.name, done, s.total, 100*float64(done)/float64(max(s.total, 1)), now.Sub(s.start).Round(time.Second))
	}
}

// Done ends the stage, whatever was recorded, and prints how long it took.
func (s *Stage) Done() {
	took := time.Since(s.start).Round(time.Millisecond)
	if s.bar != nil {
		s.bar.SetTotal(-1, true)
		s.bar.Wait()
	}
	s.r.Logf("%s: done in %s", s.name, took)
}
