package scenfile

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/supply"
)

// tableKeys are the keys of a reference to a column of a time series
// table, given where a list of values may be.
var tableKeys = []string{"file", "column", "time_column", "utc_offset", "timestamps"}

// tableKey identifies a table read with given options, so that a file
// named by many entries is read once.
type tableKey struct {
	path, timeColumn, offset string
	ending                   bool
}

type tableEntry struct {
	t      *Table
	failed bool
}

// values is a list of values read inline or from a table column.
type values struct {
	vals        []float64
	step, start float64 // hours; from the table's timestamps, or the entry's keys
	table       *Table  // the table, when the values come from one
	perColumn   bool    // a table reference without a column: one series per column
	ok          bool    // no problem
	line        int     // line of the table's file key
	path        string  // path of the value's field
}

// failed returns v with a placeholder value, so that the scenario's
// checks of the entry report only its other problems.
func (v values) failed() values {
	v.vals, v.ok = []float64{1}, false
	return v
}

// valueKind says what a series holds, for the checks of its values.
type valueKind struct {
	what      string // "demand", "capacity", "scale", "temperature"
	nonNeg    bool
	allowCols bool // a reference without a column gives a series per column
}

// seriesValues reads the value list at key of o: a list of numbers, or a
// table reference {file, column, time_column, utc_offset, timestamps}.
// For an inline list, the step and start are the entry's step_hours and
// start_hours; for a table they come from its timestamps, aligned to the
// scenario's start.
func (d *decoder) seriesValues(o *obj, key string, kind valueKind) values {
	v := values{path: o.field(key), line: o.lineOf(key)}
	raw := o.vals[key]
	n := d.resolve(raw)
	if n == nil {
		return v
	}
	if n.Kind != yaml.MappingNode {
		if n.Kind != yaml.SequenceNode {
			d.errorf(raw.Line, v.path, "want a list of numbers or a table {file: data.csv, column: name}, got %s", describe(n))
			return v.failed()
		}
		v.vals, v.ok = o.numbers(key)
		v.step, v.start = o.num("step_hours"), o.num("start_hours")
		return v
	}
	for _, k := range []string{"step_hours", "start_hours"} {
		if o.has(k) {
			d.errorf(o.lineOf(k), o.field(k), "the table's timestamps give the step and start; leave %s out", k)
		}
	}
	ref := d.object(raw, v.path, tableKeys)
	if ref == nil || !ref.require("file") {
		return v.failed()
	}
	t, ok := d.table(ref)
	if !ok {
		return v.failed()
	}
	v.line = ref.lineOf("file")
	v.table = t
	col := ref.str("column")
	if col == "" {
		switch cols := t.Columns(); {
		case kind.allowCols:
			v.perColumn, v.ok = true, true
			v.step, v.start = d.align(t, ref)
			return v
		case len(cols) == 1:
			col = cols[0]
		default:
			d.errorf(ref.line, ref.field("column"), "missing: %s has %d value columns (%s); name one", ref.str("file"), len(cols), listNames(cols, 8))
			return v.failed()
		}
	}
	vals, ok := d.tableValues(t, col, kind, ref.lineOf("column"), ref.field("column"))
	if !ok {
		return v.failed()
	}
	v.vals = vals
	v.step, v.start = d.align(t, ref)
	v.ok = v.start <= 1e-9
	return v
}

// tableValues reads a column of t and checks its values; problems are
// placed on line, at field, with the table's own line inside.
func (d *decoder) tableValues(t *Table, col string, kind valueKind, line int, field string) ([]float64, bool) {
	vals, probs := t.values(col)
	if len(probs) == 0 && kind.nonNeg {
		pl := &problemList{file: t.File}
		name := strings.TrimSpace(col)
		for k, x := range vals {
			if x < 0 {
				pl.add(t.Line(k), name, "%g is negative: a %s is a value ≥ 0", x, kind.what)
			}
		}
		probs = pl.list()
	}
	for _, p := range probs {
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Field: field, Msg: p.Error(), Err: p})
	}
	return vals, len(probs) == 0
}

// table reads the table a reference names, once per file and options.
func (d *decoder) table(ref *obj) (*Table, bool) {
	file := ref.str("file")
	if file == "" {
		return nil, false
	}
	var opt TableOptions
	opt.TimeColumn = ref.str("time_column")
	off := ref.str("utc_offset")
	if off != "" {
		loc, err := ParseUTCOffset(off)
		if err != nil {
			d.errorf(ref.lineOf("utc_offset"), ref.field("utc_offset"), "%v", err)
			return nil, false
		}
		opt.Location = loc
	}
	switch s := ref.str("timestamps"); s {
	case "", "start":
	case "end":
		opt.Ending = true
	default:
		d.errorf(ref.lineOf("timestamps"), ref.field("timestamps"), "want start or end (what each timestamp marks of its step), got %s", quoteCut(s))
		return nil, false
	}
	path := filepath.FromSlash(file)
	if !filepath.IsAbs(path) && d.dir != "" {
		path = filepath.Join(d.dir, path)
	}
	k := tableKey{path: path, timeColumn: opt.TimeColumn, offset: off, ending: opt.Ending}
	if e, ok := d.tables[k]; ok {
		return e.t, !e.failed
	}
	e := &tableEntry{}
	d.tables[k] = e
	line, field := ref.lineOf("file"), ref.field("file")
	data, err := os.ReadFile(path)
	if err != nil {
		d.errorf(line, field, "cannot read %s: %v", file, unwrapPathError(err))
		e.failed = true
		return nil, false
	}
	t, probs := readTable(data, file, opt)
	for _, p := range probs {
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Field: field, Msg: p.Error(), Err: p})
	}
	e.t, e.failed = t, len(probs) > 0
	return t, !e.failed
}

