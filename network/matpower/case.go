package matpower

import (
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

// Bus is one row of the bus matrix (mpc.bus).
type Bus struct {
	ID     int     // bus number (bus_i), positive and unique
	Type   int     // 1 PQ, 2 PV, 3 reference (slack), 4 isolated
	Pd, Qd float64 // real (MW) and reactive (MVAr) demand; Pd < 0 is generation netted into load
	Gs, Bs float64 // shunt conductance (MW) and susceptance (MVAr) at 1 pu voltage
	Area   int     // area number
	Vm     float64 // voltage magnitude, pu
	Va     float64 // voltage angle, degrees
	BaseKV float64 // base voltage, kV
	Zone   int     // loss zone number
	Line   int     // 1-based line of the row in the file, 0 if not read from a file
}

// Gen is one row of the generator matrix (mpc.gen).
type Gen struct {
	Bus        int     // bus number
	Pg, Qg     float64 // real (MW) and reactive (MVAr) output
	Qmax, Qmin float64 // reactive limits, MVAr
	Vg         float64 // voltage set point, pu
	MBase      float64 // machine base, MVA
	Status     int     // > 0 in service, ≤ 0 out of service
	Pmax, Pmin float64 // real output limits, MW
	Line       int     // 1-based line of the row in the file, 0 if not read from a file
}

// Branch is one row of the branch matrix (mpc.branch): a line or a
// transformer.
type Branch struct {
	From, To            int     // bus numbers (fbus, tbus)
	R, X, B             float64 // resistance, reactance and total charging susceptance, pu
	RateA, RateB, RateC float64 // long-term, short-term and emergency ratings, MVA; 0 means unlimited
	Ratio               float64 // transformer off-nominal turns ratio; 0 means a line (ratio 1)
	Angle               float64 // transformer phase shift, degrees
	Status              int     // > 0 in service, ≤ 0 out of service
	Line                int     // 1-based line of the row in the file, 0 if not read from a file
}

// Case is a MATPOWER case: the power-flow data of a transmission network.
// Gens and Branches are in file order; row k (1-based) of each matrix is
// element k-1 of its slice, and the IDs "gen<k>" and "br<k>" that Network
// gives them use that row number.
type Case struct {
	Name     string  // the function name in the header, or the file name without .m
	File     string  // the file name as given to Read, for positions in errors
	BaseMVA  float64 // system MVA base for per-unit values
	Buses    []Bus
	Gens     []Gen
	Branches []Branch
}

// The least number of columns of each matrix (MATPOWER's caseformat;
// version 1 gen and branch matrices are narrower, and result files add
// columns).
const (
	busCols    = 13
	genCols    = 10
	branchCols = 11
)

var (
	busFields    = []string{"bus_i", "type", "Pd", "Qd", "Gs", "Bs", "area", "Vm", "Va", "baseKV", "zone", "Vmax", "Vmin"}
	genFields    = []string{"bus", "Pg", "Qg", "Qmax", "Qmin", "Vg", "mBase", "status", "Pmax", "Pmin"}
	branchFields = []string{"fbus", "tbus", "r", "x", "b", "rateA", "rateB", "rateC", "ratio", "angle", "status", "angmin", "angmax"}
)

// ReadFile reads the MATPOWER case file at path; see Read.
func ReadFile(path string) (*Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("matpower: %w", err)
	}
	defer f.Close()
	return Read(f, path)
}

