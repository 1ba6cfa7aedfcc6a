package scenfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// TableOptions says how to read the timestamps of a time series table.
// The zero value reads a column named timestamp (or time, datetime,
// date_time, date) whose every value carries a UTC offset and marks the
// start of its step.
type TableOptions struct {
	// TimeColumn names the timestamp column; "" for the first column
	// named timestamp, time, datetime, date_time or date (any case).
	TimeColumn string
	// Location, if set, reads timestamps that carry no UTC offset (and
	// bare dates) as times in it; nil: every timestamp needs an offset.
	Location *time.Location
	// Ending says that each timestamp marks the end of its step (an
	// "hour ending" export) rather than its start.
	Ending bool
}

// Table is a time series read from CSV: one timestamp column and value
// columns, one row per step of a regular step, as a SCADA, AMI or weather
// export gives them. Row k covers [Start + k·Step, Start + (k+1)·Step).
type Table struct {
	// File names the table in errors.
	File string
	// Start is the start of the first row's step.
	Start time.Time
	// Step is the regular step of the rows; 0 for a table of one row.
	Step time.Duration

	header []string
	hline  int // line of the header
	tcol   int
	lines  []int      // per row: its line in the file
	cells  [][]string // per row: its fields
	comma  rune
}

// Rows returns the number of rows (steps) of the table.
func (t *Table) Rows() int { return len(t.cells) }

// Line returns the line of the file row k is on (1-based; the header is
// line 1 or later).
func (t *Table) Line(k int) int { return t.lines[k] }

// Columns returns the names of the value columns (every column but the
// timestamps), as written in the header, in file order.
func (t *Table) Columns() []string {
	var out []string
	for i, h := range t.header {
		if i != t.tcol {
			out = append(out, h)
		}
	}
	return out
}

// StepHours returns the step in hours; 0 for a table of one row.
func (t *Table) StepHours() float64 { return float64(t.Step) / float64(time.Hour) }

// HoursFrom returns when the first row's step starts, in hours from
// start: negative when the table begins before it.
func (t *Table) HoursFrom(start time.Time) float64 {
	return float64(t.Start.Sub(start)) / float64(time.Hour)
}

// Values returns the numbers of a value column, one per row; column is
// matched case-insensitively, ignoring surrounding spaces. An empty
// cell, a cell that is not a finite number, and an unknown column are
// problems (an *Error with the table's name, line and column, joined,
// matching ErrInvalid); with a ";" or tab separator a decimal comma is
// read as a point (1,5 is 1.5).
func (t *Table) Values(column string) ([]float64, error) {
	vals, probs := t.values(column)
	if len(probs) > 0 {
		return nil, joinProblems(probs)
	}
	return vals, nil
}

// column returns the index of a column, or −1 with a problem.
func (t *Table) column(name string) (int, *Error) {
	want := strings.ToLower(strings.TrimSpace(name))
	var names []string
	for i, h := range t.header {
		if strings.ToLower(strings.TrimSpace(h)) == want {
			if i == t.tcol {
				return -1, &Error{File: t.File, Line: t.headerLine(), Field: name, Msg: "is the timestamp column, not values"}
			}
			return i, nil
		}
		if i != t.tcol {
			names = append(names, strings.TrimSpace(h))
		}
	}
	msg := "unknown column"
	if s := nearest(name, names); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", quoteCut(s))
	}
	return -1, &Error{File: t.File, Line: t.headerLine(), Field: cut(name), Msg: msg + "; the value columns are " + listNames(names, 8)}
}

func (t *Table) headerLine() int { return max(t.hline, 1) }

func (t *Table) values(column string) ([]float64, []*Error) {
	c, p := t.column(column)
	if p != nil {
		return nil, []*Error{p}
	}
	name := strings.TrimSpace(t.header[c])
	var probs problemList
	probs.file = t.File
	out := make([]float64, len(t.cells))
	for k, row := range t.cells {
		s := strings.TrimSpace(row[c])
		if s == "" {
			probs.add(t.lines[k], name, "empty value: a series needs a number at every step")
			continue
		}
		if t.comma != ',' && strings.Contains(s, ",") && !strings.Contains(s, ".") {
			s = strings.Replace(s, ",", ".", 1)
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			probs.add(t.lines[k], name, "not a number %s", quoteCut(strings.TrimSpace(row[c])))
			continue
		}
		out[k] = v
	}
	return out, probs.list()
}