// align returns the step and start (hours from the scenario start) of a
// table, reporting a table that begins after the start or a scenario
// without a start to align to.
func (d *decoder) align(t *Table, ref *obj) (step, start float64) {
	if !d.hasStart {
		d.errorf(ref.lineOf("file"), ref.field("file"), "a table's timestamps need the scenario's start to align to: give start (e.g. start: %s)", t.Start.Format(time.RFC3339))
		return t.StepHours(), 0
	}
	start = t.HoursFrom(d.start)
	if start > 1e-9 {
		d.errorf(ref.lineOf("file"), ref.field("file"), "%s:%d: its first step begins at %s, %s after the scenario's start %s: a series must cover the start",
			t.File, t.Line(0), stamp(t.Start), hoursText(start), stamp(d.start))
		start = 0
	}
	return t.StepHours(), start
}

// hoursText writes a number of hours for messages.
func hoursText(h float64) string { return fmt.Sprintf("%g h", math.Round(h*1e6)/1e6) }

// checkInline reports a step_hours that is not a number of hours > 0
// where the decoder can place it; the scenario's checks do the rest.
func (d *decoder) checkInline(e *obj) {
	if e.has("step_hours") {
		if s := e.num("step_hours"); !(s > 0) {
			d.errorf(e.lineOf("step_hours"), e.field("step_hours"), "%g is not a number of hours > 0", s)
		}
	}
}

// utilityIDs returns the IDs of the decoded networks as scenario.Compile
// names them.
func utilityIDs(sc *scenario.Scenario) []string {
	ids := make([]string, len(sc.Utilities))
	for i, u := range sc.Utilities {
		id := u.ID
		if id == "" && u.Net != nil {
			id = u.Net.Name()
		}
		if id == "" && u.Net != nil {
			id = string(u.Net.Kind())
		}
		ids[i] = id
	}
	return ids
}

// columnOwner finds the network holding the asset a column header names
// (a consumer for demands, any node or link for capacities): in the
// entry's network, or in the one network that has it. ok is false after
// reporting the problem.
func (d *decoder) columnOwner(sc *scenario.Scenario, net, header string, consumer bool, t *Table, line int, field string) (string, bool) {
	ids := utilityIDs(sc)
	fail := func(format string, args ...any) (string, bool) {
		p := &Error{File: t.File, Line: t.headerLine(), Field: cut(strings.TrimSpace(header)), Msg: fmt.Sprintf(format, args...)}
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Field: field, Msg: p.Error(), Err: p})
		return "", false
	}
	what := "asset"
	if consumer {
		what = "consumer"
	}
	is := func(n *network.Network, id string) bool {
		if consumer {
			v, ok := n.NodeIndex(id)
			return ok && n.Role(v) == network.Consumer
		}
		_, ok := supply.Lookup(n, id)
		return ok
	}
	var names, found []string
	for i, u := range sc.Utilities {
		if u.Net == nil || (net != "" && ids[i] != net) {
			continue
		}
		if is(u.Net, header) {
			found = append(found, ids[i])
		}
	}
	switch {
	case len(found) == 1:
		return found[0], true
	case len(found) > 1:
		return fail("%s %s is in networks %s: give the entry's network", what, quoteCut(header), listNames(found, 8))
	case d.netFailed:
		return "", false // the network that may hold it could not be read
	}
	for i, u := range sc.Utilities {
		if u.Net == nil || (net != "" && ids[i] != net) {
			continue
		}
		for v := range u.Net.NumNodes() {
			if !consumer || u.Net.Role(v) == network.Consumer {
				names = append(names, u.Net.NodeID(v))
			}
		}
		if !consumer {
			for l := range u.Net.NumLinks() {
				names = append(names, u.Net.LinkID(l))
			}
		}
	}
	in := "any network"
	if net != "" {
		in = "network " + quoteCut(net)
	}
	msg := fmt.Sprintf("the column names no %s of %s", what, in)
	if s := nearest(header, names); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", quoteCut(s))
	}
	return fail("%s", msg)
}

// seriesSrc says where an entry of Scenario.Series or Scenario.Demands
// came from: the path of its element in the file and, for one of a
// table's columns, the table, the column and the line of its file key.
type seriesSrc struct {
	path       string
	file, col  string
	line       int
	valueField string
}

// perColumn expands a table reference without a column into one series
// per value column, each headed by the ID of its asset (a consumer for
// demands), which is looked up in the entry's network or the one network
// that has it.
func (d *decoder) perColumn(sc *scenario.Scenario, e *obj, key string, v values, consumer bool, add func(net, id string, vals []float64, src seriesSrc)) {
	t := v.table
	fileField := joinPath(v.path, "file")
	net := e.str("network")
	for _, col := range t.Columns() {
		id := strings.TrimSpace(col)
		owner, ok := d.columnOwner(sc, net, id, consumer, t, v.line, fileField)
		vals, good := d.tableValues(t, col, valueKind{what: key, nonNeg: true}, v.line, fileField)
		if !ok || !good {
			continue
		}
		add(owner, id, vals, seriesSrc{path: e.path, file: t.File, col: id, line: v.line, valueField: key})
	}
}
