package csv

import (
	"bufio"
	"bytes"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
)

// The file names ReadDir reads and WriteDir writes.
const (
	NodesFile = "nodes.csv"
	LinksFile = "links.csv"
)

// The columns of each table. Required columns must be in the header (their
// values may be empty); optional ones are recognized when present. The
// columns x and y come together.
var (
	nodeRequired = []string{"id", "role", "zone", "capacity", "demand", "class", "customers"}
	nodeOptional = []string{"area", "level", "max_level", "charge_rate", "needs_operators", "x", "y"}
	linkRequired = []string{"id", "from", "to", "capacity", "oneway"}
	linkOptional = []string{"zone", "loss"}
)

// unlimited is the spelling of an infinite capacity or rate.
const unlimited = "unlimited"

// ReadDir reads dir/nodes.csv and dir/links.csv and builds a network of the
// given kind; see Read. Positions in errors name the files as
// filepath.Join(dir, "nodes.csv") and filepath.Join(dir, "links.csv").
// Both files must exist.
func ReadDir(dir string, kind network.Kind) (*network.Network, error) {
	nodesPath := filepath.Join(dir, NodesFile)
	linksPath := filepath.Join(dir, LinksFile)
	nf, err := os.Open(nodesPath)
	if err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	defer nf.Close()
	lf, err := os.Open(linksPath)
	if err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	defer lf.Close()
	return Read(nf, lf, nodesPath, linksPath, kind)
}

// Read reads a nodes table and a links table and builds a network of the
// given kind with the default classes. nodesFile and linksFile name the
// inputs in error positions.
//
// Both tables start with a header row of lower-case column names, in any
// order. nodes.csv must have the columns id, role, zone, capacity, demand,
// class and customers, and may have area, level, max_level, charge_rate,
// needs_operators, and x with y. links.csv must have id, from, to, capacity
// and oneway, and may have zone and loss. Any other named column goes to the
// element's Attrs (empty values are left out). Spaces around recognized
// values are ignored; rows whose fields are all empty are skipped.
//
// Values: an empty capacity or charge_rate is 0 (unlimited for stations and
// links, missing for sources and storage); "unlimited" is +Inf; other empty
// numbers are 0; customers is a whole number; oneway and needs_operators are
// true, false or empty (false); an empty class is residential. A zone is
// declared by its first use, and zones are in the order of first use, by
// nodes and then by links.
//
// Every problem is reported as a *network.FieldError with Pos{File, Line},
// the element ID and the column, all joined in file and line order (see
// network.Problems); the error matches network.ErrInvalid. A row with a
// value that does not parse is left out of validation, while the other rows
// are still validated by Builder.Build and their problems reported too. A
// missing column, a row with the wrong number of fields or a CSV syntax
// error (which stops the reading of that file) means the network is not
// validated. Errors from the readers are returned wrapped. Read never
// panics, whatever the input.
func Read(nodes, links io.Reader, nodesFile, linksFile string, kind network.Kind) (*network.Network, error) {
	r := &reader{}
	nt := r.table(nodes, nodesFile, "node", nodeRequired, nodeOptional)
	lt := r.table(links, linksFile, "link", linkRequired, linkOptional)
	if r.ioErr != nil {
		return nil, r.ioErr
	}
	b := network.NewBuilder(kind)
	seen := make(map[string]bool)
	if nt != nil {
		for _, rw := range nt.rows {
			n := r.node(nt, rw)
			if n.Zone != "" && !seen[n.Zone] {
				seen[n.Zone] = true
				b.AddZone(network.Zone{ID: n.Zone, Pos: n.Pos})
			}
			b.AddNode(n)
		}
	}
	if lt != nil {
		for _, rw := range lt.rows {
			l := r.link(lt, rw)
			if l.Zone != "" && !seen[l.Zone] {
				seen[l.Zone] = true
				b.AddZone(network.Zone{ID: l.Zone, Pos: l.Pos})
			}
			b.AddLink(l)
		}
	}
	if r.fatal {
		return nil, invalidError(sortProblems(r.probs, nodesFile))
	}
	net, err := b.Build()
	if err == nil && len(r.probs) == 0 {
		return net, nil
	}
	all := r.probs
	for _, p := range network.Problems(err) {
		// Only the network-wide checks (the kind) lack a position.
		if p.Pos.File == "" {
			p.Pos = network.Pos{File: nodesFile, Line: 1}
		}
		// A row with a value that did not parse has a zero value there;
		// Build's view of it would only mislead.
		if r.bad[p.Pos] {
			continue
		}
		all = append(all, p)
	}
	return nil, invalidError(sortProblems(all, nodesFile))
}