// Read reads a MATPOWER case file in case format version 2: a MATLAB
// function that fills a struct, as in
//
//	function mpc = case9
//	mpc.version = '2';
//	mpc.baseMVA = 100;
//	mpc.bus = [
//		1	3	0	0	0	0	1	1	0	345	1	1.1	0.9;
//		...
//	];
//
// file names the input in error positions. The struct may have any name (it
// is taken from the function header; "mpc" without one). Read takes
// baseMVA, bus, gen and branch, and checks version; every other field
// (gencost, bus_name, areas, user fields) is skipped, as are statements that
// are not assignments to a field. It understands % comments, %{ %} block
// comments, ... continuations, matrices spanning lines, rows ended by ; or a
// line break, elements separated by blanks or commas, and numbers in any
// MATLAB spelling (1e-3, .5, Inf). Expressions are not evaluated: a matrix
// element must be a number, and indexed or transposed assignments to the
// three matrices are errors.
//
// Read checks every row: the row is at least as wide as the format asks (13
// bus, 10 gen, 11 branch columns) and as wide as the first row, every
// element is a number, numbers used by the model are finite, identifiers
// and statuses are whole numbers, bus numbers are positive and unique, bus
// types are 1 to 4, ratings are not negative, and every generator and
// branch names a known bus (and a branch two different ones). Each problem
// is a *network.FieldError with Pos{File, Line}; Element is "bus", "gen" or
// "branch", ID the bus number or the 1-based row number of the generator or
// branch, and Field the column name of MATPOWER's caseformat (for example
// "Pd" or "tbus"). All problems are returned together in line order, and the
// error matches network.ErrInvalid. Problems with the file as a whole (a
// missing matrix or baseMVA, a version other than 2) have no line. Errors
// from r are returned wrapped. Read never panics, whatever the input.
func Read(r io.Reader, file string) (*Case, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("matpower: %w", err)
	}
	p := &parser{file: file, sname: "mpc"}
	toks, lerrs := lex(src)
	for _, e := range lerrs {
		p.add(e.line, "", "", "", "%s", e.msg)
	}
	p.toks = toks
	p.statements()
	c := p.build()
	if err := p.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// matrix is a matrix as written: rows of words with their lines.
type matrix struct {
	line int // line of the assignment
	rows []row
	bad  bool // a syntax error was reported inside it
}

type row struct {
	line  int
	words []string
}

type parser struct {
	file    string
	toks    []token
	pos     int
	sname   string // name of the struct, "mpc" unless the header says otherwise
	name    string // function name from the header
	v1      bool   // version 1 header or version field
	header1 bool   // the first function header has been read
	version string
	baseMVA *token
	mats    map[string]*matrix
	probs   []*network.FieldError
}

func (p *parser) add(line int, elem, id, field, format string, args ...any) {
	p.probs = append(p.probs, &network.FieldError{
		Pos: network.Pos{File: p.file, Line: line}, Element: elem, ID: id, Field: field,
		Msg: fmt.Sprintf(format, args...),
	})
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != tEOF {
		p.pos++
	}
	return t
}

func isEnd(t token) bool {
	return t.kind == tNewline || t.kind == tEOF || (t.kind == tPunct && (t.text == ";" || t.text == ","))
}

// statements reads the file statement by statement.
func (p *parser) statements() {
	for {
		t := p.peek()
		switch {
		case t.kind == tEOF:
			return
		case isEnd(t):
			p.next()
		case t.kind == tWord && t.text == "function" && !p.header1:
			p.header()
		case t.kind == tWord && p.isField(t.text) && p.toks[p.pos+1].kind == tPunct && p.toks[p.pos+1].text == "=":
			p.next()
			p.next()
			p.assign(t)
		case t.kind == tWord && p.isMatrix(t.text) != "" && p.toks[p.pos+1].kind == tPunct && p.toks[p.pos+1].text == "(":
			p.add(t.line, p.isMatrix(t.text), "", "", "indexed assignment to %s is not supported", t.text)
			p.skip()
		default:
			p.skip()
		}
	}
}

// isField reports whether w names a field this reader takes.
func (p *parser) isField(w string) bool {
	f, ok := strings.CutPrefix(w, p.sname+".")
	return ok && (f == "version" || f == "baseMVA" || f == "bus" || f == "gen" || f == "branch")
}

