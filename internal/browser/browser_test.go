package browser_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/internal/browser"
)

// The browser builds the DOM (it closes the paragraph and adds tbody) and
// reports what the page logs.
func TestLoad(t *testing.T) {
	bin := browser.Find()
	if bin == "" {
		t.Skip("chromium is not installed")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "p.html")
	src := `<!DOCTYPE html><html><head><title>T</title></head><body><p id=x>one<table><tr><td>7</td></tr></table>` +
		`<script>document.getElementById("x").textContent = "two"; console.error("boom " + (6*7))</script></body></html>`
	if err := os.WriteFile(page, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := browser.Load(context.Background(), bin, page)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.DOM, `<p id="x">two</p>`) || !strings.Contains(p.DOM, "<tbody>") {
		t.Errorf("DOM not built by the browser:\n%s", p.DOM)
	}
	if len(p.Console) != 1 || !strings.Contains(p.Console[0], `"boom 42"`) {
		t.Errorf("console %q, want the one message \"boom 42\"", p.Console)
	}
}