// sortProblems orders problems by file (nodes first) and line, keeping the
// order of problems on the same line.
func sortProblems(probs []error, nodesFile string) []error {
	rank := func(e error) (int, int) {
		fe := e.(*network.FieldError)
		if fe.Pos.File == nodesFile {
			return 0, fe.Pos.Line
		}
		return 1, fe.Pos.Line
	}
	slices.SortStableFunc(probs, func(a, b error) int {
		fa, la := rank(a)
		fb, lb := rank(b)
		if fa != fb {
			return fa - fb
		}
		return la - lb
	})
	return probs
}

// invalidError joins the problems found while reading; it matches
// network.ErrInvalid.
type invalidError []error

func (e invalidError) Error() string {
	var b strings.Builder
	for i, x := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(x.Error())
	}
	return b.String()
}

func (e invalidError) Unwrap() []error { return e }

func (e invalidError) Is(target error) bool { return target == network.ErrInvalid }

// reader collects problems. A value that does not parse leaves its row
// usable: the network is still validated, and the validation problems of
// the other rows are reported too. A problem with a header, the shape of a
// row or the CSV syntax is fatal: only reading problems are reported.
type reader struct {
	probs []error
	ioErr error
	fatal bool
	bad   map[network.Pos]bool // rows with a value that did not parse
}

func (r *reader) add(pos network.Pos, elem, id, field, format string, args ...any) {
	r.probs = append(r.probs, &network.FieldError{Pos: pos, Element: elem, ID: id, Field: field, Msg: fmt.Sprintf(format, args...)})
	r.fatal = true
}

// addValue reports a value that does not parse.
func (r *reader) addValue(pos network.Pos, elem, id, field, format string, args ...any) {
	r.probs = append(r.probs, &network.FieldError{Pos: pos, Element: elem, ID: id, Field: field, Msg: fmt.Sprintf(format, args...)})
	if r.bad == nil {
		r.bad = make(map[network.Pos]bool)
	}
	r.bad[pos] = true
}

type table struct {
	file   string
	elem   string
	header []string
	cols   map[string]int
	known  map[string]bool
	rows   []row
}

type row struct {
	line int
	rec  []string
}

// get returns the trimmed value of column col, "" if there is no such
// column.
func (t *table) get(rw row, col string) string {
	i, ok := t.cols[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(rw.rec[i])
}

// table reads a whole CSV table, checking its header. It returns nil if the
// header is unusable.
func (r *reader) table(src io.Reader, file, elem string, required, optional []string) *table {
	br := bufio.NewReader(src)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\uFEFF" {
		br.Discard(3)
	}
	cr := stdcsv.NewReader(br)
	cr.FieldsPerRecord = -1
	t := &table{file: file, elem: elem, cols: make(map[string]int), known: make(map[string]bool)}
	for _, c := range required {
		t.known[c] = true
	}
	for _, c := range optional {
		t.known[c] = true
	}
	fail := func(err error) {
		var pe *stdcsv.ParseError
		if errors.As(err, &pe) {
			r.add(network.Pos{File: file, Line: pe.Line}, elem, "", "", "%v", pe.Err)
			return
		}
		r.ioErr = errors.Join(r.ioErr, fmt.Errorf("csv: reading %s: %w", file, err))
	}
	head, err := cr.Read()
	if err == io.EOF {
		r.add(network.Pos{File: file, Line: 1}, "", "", "", "empty file: want a header row")
		return nil
	}
	if err != nil {
		fail(err)
		return nil
	}
	headLine, _ := cr.FieldPos(0)
	hpos := network.Pos{File: file, Line: headLine}
	before := len(r.probs)
	for i, h := range head {
		h = strings.TrimSpace(h)
		head[i] = h
		if h == "" {
			continue
		}
		if _, dup := t.cols[h]; dup {
			r.add(hpos, "", "", h, "column appears twice")
			continue
		}
		t.cols[h] = i
	}
	t.header = head
	for _, c := range required {
		if _, ok := t.cols[c]; !ok {
			r.add(hpos, "", "", c, "missing required column")
		}
	}
	_, hasX := t.cols["x"]
	_, hasY := t.cols["y"]
	switch {
	case hasX && !hasY:
		r.add(hpos, "", "", "y", "missing column (x and y come together)")
	case hasY && !hasX:
		r.add(hpos, "", "", "x", "missing column (x and y come together)")
	}
	if len(r.probs) > before {
		return nil
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fail(err)
			break
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		rw := row{line: line, rec: rec}
		pos := network.Pos{File: file, Line: line}
		if len(rec) != len(head) {
			id := ""
			if i := t.cols["id"]; i < len(rec) {
				id = strings.TrimSpace(rec[i])
			}
			r.add(pos, elem, id, "", "%d fields, want %d as in the header", len(rec), len(head))
			continue
		}
		for i, h := range head {
			if h == "" && strings.TrimSpace(rec[i]) != "" {
				r.addValue(pos, elem, t.get(rw, "id"), fmt.Sprintf("column %d", i+1), "value %q in a column without a name", rec[i])
			}
		}
		t.rows = append(t.rows, rw)
	}
	return t
}