// isMatrix returns "bus", "gen" or "branch" if w names that matrix.
func (p *parser) isMatrix(w string) string {
	f, ok := strings.CutPrefix(w, p.sname+".")
	if ok && (f == "bus" || f == "gen" || f == "branch") {
		return f
	}
	return ""
}

// header reads "function mpc = name" (version 2) or "function [baseMVA,
// bus, ...] = name" (version 1). Later function lines (local functions) are
// skipped like other statements.
func (p *parser) header() {
	p.header1 = true
	p.next()
	var ts []token
	for !isEnd(p.peek()) || (p.peek().kind == tPunct && p.peek().text == ",") {
		ts = append(ts, p.next())
	}
	switch {
	case len(ts) >= 3 && ts[0].kind == tWord && ts[1].text == "=" && ts[2].kind == tWord:
		p.sname, p.name = ts[0].text, ts[2].text
	case len(ts) >= 1 && ts[0].text == "[":
		p.v1 = true
	case len(ts) >= 1 && ts[0].kind == tWord:
		p.name = ts[0].text
	}
}

// skip skips to the end of a statement: a ; , or line end outside brackets.
func (p *parser) skip() {
	depth := 0
	for {
		t := p.peek()
		if t.kind == tEOF {
			return
		}
		if depth == 0 && isEnd(t) {
			return
		}
		p.next()
		if t.kind == tPunct {
			switch t.text {
			case "[", "{", "(":
				depth++
			case "]", "}", ")":
				depth = max(depth-1, 0)
			}
		}
	}
}

// endOfValue checks that a value is followed by the end of its statement.
func (p *parser) endOfValue(elem, what string) {
	t := p.peek()
	if isEnd(t) {
		return
	}
	if t.kind == tPunct && t.text == "'" {
		p.add(t.line, elem, "", "", "transposed %s is not supported", what)
	} else {
		p.add(t.line, elem, "", "", "unexpected %q after the %s; expressions are not supported", t.text, what)
	}
	p.skip()
}

func (p *parser) assign(lhs token) {
	field := strings.TrimPrefix(lhs.text, p.sname+".")
	t := p.peek()
	switch field {
	case "version":
		if t.kind == tString || t.kind == tWord {
			p.next()
			p.version = t.text
			p.endOfValue("", "version")
			return
		}
		p.add(lhs.line, "", "", "", "%s: want a string such as '2'", lhs.text)
		p.skip()
	case "baseMVA":
		if t.kind == tWord {
			p.next()
			p.baseMVA = &t
			p.endOfValue("", "baseMVA")
			return
		}
		p.add(lhs.line, "", "", "", "%s: want a number", lhs.text)
		p.skip()
	default: // bus, gen, branch
		if p.mats == nil {
			p.mats = make(map[string]*matrix)
		}
		if m, dup := p.mats[field]; dup {
			p.add(lhs.line, field, "", "", "%s assigned twice (first on line %d)", lhs.text, m.line)
			p.skip()
			return
		}
		m := &matrix{line: lhs.line}
		p.mats[field] = m
		if t.kind != tPunct || t.text != "[" {
			p.add(lhs.line, field, "", "", "%s: want a matrix in [ ]", lhs.text)
			m.bad = true
			p.skip()
			return
		}
		p.next()
		p.matrix(field, m)
	}
}

