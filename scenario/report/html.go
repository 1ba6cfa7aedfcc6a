package report

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
)

// WriteHTML writes the report as one self-contained HTML page: inline CSS
// and SVG, no script, no font or image from elsewhere, so that it opens from
// disk without a network and prints cleanly (a print style sheet keeps
// tables and figures whole). The page holds, in order: the scenario; the
// answer in sentences (who kept supply, for how long, how likely it goes
// wrong); per network its totals with units and, for the network studied,
// the mean and 95 % interval over the trials, its storage, tables by class
// and zone, its charts and, when its nodes have coordinates, two maps of
// coverage (at the worst hour and over the run) with a legend; what the
// crews did; the risk over the trials with its charts; and the caller's
// Sections.
//
// The page is deterministic: the same document gives the same bytes. It
// returns an error if doc is nil, a chart cannot be drawn, or w fails.
func WriteHTML(w io.Writer, doc *Document) error {
	if doc == nil {
		return errors.New("report: nil document")
	}
	charts, err := Charts(doc)
	if err != nil {
		return err
	}
	svgs, err := chartSVGs(charts)
	if err != nil {
		return err
	}
	return writeHTML(w, doc, charts, svgs)
}

// chartSVGs renders each chart as SVG.
func chartSVGs(charts []Chart) (map[string][]byte, error) {
	out := make(map[string][]byte, len(charts))
	for _, c := range charts {
		var buf bytes.Buffer
		if err := Render(&buf, c.Plot, "svg"); err != nil {
			return nil, fmt.Errorf("report: chart %s: %w", c.Name, err)
		}
		out[c.Name] = buf.Bytes()
	}
	return out, nil
}

// prolog matches what comes before the <svg element of a gonum SVG file.
var prolog = regexp.MustCompile(`(?s)\A.*?(<svg\b)`)

// inlineSVG returns an SVG document as an element for an HTML page:
// without its XML prolog, scaled to its container.
func inlineSVG(svg []byte, label string) string {
	s := prolog.ReplaceAllString(string(svg), "$1")
	s = strings.Replace(s, "<svg ", `<svg role="img" aria-label="`+html.EscapeString(label)+`" preserveAspectRatio="xMidYMid meet" `, 1)
	return strings.TrimSpace(s)
}

const css = `
:root { --ink: #1d1d1f; --muted: #5a5a5f; --rule: #d0d0d5; --band: #f3f4f7; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem 2rem 3rem; color: var(--ink);
  font: 15px/1.45 "Liberation Sans", Arial, Helvetica, sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .6rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.08rem; margin: 1.5rem 0 .5rem; }
nav { margin: .8rem 0 0; font-size: .92rem; }
nav a { margin-right: 1rem; color: var(--accent); }
section#answer ul { padding-left: 1.2rem; }
section#answer li { margin: .35rem 0; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .9rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { text-align: left; font-weight: 600; }
thead th { background: var(--band); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.facts th { font-weight: normal; color: var(--muted); padding-left: 0; }
table.totals tbody th, table.crew tbody th, table.adequacy tbody th, table.risk tbody th { min-width: 17rem; }
table.facts td { text-align: left; }
td.indent { padding-left: 1.6rem; color: var(--muted); }
.wide { overflow-x: auto; }
figure { margin: 1rem 0 1.5rem; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { width: 100%; max-width: 46rem; height: auto; display: block; }
figure.map svg { width: 100%; max-width: 48rem; height: auto; display: block; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: .88rem; margin-top: .3rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(30rem, 1fr)); gap: 0 1.5rem; }
p.note { color: var(--muted); font-size: .9rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: .82rem; border-top: 1px solid var(--rule); padding-top: .5rem; }
@page { margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  table, tr { break-inside: avoid; page-break-inside: avoid; }
  .wide { overflow: visible; }
  table.classes, table.zones, table.risk, table.storage { font-size: 7.5pt; }
  th, td { padding: .15rem .35rem; }
  .charts { display: block; }
  figure.chart svg { max-width: 16cm; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`

// htmlWriter writes HTML and keeps the first error.
type htmlWriter struct {
	w   io.Writer
	err error
}

func (h *htmlWriter) raw(s string) {
	if h.err == nil {
		_, h.err = io.WriteString(h.w, s)
	}
}

func (h *htmlWriter) printf(format string, args ...any) { h.raw(fmt.Sprintf(format, args...)) }

var esc = html.EscapeString