// ReadTable reads a time series table in CSV: a header row, then one row
// per step. The separator is a comma, or a semicolon or tab when the
// header holds more of those. Timestamps are ISO 8601 with a UTC offset:
// 2022-02-07T20:00:00+08:00, with a space for the T, Z for +00:00, an
// offset as +0800 or +08, seconds (and their fractions) optional; without
// an offset only with opt.Location. The rows must be sorted and at one
// regular step; the step is the one most rows keep. Every problem is an
// *Error with the table's name, the line and the column, in line order
// (at most 20 for one table, then a count of the rest); the error matches
// ErrInvalid:
//
//	ami.csv:7: timestamp: duplicate 2022-02-07T05:00:00+08:00 (also line 6)
//	ami.csv:9: timestamp: gap: 2 steps of 1h0m0s missing after 2022-02-07T06:00:00+08:00 (line 7)
//	ami.csv:12: timestamp: out of order: 2022-02-07T03:00:00+08:00 comes after 2022-02-07T09:00:00+08:00 (line 11); sort the rows by time
//	ami.csv:15: timestamp: 2022-02-07T11:30:00+08:00 is off the 1h0m0s step of the other rows by 30m0s
//
// Values are read by column with Values. ReadTable never panics,
// whatever the input.
func ReadTable(r io.Reader, file string, opt TableOptions) (*Table, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("scenfile: reading %s: %w", file, err)
	}
	t, probs := readTable(data, file, opt)
	if len(probs) > 0 {
		return nil, joinProblems(probs)
	}
	return t, nil
}

// maxTableProblems bounds the problems reported for one table.
const maxTableProblems = 20

// problemList collects the problems of one table, up to
// maxTableProblems, then counts the rest.
type problemList struct {
	file  string
	probs []*Error
	more  int
	last  int // line of the first problem left out
}

