package report

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// WriteText writes the report for people to read as plain text: what the
// scenario is, the findings in sentences, then per network (the lead one
// first) its totals with their units (and, for the network studied, the
// mean and 95 % interval over the trials), its storage, and tables by class
// and by zone, then what the crews did, the risk over the trials and the
// caller's Sections.
//
// Metric names are in words, numbers in fixed point with thousands
// separators and the digits that matter, quantities in the unit that suits
// them (MWh, GWh, thousand m³, …), money with its currency. Rows appear
// only where they apply: cold customers for heat networks played with
// weather, storage where there is some, the part of the shortfall caused by
// other utilities where there is one, crew metrics where there are crews.
//
// The output is deterministic: the same document gives the same bytes
// (Timings are not shown). It returns an error if doc is nil or w fails.
func WriteText(w io.Writer, doc *Document) error {
	if doc == nil {
		return errors.New("report: nil document")
	}
	t := &textWriter{w: w}
	name := doc.Scenario
	if name == "" {
		name = "(unnamed)"
	}
	t.title("Lifeline report: "+name, '=', false)
	t.rows(doc.header(), false)
	t.title("In short", '-', true)
	for _, s := range doc.answer() {
		t.para(s)
	}
	for _, i := range doc.order() {
		n := &doc.Networks[i]
		t.title("Network "+netTitle(n.ID, n.Kind)+fmt.Sprintf(": flows in %s, %s in %s, shortages shared %s", n.FlowUnit,
			quantityWord(n.Kind), n.QuantityUnit, policyWords(n.Policy)), '=', true)
		t.rows(doc.networkRows(n), doc.studied(n.ID) != nil)
		if st := doc.storageTable(n); st != nil {
			t.title("Storage", '-', true)
			t.table(st)
		}
		if ct := doc.groupTable(n, "class", n.Classes); ct != nil {
			t.title("By class", '-', true)
			t.table(ct)
		}
		if zt := doc.groupTable(n, "zone", n.Zones); zt != nil {
			t.title("By zone", '-', true)
			t.table(zt)
		}
	}
	t.title("Crews", '=', true)
	t.rows(doc.crewRows(), doc.Risk != nil && doc.Crew.Teams > 0)
	if r := doc.Risk; r != nil {
		t.title(fmt.Sprintf("Risk over %s of network %s (seed %d)", plural(r.Trials, "trial", "trials"), r.Network, r.Seed), '=', true)
		t.table(doc.riskTable())
		t.para("The worst 5 % (CVaR95) is the mean of the worst twentieth of the trials: the highest values, or the lowest for coverage and availability.")
		t.title("Adequacy and service risks", '-', true)
		t.rows(doc.adequacyRows(), false)
	}
	for _, s := range doc.Sections {
		t.title(s.Title, '=', true)
		for i, b := range s.Blocks {
			switch {
			case b.Text != "":
				if i > 0 {
					t.printf("\n")
				}
				t.para(b.Text)
			case len(b.Rows) > 0:
				rs := make([]row, len(b.Rows))
				for k, r := range b.Rows {
					rs[k] = row{label: r.Label, value: r.Value}
				}
				t.rows(rs, false)
			case b.Table != nil:
				if b.Table.Caption != "" {
					t.title(b.Table.Caption, '-', true)
				} else if i > 0 {
					t.printf("\n")
				}
				t.table(&table{header: b.Table.Header, rows: b.Table.Rows})
			}
		}
	}
	return t.err
}

// policyWords describes a rationing policy.
func policyWords(p string) string {
	switch p {
	case "priority-fair":
		return "by priority, fairly within a class"
	case "proportional":
		return "in proportion to demand"
	}
	return p
}

// textWriter writes sections and keeps the first error.
type textWriter struct {
	w   io.Writer
	err error
}

func (t *textWriter) printf(format string, args ...any) {
	if t.err != nil {
		return
	}
	_, t.err = fmt.Fprintf(t.w, format, args...)
}

// title writes a section title underlined with c, after a blank line if
// gap.
func (t *textWriter) title(s string, c byte, gap bool) {
	if gap {
		t.printf("\n")
	}
	t.printf("%s\n%s\n", s, strings.Repeat(string(c), utf8.RuneCountInString(s)))
}

// para writes a paragraph wrapped at 100 columns, indented by two spaces.
func (t *textWriter) para(s string) {
	const width = 100
	line := " "
	for _, word := range strings.Fields(s) {
		if utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > width && strings.TrimSpace(line) != "" {
			t.printf("%s\n", line)
			line = "   "
		}
		line += " " + word
	}
	t.printf("%s\n", line)
}

// rows writes label–value lines, labels aligned, indented by two spaces;
// with stats, the mean and interval follow under their own headers.
func (t *textWriter) rows(rs []row, stats bool) {
	if t.err != nil || len(rs) == 0 {
		return
	}
	tw := tabwriter.NewWriter(t.w, 0, 0, 2, ' ', 0)
	if stats {
		fmt.Fprintf(tw, "  \ttrial 0\tmean over the trials\t95 %% interval of the mean\n")
	}
	for _, r := range rs {
		label := r.label
		if r.indent {
			label = "  " + label
		}
		if stats {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", label, r.value, r.mean, r.interval)
		} else {
			fmt.Fprintf(tw, "  %s\t%s\n", label, r.value)
		}
	}
	t.err = tw.Flush()
}

// table writes a table with a left-aligned first column and right-aligned
// others, indented by two spaces.
func (t *textWriter) table(tb *table) {
	if t.err != nil || tb == nil {
		return
	}
	width := utf8.RuneCountInString(tb.header[0])
	for _, r := range tb.rows {
		width = max(width, utf8.RuneCountInString(r[0]))
	}
	pad := func(s string) string { return s + strings.Repeat(" ", width-utf8.RuneCountInString(s)) }
	tw := tabwriter.NewWriter(t.w, 0, 0, 2, ' ', tabwriter.AlignRight)
	line := func(cells []string) {
		fmt.Fprintf(tw, "%s\t", pad(cells[0]))
		for _, c := range cells[1:] {
			fmt.Fprintf(tw, "%s\t", c)
		}
		fmt.Fprint(tw, "\n")
	}
	line(tb.header)
	for _, r := range tb.rows {
		line(r)
	}
	t.err = tw.Flush()
}