func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// parseNumber parses a finite decimal number; "" is 0.
func parseNumber(s string) (float64, string) {
	if s == "" {
		return 0, ""
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Sprintf("number %q out of range", s)
		}
		return 0, fmt.Sprintf("not a number %q", s)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Sprintf("not a number %q", s)
	}
	return f, ""
}

// parseQuantity parses a capacity or rate: a number, "" (0) or "unlimited"
// (+Inf).
func parseQuantity(s string) (float64, string) {
	if s == unlimited {
		return network.Unlimited, ""
	}
	return parseNumber(s)
}

// parseInt parses a whole number, written with or without a decimal point.
func parseInt(s string) (int, string) {
	if s == "" {
		return 0, ""
	}
	if i, err := strconv.Atoi(s); err == nil {
		return i, ""
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, fmt.Sprintf("not a whole number %q", s)
	}
	return int(f), ""
}

// parseBool parses true, false or "" (false).
func parseBool(s string) (bool, string) {
	switch s {
	case "true":
		return true, ""
	case "false", "":
		return false, ""
	}
	return false, fmt.Sprintf("want true, false or empty, got %q", s)
}

// attrs collects the values of the unrecognized columns.
func (t *table) attrs(rw row) map[string]string {
	var m map[string]string
	for i, h := range t.header {
		if h == "" || t.known[h] || rw.rec[i] == "" {
			continue
		}
		if m == nil {
			m = make(map[string]string)
		}
		m[h] = rw.rec[i]
	}
	return m
}

func (r *reader) node(t *table, rw row) network.Node {
	pos := network.Pos{File: t.file, Line: rw.line}
	n := network.Node{
		ID:    t.get(rw, "id"),
		Role:  network.Role(t.get(rw, "role")),
		Zone:  t.get(rw, "zone"),
		Class: t.get(rw, "class"),
		Attrs: t.attrs(rw),
		Pos:   pos,
	}
	check := func(field, msg string) {
		if msg != "" {
			r.addValue(pos, "node", n.ID, field, "%s", msg)
		}
	}
	var msg string
	n.Capacity, msg = parseQuantity(t.get(rw, "capacity"))
	check("capacity", msg)
	n.Demand, msg = parseNumber(t.get(rw, "demand"))
	check("demand", msg)
	n.Customers, msg = parseInt(t.get(rw, "customers"))
	check("customers", msg)
	n.Area, msg = parseNumber(t.get(rw, "area"))
	check("area", msg)
	n.Level, msg = parseNumber(t.get(rw, "level"))
	check("level", msg)
	n.MaxLevel, msg = parseNumber(t.get(rw, "max_level"))
	check("max_level", msg)
	n.ChargeRate, msg = parseQuantity(t.get(rw, "charge_rate"))
	check("charge_rate", msg)
	n.NeedsOperators, msg = parseBool(t.get(rw, "needs_operators"))
	check("needs_operators", msg)
	xs, ys := t.get(rw, "x"), t.get(rw, "y")
	switch {
	case xs == "" && ys == "":
	case xs == "":
		check("x", "empty while y is given (give both or neither)")
	case ys == "":
		check("y", "empty while x is given (give both or neither)")
	default:
		var c network.Coord
		c.X, msg = parseNumber(xs)
		check("x", msg)
		c.Y, msg = parseNumber(ys)
		check("y", msg)
		n.Coord = &c
	}
	return n
}