// matrix reads the rows of a matrix after its "[" up to the matching "]".
func (p *parser) matrix(name string, m *matrix) {
	var cur row
	flush := func() {
		if len(cur.words) > 0 {
			m.rows = append(m.rows, cur)
		}
		cur = row{}
	}
	for {
		t := p.next()
		switch {
		case t.kind == tWord:
			if len(cur.words) == 0 {
				cur.line = t.line
			}
			cur.words = append(cur.words, t.text)
		case t.kind == tNewline || (t.kind == tPunct && t.text == ";"):
			flush()
		case t.kind == tPunct && t.text == ",":
		case t.kind == tPunct && t.text == "]":
			flush()
			p.endOfValue(name, "matrix")
			return
		case t.kind == tEOF:
			p.add(m.line, name, "", "", "matrix %s.%s is not closed with ]", p.sname, name)
			m.bad = true
			return
		default:
			text := t.text
			if t.kind == tString {
				text = "'" + t.text + "'"
			}
			p.add(t.line, name, "", "", "unexpected %q in the matrix; want numbers", text)
			m.bad = true
			// Skip to the closing bracket.
			depth := 0
			if t.kind == tPunct && (t.text == "[" || t.text == "{" || t.text == "(") {
				depth = 1
			}
			for {
				t := p.next()
				if t.kind == tEOF {
					return
				}
				if t.kind != tPunct {
					continue
				}
				switch t.text {
				case "[", "{", "(":
					depth++
				case "]", "}", ")":
					if depth == 0 && t.text == "]" {
						p.skip()
						return
					}
					depth = max(depth-1, 0)
				}
			}
		}
	}
}

// cells parses the words of one row, reporting what does not parse.
type cells struct {
	p      *parser
	r      row
	elem   string
	id     string
	fields []string
}

func (c *cells) field(i int) string {
	if i < len(c.fields) {
		return c.fields[i]
	}
	return "column " + strconv.Itoa(i+1)
}

// num returns column i as a number; bad is set when it is not one.
func (c *cells) num(i int, bad *bool) float64 {
	v, ok := parseNumber(c.r.words[i])
	if !ok {
		c.p.add(c.r.line, c.elem, c.id, c.field(i), "not a number %q", c.r.words[i])
		*bad = true
	}
	return v
}

// finite returns column i as a finite number.
func (c *cells) finite(i int, bad *bool) float64 {
	v, ok := parseNumber(c.r.words[i])
	switch {
	case !ok:
		c.p.add(c.r.line, c.elem, c.id, c.field(i), "not a number %q", c.r.words[i])
		*bad = true
	case math.IsNaN(v) || math.IsInf(v, 0):
		c.p.add(c.r.line, c.elem, c.id, c.field(i), "not a finite number: %s", c.r.words[i])
		*bad = true
	}
	return v
}

// notNaN returns column i as a number that may be infinite.
func (c *cells) notNaN(i int, bad *bool) float64 {
	v, ok := parseNumber(c.r.words[i])
	switch {
	case !ok:
		c.p.add(c.r.line, c.elem, c.id, c.field(i), "not a number %q", c.r.words[i])
		*bad = true
	case math.IsNaN(v):
		c.p.add(c.r.line, c.elem, c.id, c.field(i), "NaN is not allowed")
		*bad = true
	}
	return v
}

// whole returns column i as a whole number.
func (c *cells) whole(i int, bad *bool) int {
	v, ok := parseNumber(c.r.words[i])
	switch {
	case !ok:
		c.p.add(c.r.line, c.elem, c.id, c.field(i), "not a number %q", c.r.words[i])
	case v != math.Trunc(v) || math.Abs(v) > math.MaxInt32:
		c.p.add(c.r.line, c.elem, c.id, c.field(i), "not a whole number: %s", c.r.words[i])
	default:
		return int(v)
	}
	*bad = true
	return 0
}

// rest checks that the columns from i on are numbers.
func (c *cells) rest(i int, bad *bool) {
	for ; i < len(c.r.words); i++ {
		c.num(i, bad)
	}
}

// parseNumber parses a number as MATLAB writes it: decimal digits with an
// optional sign, point and exponent, or Inf, NaN (any case, optional sign).
// Out-of-range values become ±Inf or 0.
func parseNumber(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case "inf", "nan":
		if len(s)-len(strings.TrimLeft(s, "+-")) > 1 {
			return 0, false
		}
		v, err := strconv.ParseFloat(s, 64)
		return v, err == nil
	}
	digits := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-':
		default:
			return 0, false
		}
	}
	if !digits {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return v, true
		}
		return 0, false
	}
	return v, true
}

