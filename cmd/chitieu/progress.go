package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/term"
)

// progress draws a one-line progress bar on standard error, and only when
// standard error is a terminal: under cron, in CI, or piped to a log file
// nothing is written, so logs hold no carriage returns or escape codes.
// --quiet turns it off on a terminal too.
//
// A step with a known total shows a bar (3/7); one without shows a spinner
// and the time taken, redrawn while the step runs, so a slow write does not
// look like a hang. While a file loads, the rows read from it so far are
// counted beside the bar (Rows): a bar of files alone stood at 0/1 for the
// whole of one large file.
type progress struct {
	w  io.Writer
	on bool

	mu          sync.Mutex
	label       string
	done, total int
	rows        int64 // rows of the current step's file so far
	start       time.Time
	spin        int
	stop        chan struct{}
	wg          sync.WaitGroup
}

// newProgress returns a progress bar on e.stderr, drawn only on a terminal.
func newProgress(e *env, quiet bool) *progress {
	on := false
	if f, ok := e.stderr.(*os.File); ok && !quiet {
		on = term.IsTerminal(int(f.Fd()))
	}
	return &progress{w: e.stderr, on: on}
}

// Start begins a step; total 0 means unknown.
func (p *progress) Start(label string, total int) {
	if p == nil || !p.on {
		return
	}
	p.Finish()
	p.mu.Lock()
	p.label, p.done, p.total, p.rows, p.start = label, 0, total, 0, time.Now()
	p.stop = make(chan struct{})
	p.draw()
	p.mu.Unlock()
	p.wg.Add(1)
	go p.tick(p.stop)
}

// Step shows a step of a longer task: it starts the bar if it is not
// running, or changes its label and count if it is, without restarting the
// clock. Its signature fits a callback such as
// Progress func(step string, done, total int).
func (p *progress) Step(label string, done, total int) {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	running := p.stop != nil
	if running {
		if label != p.label {
			p.rows = 0
		}
		p.label, p.done, p.total = label, done, total
		p.draw()
	}
	p.mu.Unlock()
	if !running {
		p.Start(label, total)
		p.Set(done)
	}
}

// Wrap returns a writer for log output that clears the bar's line before
// each write and redraws the bar after it, so log lines and the bar do not
// overwrite each other on the terminal.
func (p *progress) Wrap(w io.Writer) io.Writer {
	if p == nil || !p.on {
		return w
	}
	return progressWriter{p, w}
}

type progressWriter struct {
	p *progress
	w io.Writer
}

func (pw progressWriter) Write(b []byte) (int, error) {
	pw.p.mu.Lock()
	defer pw.p.mu.Unlock()
	fmt.Fprint(pw.w, "\r\033[K")
	n, err := pw.w.Write(b)
	if pw.p.stop != nil {
		pw.p.draw()
	}
	return n, err
}

// Rows records how many rows of the current file have been read; its
// signature fits Pipeline.Rows.
func (p *progress) Rows(n int64) {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	p.rows = n
	if p.stop != nil {
		p.draw()
	}
	p.mu.Unlock()
}

// Set records how much of the step is done.
func (p *progress) Set(done int) {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	p.done = done
	p.draw()
	p.mu.Unlock()
}

// Finish ends the step and clears the line.
func (p *progress) Finish() {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	stop := p.stop
	p.stop = nil
	p.mu.Unlock()
	if stop == nil {
		return
	}
	close(stop)
	p.wg.Wait()
	p.mu.Lock()
	fmt.Fprint(p.w, "\r\033[K")
	p.mu.Unlock()
}

func (p *progress) tick(stop chan struct{}) {
	defer p.wg.Done()
	t := time.NewTicker(150 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			p.mu.Lock()
			p.spin++
			p.draw()
			p.mu.Unlock()
		}
	}
}

// draw writes the line; the caller holds p.mu.
func (p *progress) draw() {
	const width = 24
	elapsed := time.Since(p.start).Round(100 * time.Millisecond)
	label := p.label
	if utf8.RuneCountInString(label) > 40 {
		label = string([]rune(label)[:39]) + "…"
	}
	var bar string
	if p.total > 0 {
		n := min(p.done*width/p.total, width)
		bar = fmt.Sprintf("[%s%s] %d/%d", strings.Repeat("█", n), strings.Repeat("░", width-n), p.done, p.total)
	} else {
		bar = string(`|/-\`[p.spin%4])
	}
	rows := ""
	if p.rows > 0 {
		rows = " " + thousands(p.rows) + " rows"
	}
	fmt.Fprintf(p.w, "\r\033[K%s %s%s %s", label, bar, rows, elapsed)
}

// thousands writes n with commas between thousands: 1,234,567.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
