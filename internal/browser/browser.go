// Package browser opens HTML files in a headless Chromium for tests: it
// returns the DOM the browser built and the messages the page logged, so
// that a test checks what a reader's browser shows, not the bytes written.
package browser

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Find returns the path of a Chromium binary on PATH ("chromium", as
// Debian installs it, or "chromium-browser", "google-chrome"), or "" if
// there is none.
func Find() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Page is what the browser made of a file.
type Page struct {
	// DOM is the document as the browser serialised it once loaded.
	DOM string
	// Console holds the messages the page logged (console calls, script
	// errors), one per entry, in order.
	Console []string
}

// consoleRE matches the console lines Chromium logs with
// --enable-logging=stderr: `[…:INFO:CONSOLE:12] "message", source: …` (or CONSOLE(12)).
var consoleRE = regexp.MustCompile(`:CONSOLE(?:[:(]\d+\)?)?\] (.*)$`)

// Load opens file (a local path) in headless Chromium with a fresh
// profile, no network services and no sandbox (tests run as root in CI),
// and returns its DOM and console messages. It returns an error if the
// browser fails or does not finish within the context's deadline (one
// minute if ctx has none).
func Load(ctx context.Context, bin, file string) (*Page, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	profile, err := os.MkdirTemp("", "lifeline-chromium-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(profile)
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Minute)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-extensions", "--user-data-dir="+profile, "--enable-logging=stderr", "--v=0",
		"--dump-dom", "file://"+abs)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("browser: %s: %w", file, ctx.Err())
		}
		return nil, fmt.Errorf("browser: %s: %w: %s", file, err, tail(errb.String()))
	}
	p := &Page{DOM: out.String()}
	sc := bufio.NewScanner(&errb)
	sc.Buffer(make([]byte, 1<<16), 1<<22)
	for sc.Scan() {
		if m := consoleRE.FindStringSubmatch(sc.Text()); m != nil {
			p.Console = append(p.Console, m[1])
		}
	}
	if p.DOM == "" {
		return nil, errors.New("browser: " + file + ": empty DOM: " + tail(errb.String()))
	}
	return p, nil
}

// tail returns the last lines of a log.
func tail(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	return strings.Join(lines, "\n")
}

// external matches a reference to anything outside the page: a script, a
// style sheet or an image by URL, an import.
var external = regexp.MustCompile(`(?i)<script\b|<link\b|<iframe\b|@import|(?:src|href)\s*=\s*"(?:https?:|//|file:)|url\(\s*['"]?(?:https?:|//|file:)`)

// Check opens file in headless Chromium and fails t if the page logged
// anything (it has no script, so any message is an error) or refers to a
// resource outside itself; it returns the DOM. It skips t when no Chromium
// is installed (.ci/run installs Debian's chromium).
func Check(t testing.TB, file string) string {
	t.Helper()
	bin := Find()
	if bin == "" {
		t.Skip("chromium is not installed: the page was not opened in a browser")
	}
	p, err := Load(context.Background(), bin, file)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range p.Console {
		t.Errorf("%s: the page logged %s", file, m)
	}
	if loc := external.FindStringIndex(p.DOM); loc != nil {
		lo, hi := max(0, loc[0]-60), min(len(p.DOM), loc[1]+60)
		t.Errorf("%s refers to something outside the page: …%s…", file, p.DOM[lo:hi])
	}
	return p.DOM
}