// numbered is a row with its 1-based number in its matrix.
type numbered struct {
	n int
	row
}

// rowsOf checks the widths of a matrix's rows and returns the rows that are
// wide enough, with their row numbers.
func (p *parser) rowsOf(name string, min int, fields []string) []numbered {
	m := p.mats[name]
	if m == nil || m.bad {
		return nil
	}
	var out []numbered
	first := 0
	for k, r := range m.rows {
		id := strconv.Itoa(k + 1)
		if name == "bus" {
			id = ""
			if n, ok := wholeNumber(r.words[0]); ok {
				id = strconv.Itoa(n)
			}
		}
		switch {
		case len(r.words) < min:
			p.add(r.line, name, id, "", "row has %d columns, want at least %d (%s)", len(r.words), min, strings.Join(fields[:min], " "))
			continue
		case first == 0:
			first = len(r.words)
		case len(r.words) != first:
			p.add(r.line, name, id, "", "row has %d columns, the first row has %d", len(r.words), first)
			continue
		}
		out = append(out, numbered{k + 1, r})
	}
	return out
}

// wholeNumber parses s as a whole number that fits in 32 bits.
func wholeNumber(s string) (int, bool) {
	v, ok := parseNumber(s)
	if !ok || v != math.Trunc(v) || math.Abs(v) > math.MaxInt32 {
		return 0, false
	}
	return int(v), true
}