func (l *problemList) add(line int, field, format string, args ...any) {
	if len(l.probs) >= maxTableProblems {
		if l.more == 0 {
			l.last = line
		}
		l.more++
		return
	}
	l.probs = append(l.probs, &Error{File: l.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (l *problemList) list() []*Error {
	if l.more > 0 {
		l.probs = append(l.probs, &Error{File: l.file, Line: l.last, Msg: fmt.Sprintf("and %d more problems like these", l.more)})
		l.more = 0
	}
	return l.probs
}

var timeColumns = []string{"timestamp", "time", "datetime", "date_time", "date"}

func readTable(data []byte, file string, opt TableOptions) (t *Table, out []*Error) {
	defer func() {
		if v := recover(); v != nil {
			t, out = nil, []*Error{{File: file, Msg: fmt.Sprintf("cannot read: %v", v)}}
		}
	}()
	probs := &problemList{file: file}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		probs.add(0, "", "not UTF-8 text")
		return nil, probs.list()
	}
	t = &Table{File: file, tcol: -1, comma: separator(data)}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = t.comma
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			probs.add(1, "", "empty table: want a header row (timestamp, then value columns)")
		} else {
			probs.add(csvLine(err, 1), "", "CSV: %s", csvMsg(err))
		}
		return nil, probs.list()
	}
	hline, _ := cr.FieldPos(0)
	t.header, t.hline = header, hline
	seen := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if name == "" {
			probs.add(hline, "", "column %d has no name", i+1)
			continue
		}
		if j, dup := seen[name]; dup {
			probs.add(hline, cut(strings.TrimSpace(h)), "repeated column (also column %d)", j+1)
			continue
		}
		seen[name] = i
	}
	if opt.TimeColumn != "" {
		if i, ok := seen[strings.ToLower(strings.TrimSpace(opt.TimeColumn))]; ok {
			t.tcol = i
		} else {
			msg := "missing column: no timestamp column of that name"
			if s := nearest(opt.TimeColumn, header); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", quoteCut(s))
			}
			probs.add(hline, cut(opt.TimeColumn), "%s; the columns are %s", msg, listNames(header, 8))
		}
	} else {
		for _, c := range timeColumns {
			if i, ok := seen[c]; ok {
				t.tcol = i
				break
			}
		}
		if t.tcol < 0 {
			probs.add(hline, "timestamp", "missing column: name the timestamp column timestamp (or time, datetime, date), or say which it is; the columns are %s", listNames(header, 8))
		}
	}
	if len(probs.probs) > 0 {
		return nil, probs.list()
	}
	tname := strings.TrimSpace(header[t.tcol])
	var stamps []time.Time
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			probs.add(csvLine(err, line), "", "CSV: %s", csvMsg(err))
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			break
		}
		blank := true
		for _, v := range rec {
			blank = blank && strings.TrimSpace(v) == ""
		}
		if blank {
			continue
		}
		ts, err := parseTimestamp(strings.TrimSpace(rec[t.tcol]), opt.Location)
		if err != nil {
			probs.add(line, tname, "%v", err)
			continue
		}
		stamps = append(stamps, ts)
		t.lines = append(t.lines, line)
		t.cells = append(t.cells, rec)
	}
	if len(probs.probs) > 0 {
		return nil, probs.list()
	}
	if len(t.cells) == 0 {
		probs.add(max(hline, 1), "", "no rows: want one row per step after the header")
		return nil, probs.list()
	}
	t.Step = regularStep(stamps)
	checkSteps(stamps, t.lines, t.Step, tname, probs)
	if len(probs.probs) > 0 {
		return nil, probs.list()
	}
	t.Start = stamps[0]
	if opt.Ending {
		t.Start = t.Start.Add(-t.Step)
	}
	return t, nil
}

