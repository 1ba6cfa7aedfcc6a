package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress draws a bar on a terminal for work that lasts longer than about
// a second. It is silent when the writer is not a terminal or when quiet.
type progress struct {
	w      io.Writer
	on     bool
	start  time.Time
	shown  bool
	last   time.Time
	prefix string
}

// newProgress returns a bar writing to w, active only if w is a terminal
// and quiet is false.
func newProgress(w io.Writer, prefix string, quiet bool) *progress {
	return &progress{w: w, on: !quiet && isTerminal(w), start: time.Now(), prefix: prefix}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// update shows done of total, at most ten times a second, starting after
// one second.
func (p *progress) update(done, total int) {
	if !p.on || total <= 0 {
		return
	}
	now := time.Now()
	if now.Sub(p.start) < time.Second || (p.shown && now.Sub(p.last) < 100*time.Millisecond && done < total) {
		return
	}
	p.shown, p.last = true, now
	const width = 30
	filled := width * done / total
	elapsed := now.Sub(p.start)
	eta := ""
	if done > 0 && done < total {
		left := time.Duration(float64(elapsed) * float64(total-done) / float64(done))
		eta = fmt.Sprintf(", %s left", left.Round(time.Second))
	}
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d%s   ", p.prefix, strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total, eta)
}

// done clears the bar's line if it was shown.
func (p *progress) done() {
	if p.on && p.shown {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 79))
	}
}