// build turns the parsed matrices into a Case, reporting every problem.
func (p *parser) build() *Case {
	c := &Case{Name: p.name, File: p.file}
	if c.Name == "" && p.file != "" {
		c.Name = strings.TrimSuffix(filepath.Base(p.file), filepath.Ext(p.file))
	}
	if p.v1 || (p.version != "" && p.version != "2") {
		v := p.version
		if v == "" {
			v = "1"
		}
		p.add(0, "", "", "", "case format version %s is not supported; want version 2 (function mpc = name, with mpc.bus, mpc.gen, mpc.branch)", v)
		return nil
	}
	if p.baseMVA == nil {
		p.add(0, "", "", "", "missing %s.baseMVA", p.sname)
	} else if v, ok := parseNumber(p.baseMVA.text); !ok || !(v > 0) || math.IsInf(v, 0) {
		p.add(p.baseMVA.line, "", "", "baseMVA", "want a positive number, got %q", p.baseMVA.text)
	} else {
		c.BaseMVA = v
	}
	for _, name := range []string{"bus", "gen", "branch"} {
		if p.mats[name] == nil {
			p.add(0, "", "", "", "missing %s matrix (%s.%s)", name, p.sname, name)
		}
	}

	// Every bus number written, even on a row with problems, so that a
	// problem on a bus row is not also reported on each of its branches.
	declared := make(map[int]bool)
	busOK := p.mats["bus"] != nil && !p.mats["bus"].bad
	if busOK {
		for _, r := range p.mats["bus"].rows {
			if n, ok := wholeNumber(r.words[0]); ok {
				declared[n] = true
			}
		}
	}
	busLine := make(map[int]int)
	for _, r := range p.rowsOf("bus", busCols, busFields) {
		cl := cells{p: p, r: r.row, elem: "bus", fields: busFields}
		var bad, badID, badType bool
		var b Bus
		b.ID = cl.whole(0, &badID)
		if !badID {
			cl.id = strconv.Itoa(b.ID)
		}
		b.Type = cl.whole(1, &badType)
		b.Pd = cl.finite(2, &bad)
		b.Qd = cl.finite(3, &bad)
		b.Gs = cl.finite(4, &bad)
		b.Bs = cl.finite(5, &bad)
		b.Area = cl.whole(6, &bad)
		b.Vm = cl.finite(7, &bad)
		b.Va = cl.finite(8, &bad)
		b.BaseKV = cl.finite(9, &bad)
		b.Zone = cl.whole(10, &bad)
		cl.rest(11, &bad)
		b.Line = r.line
		if !badID {
			if b.ID < 1 {
				p.add(r.line, "bus", cl.id, "bus_i", "bus number %d is not positive", b.ID)
			} else if l, dup := busLine[b.ID]; dup {
				p.add(r.line, "bus", cl.id, "bus_i", "duplicate bus number %d (first on line %d)", b.ID, l)
			} else {
				busLine[b.ID] = r.line
			}
		}
		if !badType && (b.Type < 1 || b.Type > 4) {
			p.add(r.line, "bus", cl.id, "type", "unknown bus type %d (want 1 PQ, 2 PV, 3 reference or 4 isolated)", b.Type)
		}
		c.Buses = append(c.Buses, b)
	}
	knownBus := func(cl *cells, i, n int) {
		if busOK && !declared[n] {
			p.add(cl.r.line, cl.elem, cl.id, cl.field(i), "unknown bus %d", n)
		}
	}
	for _, r := range p.rowsOf("gen", genCols, genFields) {
		cl := cells{p: p, r: r.row, elem: "gen", id: strconv.Itoa(r.n), fields: genFields}
		var bad, badBus bool
		var g Gen
		g.Bus = cl.whole(0, &badBus)
		g.Pg = cl.finite(1, &bad)
		g.Qg = cl.finite(2, &bad)
		g.Qmax = cl.notNaN(3, &bad)
		g.Qmin = cl.notNaN(4, &bad)
		g.Vg = cl.finite(5, &bad)
		g.MBase = cl.finite(6, &bad)
		g.Status = cl.whole(7, &bad)
		g.Pmax = cl.notNaN(8, &bad)
		g.Pmin = cl.notNaN(9, &bad)
		cl.rest(10, &bad)
		g.Line = r.line
		if !badBus {
			knownBus(&cl, 0, g.Bus)
		}
		c.Gens = append(c.Gens, g)
	}
	for _, r := range p.rowsOf("branch", branchCols, branchFields) {
		cl := cells{p: p, r: r.row, elem: "branch", id: strconv.Itoa(r.n), fields: branchFields}
		var bad, badF, badT bool
		var br Branch
		br.From = cl.whole(0, &badF)
		br.To = cl.whole(1, &badT)
		br.R = cl.finite(2, &bad)
		br.X = cl.finite(3, &bad)
		br.B = cl.finite(4, &bad)
		for j, rp := range []*float64{&br.RateA, &br.RateB, &br.RateC} {
			var badRate bool
			*rp = cl.notNaN(5+j, &badRate)
			if !badRate && *rp < 0 {
				p.add(r.line, "branch", cl.id, cl.field(5+j), "negative rating %s", r.words[5+j])
			}
		}
		br.Ratio = cl.finite(8, &bad)
		br.Angle = cl.finite(9, &bad)
		br.Status = cl.whole(10, &bad)
		cl.rest(11, &bad)
		br.Line = r.line
		if !badF {
			knownBus(&cl, 0, br.From)
		}
		if !badT {
			knownBus(&cl, 1, br.To)
		}
		if !badF && !badT && br.From == br.To {
			p.add(r.line, "branch", cl.id, "tbus", "branch joins bus %d to itself", br.From)
		}
		c.Branches = append(c.Branches, br)
	}
	return c
}

// err returns the problems in line order (those without a line first),
// joined, or nil.
func (p *parser) err() error {
	if len(p.probs) == 0 {
		return nil
	}
	slices.SortStableFunc(p.probs, func(a, b *network.FieldError) int { return a.Pos.Line - b.Pos.Line })
	errs := make(invalidError, len(p.probs))
	for i, e := range p.probs {
		errs[i] = e
	}
	return errs
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
