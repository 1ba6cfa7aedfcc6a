package report

import (
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/network"
)

// Section is a part of a report that a caller adds to the built-in ones:
// the findings of an example program, a comparison of two plans, the
// sizing of crews. WriteText and WriteHTML draw it after the risk, with
// the layout of the built-in sections (the same labelled rows and
// right-aligned tables), and it is saved in report.json, so that a
// report read back renders with it. Values are strings formatted by the
// caller; the Format* functions of this package format them as the rest
// of the report does.
type Section struct {
	// ID names the section in the page (an anchor); letters, digits, '-'
	// and '_' are kept, other characters become '_'.
	ID    string `json:"id"`
	Title string `json:"title"`
	// Blocks are drawn in order.
	Blocks []Block `json:"blocks"`
}

// Block is one paragraph, one list of labelled rows, or one table of a
// Section: exactly one of Text, Rows and Table is set.
type Block struct {
	Text  string `json:"text,omitempty"`
	Rows  []Row  `json:"rows,omitempty"`
	Table *Table `json:"table,omitempty"`
}

// Row is a label and its value ("Coldest hour", "-18.0 °C at 22 Feb
// 03:00").
type Row struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Table is a table with a caption, a header and rows of cells, each row as
// long as the header; the first column is text, the others figures (each
// column's unit in its header).
type Table struct {
	Caption string     `json:"caption,omitempty"`
	Header  []string   `json:"header"`
	Rows    [][]string `json:"rows"`
}

// Paragraph returns a block of text, drawn as a wrapped paragraph.
func Paragraph(text string) Block { return Block{Text: text} }

// Rows returns a block of labelled rows, drawn with their labels aligned.
func Rows(rows ...Row) Block { return Block{Rows: rows} }

// TableBlock returns a block holding the table t.
func TableBlock(t Table) Block { return Block{Table: &t} }

// Add appends blocks to the section.
func (s *Section) Add(blocks ...Block) { s.Blocks = append(s.Blocks, blocks...) }

// Row appends one labelled row, to the last block if it is a block of rows.
func (s *Section) Row(label, value string) {
	if n := len(s.Blocks); n > 0 && len(s.Blocks[n-1].Rows) > 0 {
		s.Blocks[n-1].Rows = append(s.Blocks[n-1].Rows, Row{label, value})
		return
	}
	s.Add(Rows(Row{label, value}))
}

// check reports what is wrong with a section: a block with none or more
// than one of its parts, a table row not as long as its header.
func (s *Section) check(at string) []error {
	var errs []error
	if s.Title == "" {
		errs = append(errs, fmt.Errorf("%s: title: empty", at))
	}
	for b, bl := range s.Blocks {
		n := 0
		if bl.Text != "" {
			n++
		}
		if len(bl.Rows) > 0 {
			n++
		}
		if bl.Table != nil {
			n++
		}
		if n != 1 {
			errs = append(errs, fmt.Errorf("%s: blocks[%d]: %d of text, rows and table; want exactly one", at, b, n))
			continue
		}
		if t := bl.Table; t != nil {
			if len(t.Header) == 0 {
				errs = append(errs, fmt.Errorf("%s: blocks[%d].table.header: empty", at, b))
			}
			for r, row := range t.Rows {
				if len(row) != len(t.Header) {
					errs = append(errs, fmt.Errorf("%s: blocks[%d].table.rows[%d]: %d cells; want %d, as the header", at, b, r, len(row), len(t.Header)))
				}
			}
		}
	}
	return errs
}

// The formatting of the report, for the values of sections.

// FormatFixed formats v with dec decimals and thousands separators:
// FormatFixed(12849.5, 1) = "12,849.5"; "n/a" for NaN.
func FormatFixed(v float64, dec int) string { return fixed(v, dec) }

// FormatCount formats a count with thousands separators ("626,700"), or a
// mean count with four significant digits.
func FormatCount(v float64) string { return count(v) }

// FormatPercent formats a fraction as a percentage with dec decimals:
// FormatPercent(0.9990, 2) = "99.90 %".
func FormatPercent(fraction float64, dec int) string { return pct(fraction, dec) }

// FormatQuantity formats an energy or volume of a network of kind k in
// the unit that suits it, with four significant digits: "974.1 MWh",
// "16.70 million m³".
func FormatQuantity(v float64, k network.Kind) string { return qty(v, k) }

// FormatFlow formats a flow of kind k likewise: "3,268 kW", "69.50
// thousand m³/h".
func FormatFlow(v float64, k network.Kind) string { return flow(v, k) }

// FormatHours formats a duration: "5.80 h", "238.6 h (9.9 days)".
func FormatHours(h float64) string { return hours(h) }

// FormatMoney formats an exact decimal amount with two decimals, separators
// and the currency: "12,849,917.63 CNY".
func FormatMoney(amount, currency string) string { return money(amount, currency) }

// FormatTemperature formats a temperature in °C with one decimal: "-18.0 °C".
func FormatTemperature(c float64) string { return fixed(c, 1) + " °C" }

// When formats the moment h hours after the scenario start: "16 Feb 2022
// 05:48 (5.80 h)" when the document has a start date, else "5.80 h from
// the start".
func (d *Document) When(h float64) string { return d.clock().when(h) }

// FormatSignificant formats v in fixed point with n significant digits
// and separators (never an exponent): FormatSignificant(0.06117, 3) =
// "0.0612".
func FormatSignificant(v float64, n int) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return sig(v, n)
}