func (r *reader) link(t *table, rw row) network.Link {
	pos := network.Pos{File: t.file, Line: rw.line}
	l := network.Link{
		ID:    t.get(rw, "id"),
		From:  t.get(rw, "from"),
		To:    t.get(rw, "to"),
		Zone:  t.get(rw, "zone"),
		Attrs: t.attrs(rw),
		Pos:   pos,
	}
	check := func(field, msg string) {
		if msg != "" {
			r.addValue(pos, "link", l.ID, field, "%s", msg)
		}
	}
	var msg string
	l.Capacity, msg = parseQuantity(t.get(rw, "capacity"))
	check("capacity", msg)
	l.OneWay, msg = parseBool(t.get(rw, "oneway"))
	check("oneway", msg)
	l.Loss, msg = parseNumber(t.get(rw, "loss"))
	check("loss", msg)
	return l
}

// WriteDir writes n as dir/nodes.csv and dir/links.csv (creating dir if
// needed), in the format Read reads; see Write.
func WriteDir(dir string, n *network.Network) error {
	var nodes, links bytes.Buffer
	if err := Write(&nodes, &links, n); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, NodesFile), nodes.Bytes(), 0o644); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, LinksFile), links.Bytes(), 0o644); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}

// Write writes the nodes and links of n as two CSV tables that Read reads
// back into an equal network: the same nodes and links in the same order,
// with the same values and attributes, and the zones that nodes and links
// use, in order of first use. The required columns always appear; an optional
// column only if some element uses it; then one column per attribute key,
// sorted. Zero values and false are written empty, +Inf as "unlimited".
//
// What the tables cannot hold is left out: the network's name and kind,
// zone names and attributes, zones no node or link uses, and attributes
// with empty values. Write returns an error, as *network.FieldError values joined,
// and writes nothing if n has classes other than the default ones (Read
// could not restore them), if an attribute key is empty, has spaces around
// it or is the name of a recognized column, or if an ID, role, zone or class
// has spaces around it.
func Write(nodes, links io.Writer, n *network.Network) error {
	if n == nil {
		return errors.New("csv: Write: nil network")
	}
	var probs []error
	add := func(pos network.Pos, elem, id, field, format string, args ...any) {
		probs = append(probs, &network.FieldError{Pos: pos, Element: elem, ID: id, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	if !isDefault(n.Classes()) {
		add(network.Pos{}, "network", n.Name(), "classes", "the network has its own classes; %s can only refer to the default classes", NodesFile)
	}
	trimmed := func(pos network.Pos, elem, id, field, s string) {
		if s != strings.TrimSpace(s) {
			add(pos, elem, id, field, "value %q has spaces around it, which %s does not keep", s, elem+"s.csv")
		}
	}
	attrKeys := func(pos network.Pos, elem, id string, m map[string]string, known map[string]bool, keys map[string]bool) {
		for k, v := range m {
			switch {
			case k == "" || k != strings.TrimSpace(k):
				add(pos, elem, id, "attrs", "attribute key %q cannot be a column name", k)
			case known[k]:
				add(pos, elem, id, "attrs", "attribute %q has the name of a column of %s", k, elem+"s.csv")
			case v != "":
				keys[k] = true
			}
		}
	}

	// Nodes.
	nodeKnown := setOf(nodeRequired, nodeOptional)
	nodeAttr := make(map[string]bool)
	used := make(map[string]bool)
	for i := range n.NumNodes() {
		nd := n.Node(i)
		trimmed(nd.Pos, "node", nd.ID, "id", nd.ID)
		trimmed(nd.Pos, "node", nd.ID, "role", string(nd.Role))
		trimmed(nd.Pos, "node", nd.ID, "zone", nd.Zone)
		trimmed(nd.Pos, "node", nd.ID, "class", nd.Class)
		attrKeys(nd.Pos, "node", nd.ID, nd.Attrs, nodeKnown, nodeAttr)
		used["area"] = used["area"] || nd.Area != 0
		used["level"] = used["level"] || nd.Level != 0
		used["max_level"] = used["max_level"] || nd.MaxLevel != 0
		used["charge_rate"] = used["charge_rate"] || nd.ChargeRate != 0
		used["needs_operators"] = used["needs_operators"] || nd.NeedsOperators
		used["x"] = used["x"] || nd.Coord != nil
	}
	used["y"] = used["x"]

	// Links.
	linkKnown := setOf(linkRequired, linkOptional)
	linkAttr := make(map[string]bool)
	for i := range n.NumLinks() {
		l := n.Link(i)
		trimmed(l.Pos, "link", l.ID, "id", l.ID)
		trimmed(l.Pos, "link", l.ID, "from", l.From)
		trimmed(l.Pos, "link", l.ID, "to", l.To)
		trimmed(l.Pos, "link", l.ID, "zone", l.Zone)
		attrKeys(l.Pos, "link", l.ID, l.Attrs, linkKnown, linkAttr)
		used["zone"] = used["zone"] || l.Zone != ""
		used["loss"] = used["loss"] || l.Loss != 0
	}
	if len(probs) > 0 {
		return errors.Join(probs...)
	}

	nodeHead := slices.Clone(nodeRequired)
	for _, c := range nodeOptional {
		if used[c] {
			nodeHead = append(nodeHead, c)
		}
	}
	nodeHead = append(nodeHead, sortedKeys(nodeAttr)...)
	nw := stdcsv.NewWriter(nodes)
	if err := nw.Write(nodeHead); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	rec := make([]string, len(nodeHead))
	for i := range n.NumNodes() {
		nd := n.Node(i)
		for j, c := range nodeHead {
			rec[j] = nodeValue(nd, c)
		}
		if err := nw.Write(rec); err != nil {
			return fmt.Errorf("csv: %w", err)
		}
	}
	nw.Flush()
	if err := nw.Error(); err != nil {
		return fmt.Errorf("csv: %w", err)
	}

	linkHead := slices.Clone(linkRequired)
	for _, c := range linkOptional {
		if used[c] {
			linkHead = append(linkHead, c)
		}
	}
	linkHead = append(linkHead, sortedKeys(linkAttr)...)
	lw := stdcsv.NewWriter(links)
	if err := lw.Write(linkHead); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	rec = make([]string, len(linkHead))
	for i := range n.NumLinks() {
		l := n.Link(i)
		for j, c := range linkHead {
			rec[j] = linkValue(l, c)
		}
		if err := lw.Write(rec); err != nil {
			return fmt.Errorf("csv: %w", err)
		}
	}
	lw.Flush()
	if err := lw.Error(); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}

func setOf(lists ...[]string) map[string]bool {
	m := make(map[string]bool)
	for _, l := range lists {
		for _, s := range l {
			m[s] = true
		}
	}
	return m
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func isDefault(cs []network.Class) bool {
	def := network.DefaultClasses()
	if len(cs) != len(def) {
		return false
	}
	for i, c := range cs {
		d := def[i]
		if c.Name != d.Name || c.Rank != d.Rank || !c.VoLL.Equal(d.VoLL) || c.Description != d.Description {
			return false
		}
	}
	return true
}

// formatNumber writes 0 as "" and other numbers in the shortest decimal
// form that reads back exactly.
func formatNumber(v float64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func formatQuantity(v float64) string {
	if math.IsInf(v, 1) {
		return unlimited
	}
	return formatNumber(v)
}

func formatBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func nodeValue(nd network.Node, col string) string {
	switch col {
	case "id":
		return nd.ID
	case "role":
		return string(nd.Role)
	case "zone":
		return nd.Zone
	case "capacity":
		return formatQuantity(nd.Capacity)
	case "demand":
		return formatNumber(nd.Demand)
	case "class":
		return nd.Class
	case "customers":
		if nd.Customers == 0 {
			return ""
		}
		return strconv.Itoa(nd.Customers)
	case "area":
		return formatNumber(nd.Area)
	case "level":
		return formatNumber(nd.Level)
	case "max_level":
		return formatNumber(nd.MaxLevel)
	case "charge_rate":
		return formatQuantity(nd.ChargeRate)
	case "needs_operators":
		return formatBool(nd.NeedsOperators)
	case "x", "y":
		if nd.Coord == nil {
			return ""
		}
		v := nd.Coord.X
		if col == "y" {
			v = nd.Coord.Y
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return nd.Attrs[col]
}

func linkValue(l network.Link, col string) string {
	switch col {
	case "id":
		return l.ID
	case "from":
		return l.From
	case "to":
		return l.To
	case "zone":
		return l.Zone
	case "capacity":
		return formatQuantity(l.Capacity)
	case "oneway":
		return formatBool(l.OneWay)
	case "loss":
		return formatNumber(l.Loss)
	}
	return l.Attrs[col]
}