// separator picks the separator of a CSV file from its first line: the
// comma, unless the line holds more semicolons or tabs.
func separator(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	best, n := ',', bytes.Count(first, []byte(","))
	for _, c := range []rune{';', '\t'} {
		if k := bytes.Count(first, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

// regularStep returns the most common difference of consecutive distinct
// timestamps in time order (the smallest among equally common ones), 0
// for a table of one time.
func regularStep(ts []time.Time) time.Duration {
	sorted := slices.Clone(ts)
	slices.SortFunc(sorted, func(a, b time.Time) int { return a.Compare(b) })
	count := map[time.Duration]int{}
	var best time.Duration
	for k := 1; k < len(sorted); k++ {
		d := sorted[k].Sub(sorted[k-1])
		if d <= 0 {
			continue
		}
		count[d]++
		if c, b := count[d], count[best]; c > b || (c == b && d < best) {
			best = d
		}
	}
	return best
}

// checkSteps reports the rows that break the regular step: off the grid
// of the step that most rows keep, duplicates, rows out of order and
// gaps.
func checkSteps(ts []time.Time, lines []int, step time.Duration, field string, probs *problemList) {
	if step <= 0 {
		for k := 1; k < len(ts); k++ { // only repeats or rows going back
			if ts[k].Equal(ts[0]) {
				probs.add(lines[k], field, "duplicate %s (also line %d)", stamp(ts[k]), lines[0])
			} else {
				probs.add(lines[k], field, "out of order: %s comes after %s (line %d); sort the rows by time", stamp(ts[k]), stamp(ts[0]), lines[0])
			}
		}
		return
	}
	// The phase most rows keep, relative to the first row.
	phase := func(t time.Time) time.Duration {
		p := t.Sub(ts[0]) % step
		if p < 0 {
			p += step
		}
		return p
	}
	count := map[time.Duration]int{}
	var grid time.Duration
	for _, t := range ts {
		p := phase(t)
		count[p]++
		if c, b := count[p], count[grid]; c > b || (c == b && p < grid) {
			grid = p
		}
	}
	origin := ts[0].Add(grid)
	at := map[int64]int{} // grid index → index of the row there
	hi, hiRow := int64(math.MinInt64), -1
	for k, t := range ts {
		if p := phase(t); p != grid {
			off := p - grid
			if off < 0 {
				off += step
			}
			if step-off < off {
				off = step - off
			}
			probs.add(lines[k], field, "%s is off the %v step of the other rows by %v", stamp(t), step, off)
			continue
		}
		j := int64(t.Sub(origin) / step)
		if r, dup := at[j]; dup {
			probs.add(lines[k], field, "duplicate %s (also line %d)", stamp(t), lines[r])
			continue
		}
		at[j] = k
		switch {
		case hiRow < 0:
		case j < hi:
			probs.add(lines[k], field, "out of order: %s comes after %s (line %d); sort the rows by time", stamp(t), stamp(ts[hiRow]), lines[hiRow])
			continue
		case j > hi+1:
			probs.add(lines[k], field, "gap: %d %s of %v missing after %s (line %d)", j-hi-1, plural(j-hi-1, "step", "steps"), step, stamp(ts[hiRow]), lines[hiRow])
		}
		hi, hiRow = j, k
	}
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func stamp(t time.Time) string { return t.Format(time.RFC3339Nano) }

// The layouts of ISO 8601 timestamps, with an offset and without.
var (
	offsetLayouts = []string{
		"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05Z07",
		"2006-01-02T15:04Z07:00", "2006-01-02T15:04Z0700", "2006-01-02T15:04Z07",
	}
	localLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"}
)

// parseTimestamp reads an ISO 8601 timestamp with a UTC offset, or
// without one in loc when loc is set.
func parseTimestamp(s string, loc *time.Location) (time.Time, error) {
	orig := s
	if len(s) > 10 && s[10] == ' ' {
		s = s[:10] + "T" + s[11:]
	}
	for _, l := range offsetLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	for _, l := range localLayouts {
		in := loc
		if in == nil {
			in = time.UTC
		}
		if t, err := time.ParseInLocation(l, s, in); err == nil {
			if loc == nil {
				return time.Time{}, fmt.Errorf("%s has no UTC offset: write it with one (as 2022-02-07T20:00:00+08:00), or give the table's utc_offset", quoteCut(orig))
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not an ISO 8601 timestamp %s (write e.g. 2022-02-07T20:00:00+08:00)", quoteCut(orig))
}

// ParseUTCOffset reads a UTC offset as +08:00, +0800, +08, -05:30 or Z
// into a fixed time zone.
func ParseUTCOffset(s string) (*time.Location, error) {
	t, err := time.Parse("Z07:00", strings.TrimSpace(s))
	if err != nil {
		if t, err = time.Parse("Z0700", strings.TrimSpace(s)); err != nil {
			if t, err = time.Parse("Z07", strings.TrimSpace(s)); err != nil {
				return nil, fmt.Errorf("not a UTC offset %s (write e.g. +08:00)", quoteCut(s))
			}
		}
	}
	_, off := t.Zone()
	return time.FixedZone(strings.TrimSpace(s), off), nil
}

// nearest returns the name in names closest to s (case-insensitively,
// within the bounds of suggest), or "".
func nearest(s string, names []string) string {
	lower := make([]string, len(names))
	for i, n := range names {
		lower[i] = strings.ToLower(strings.TrimSpace(n))
	}
	if k := suggest(strings.TrimSpace(s), lower); k != "" {
		return strings.TrimSpace(names[slices.Index(lower, k)])
	}
	return ""
}

// listNames quotes up to n names, and says how many more there are.
func listNames(names []string, n int) string {
	var b strings.Builder
	for i, s := range names {
		if i == n {
			fmt.Fprintf(&b, " and %d more", len(names)-n)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteCut(strings.TrimSpace(s)))
	}
	if len(names) == 0 {
		return "none"
	}
	return b.String()
}

// cut shortens a name echoed as a field to a readable length.
func cut(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