// rowsTable writes label–value rows as a table; with stats, the study's
// mean and interval as two more columns.
func (h *htmlWriter) rowsTable(class string, rs []row, stats bool) {
	h.printf("<table class=\"%s\">\n", class)
	if stats {
		h.raw("<thead><tr><th scope=\"col\">figure</th><th scope=\"col\" class=\"num\">trial 0</th>" +
			"<th scope=\"col\" class=\"num\">mean over the trials</th><th scope=\"col\" class=\"num\">95 % interval of the mean</th></tr></thead>\n")
	}
	h.raw("<tbody>\n")
	for _, r := range rs {
		cls := ""
		if r.indent {
			cls = ` class="indent"`
		}
		h.printf("<tr><th scope=\"row\"%s>%s</th><td%s>%s</td>", cls, esc(r.label), ifElse(class == "facts", "", ` class="num"`), esc(r.value))
		if stats {
			h.printf("<td class=\"num\">%s</td><td class=\"num\">%s</td>", esc(r.mean), esc(r.interval))
		}
		h.raw("</tr>\n")
	}
	h.raw("</tbody></table>\n")
}

// table writes a table of figures, the first column text.
func (h *htmlWriter) table(class string, t *table) {
	id := ""
	if t.id != "" {
		id = ` id="` + esc(safeName(t.id)) + `"`
	}
	h.printf("<div class=\"wide\"><table class=\"%s\"%s>\n<thead><tr>", class, id)
	for i, c := range t.header {
		cls := ""
		if i > 0 {
			cls = ` class="num"`
		}
		h.printf("<th scope=\"col\"%s>%s</th>", cls, esc(c))
	}
	h.raw("</tr></thead>\n<tbody>\n")
	for _, r := range t.rows {
		h.printf("<tr><th scope=\"row\">%s</th>", esc(r[0]))
		for _, c := range r[1:] {
			h.printf("<td class=\"num\">%s</td>", esc(c))
		}
		h.raw("</tr>\n")
	}
	h.raw("</tbody></table></div>\n")
}

// figure writes an inline chart with its caption.
func (h *htmlWriter) figure(c Chart, svg []byte) {
	h.printf("<figure class=\"chart\" id=\"chart-%s\">\n%s\n<figcaption>%s</figcaption>\n</figure>\n",
		esc(c.Name), inlineSVG(svg, c.Title), esc(c.Title))
}

func writeHTML(w io.Writer, doc *Document, charts []Chart, svgs map[string][]byte) error {
	h := &htmlWriter{w: w}
	name := doc.Scenario
	if name == "" {
		name = "(unnamed)"
	}
	h.printf("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"+
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"+
		"<title>Lifeline report: %s</title>\n<style>%s</style>\n</head>\n<body>\n", esc(name), css)
	h.printf("<header>\n<h1>Lifeline report: %s</h1>\n", esc(name))
	h.rowsTable("facts", doc.header(), false)
	h.raw("<nav><a href=\"#answer\">In short</a>")
	for _, i := range doc.order() {
		n := &doc.Networks[i]
		h.printf("<a href=\"#net-%s\">%s</a>", esc(safeName(n.ID)), esc(netTitle(n.ID, n.Kind)))
	}
	h.raw("<a href=\"#crews\">Crews</a>")
	if doc.Risk != nil {
		h.raw("<a href=\"#risk\">Risk</a>")
	}
	for _, s := range doc.Sections {
		h.printf("<a href=\"#sec-%s\">%s</a>", esc(safeName(s.ID)), esc(s.Title))
	}
	h.raw("</nav>\n</header>\n")

	h.raw("<section id=\"answer\">\n<h2>In short</h2>\n<ul>\n")
	for _, s := range doc.answer() {
		h.printf("<li>%s</li>\n", esc(s))
	}
	h.raw("</ul>\n</section>\n")

	for _, i := range doc.order() {
		n := &doc.Networks[i]
		h.printf("<section class=\"network\" id=\"net-%s\">\n<h2>Network %s</h2>\n", esc(safeName(n.ID)), esc(netTitle(n.ID, n.Kind)))
		h.printf("<p class=\"note\">Flows in %s, %s in %s; shortages shared %s.</p>\n", esc(n.FlowUnit),
			quantityWord(n.Kind), esc(n.QuantityUnit), esc(policyWords(n.Policy)))
		h.rowsTable("totals", doc.networkRows(n), doc.studied(n.ID) != nil)
		if t := doc.storageTable(n); t != nil {
			h.raw("<h3>Storage</h3>\n")
			h.table("storage", t)
		}
		if t := doc.groupTable(n, "class", n.Classes); t != nil {
			h.raw("<h3>By class</h3>\n")
			h.table("classes", t)
		}
		if t := doc.groupTable(n, "zone", n.Zones); t != nil {
			h.raw("<h3>By zone</h3>\n")
			h.table("zones", t)
		}
		var cs []Chart
		for _, c := range charts {
			if c.Network == n.ID && !c.Study {
				cs = append(cs, c)
			}
		}
		if len(cs) > 0 {
			h.raw("<h3>Over time</h3>\n<div class=\"charts\">\n")
			for _, c := range cs {
				h.figure(c, svgs[c.Name])
			}
			h.raw("</div>\n")
		}
		if n.Map != nil {
			h.mapFigures(doc, n)
		}
		h.raw("</section>\n")
	}

	h.raw("<section id=\"crews\">\n<h2>Crews</h2>\n")
	h.rowsTable("crew", doc.crewRows(), doc.Risk != nil && doc.Crew.Teams > 0)
	for _, c := range charts {
		if c.Name == "crew-utilisation" {
			h.figure(c, svgs[c.Name])
		}
	}
	h.raw("</section>\n")

	if r := doc.Risk; r != nil {
		h.printf("<section id=\"risk\">\n<h2>Risk over %s of network %s (seed %d)</h2>\n", esc(plural(r.Trials, "trial", "trials")),
			esc(netTitle(r.Network, r.Kind)), r.Seed)
		h.rowsTable("adequacy", doc.adequacyRows(), false)
		h.table("risk", doc.riskTable())
		h.raw("<p class=\"note\">The worst 5 % (CVaR95) is the mean of the worst twentieth of the trials: the highest values, " +
			"or the lowest for coverage and availability. Intervals are of the mean over the trials.</p>\n<div class=\"charts\">\n")
		for _, c := range charts {
			if c.Study {
				h.figure(c, svgs[c.Name])
			}
		}
		h.raw("</div>\n</section>\n")
	}
	for _, s := range doc.Sections {
		h.printf("<section class=\"extra\" id=\"sec-%s\">\n<h2>%s</h2>\n", esc(safeName(s.ID)), esc(s.Title))
		for _, b := range s.Blocks {
			switch {
			case b.Text != "":
				h.printf("<p>%s</p>\n", esc(b.Text))
			case len(b.Rows) > 0:
				rs := make([]row, len(b.Rows))
				for k, r := range b.Rows {
					rs[k] = row{label: r.Label, value: r.Value}
				}
				h.rowsTable("facts", rs, false)
			case b.Table != nil:
				if b.Table.Caption != "" {
					h.printf("<h3>%s</h3>\n", esc(b.Table.Caption))
				}
				h.table("extra", &table{header: b.Table.Header, rows: b.Table.Rows})
			}
		}
		h.raw("</section>\n")
	}
	h.printf("<footer>Written by Lifeline from a %s document, version %d. Every figure of this page is in the document "+
		"(report.json), key by key in docs/report-schema.md.</footer>\n</body>\n</html>\n", Schema, doc.Version)
	return h.err
}

// mapFigures writes the maps of a network: coverage at the worst hour and
// over the run.
func (h *htmlWriter) mapFigures(doc *Document, n *Network) {
	net, err := n.Map.network(n.ID)
	if err != nil {
		h.printf("<p class=\"note\">No map: %s</p>\n", esc(err.Error()))
		return
	}
	h.raw("<h3>Map</h3>\n")
	c := doc.clock()
	worst := "the worst hour"
	if w := n.Worst; w != nil {
		if w.Short {
			worst = "the worst hour, " + c.when(w.Start)
		} else {
			worst = "the peak hour, " + c.when(w.Start) + " (no shortfall in the run)"
		}
	}
	if net.NumNodes()+net.NumLinks() > MaxMapElements {
		h.printf("<p class=\"note\">The network has %s nodes and links: the maps leave out links and junctions.</p>\n",
			fixed(float64(net.NumNodes()+net.NumLinks()), 0))
	}
	for _, m := range []struct{ cov, load, caption string }{
		{colCoverageWorst, colLoadingWorst, "Coverage of each consumer and loading of links and stations during " + worst},
		{colCoverage, colLoading, "Coverage of each consumer and mean loading of links and stations over the run"},
	} {
		svg := mapSVG(net, n.Map, m.cov, m.load, m.caption+": "+netTitle(n.ID, n.Kind))
		if svg == "" {
			continue
		}
		h.printf("<figure class=\"map\">\n%s\n<figcaption>%s. Positions from the network's coordinates.</figcaption>\n</figure>\n",
			svg, esc(m.caption))
	}
}
