package dimacs

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// Instance is a maximum-flow instance as read from a DIMACS file. Vertex
// indices count from 0: the file's vertex ID k is index k−1, so the fields
// can be passed to supply.MaxFlow as they are. An Instance is plain data:
// safe for concurrent reads, not for concurrent changes.
type Instance struct {
	N    int          // number of vertices
	S, T int          // source and sink, from 0
	Arcs []supply.Arc // arcs in file order, ends from 0, capacities as written
	// Factor is the number of the file's first "c factor F" comment (Write
	// puts one at the top: capacities are flows × F), 0 if it has none.
	Factor float64
}

// MaxFlow returns the value of a maximum flow from S to T, computed by
// supply.MaxFlow; see there for its cost and errors.
func (in *Instance) MaxFlow() (float64, error) {
	return supply.MaxFlow(in.N, in.Arcs, in.S, in.T)
}

// Limits of what Read accepts.
const (
	maxVertices = math.MaxInt32 - 1       // supply.MaxFlow's limit
	maxArcs     = (math.MaxInt32 - 1) / 2 // supply.MaxFlow's limit
	maxLine     = 1 << 20                 // longest line, in bytes
	maxProblems = 100                     // problems reported before giving up
)

// Read reads a DIMACS maximum-flow instance from r; file names r in error
// messages. It accepts:
//
//   - comment lines "c ..." and blank lines anywhere; a comment "c factor F"
//     with a positive number F sets Instance.Factor (the first one counts);
//   - exactly one problem line "p max N M", before every "n" and "a" line,
//     with 2 ≤ N < 2^31−1 vertices and 0 ≤ M < 2^30 arcs;
//   - exactly one "n ID s" and one "n ID t" line, with different IDs in
//     1..N;
//   - exactly M arc lines "a U V CAP" with U and V in 1..N and a capacity
//     that is a decimal number (integers as the format has them, or a
//     fraction or exponent such as 2.5 or 1e6) between 0 and 2^53, the
//     range where float64 holds every integer exactly.
//
// Fields are separated by spaces or tabs, and lines may end in CRLF.
// Parallel arcs, self-loops, arcs into the source and out of the sink are
// accepted, as max-flow codes accept them.
//
// Every problem is reported, each as a *network.FieldError with Pos{File,
// Line} (problems of the file as a whole, such as a missing problem line
// or too few arcs, have no line); Element is "problem", "node" or "arc",
// ID the arc's number (from 1) or the node's ID, and Field the field at
// fault. At most 100 problems are listed, then how many more there were.
// They are returned together in line order, and the error matches
// network.ErrInvalid. Errors from r are returned wrapped. Read never
// panics, whatever the input, and allocates O(M) memory whatever N says.
func Read(r io.Reader, file string) (*Instance, error) {
	p := &reader{file: file}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var fields [6][]byte
	for sc.Scan() {
		p.line++
		f := splitFields(sc.Bytes(), fields[:0])
		if len(f) == 0 {
			continue
		}
		p.parseLine(f)
	}
	if err := sc.Err(); err != nil {
		if !errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("dimacs: %s: %w", file, err)
		}
		p.add(p.line+1, "", "", "", "line longer than %d bytes", maxLine)
	}
	p.finish()
	if len(p.probs) > 0 {
		return nil, p.err()
	}
	return &p.in, nil
}

// reader holds the state of one Read.
type reader struct {
	file      string
	line      int
	in        Instance
	problem   bool // the problem line has been read
	m         int  // arcs announced
	sLine     int  // line of the "n ID s" line, 0 if none yet
	tLine     int
	factorSet bool
	probs     []error
	dropped   int // problems not listed
}

func (p *reader) add(line int, elem, id, field, format string, args ...any) {
	if len(p.probs) >= maxProblems {
		p.dropped++
		return
	}
	p.probs = append(p.probs, &network.FieldError{
		Pos: network.Pos{File: p.file, Line: line}, Element: elem, ID: id, Field: field,
		Msg: fmt.Sprintf(format, args...),
	})
}

func (p *reader) err() error {
	// Problems are found in line order, except the end-of-file ones, which
	// have no line: put them first, as the other readers do.
	var head, tail invalidError
	for _, e := range p.probs {
		if e.(*network.FieldError).Pos.Line == 0 {
			head = append(head, e)
		} else {
			tail = append(tail, e)
		}
	}
	all := append(head, tail...)
	if p.dropped > 0 {
		all = append(all, &network.FieldError{Pos: network.Pos{File: p.file},
			Msg: fmt.Sprintf("%d more problems not listed", p.dropped)})
	}
	return all
}

// splitFields appends the space- or tab-separated fields of line to dst,
// at most cap(dst) of them (the last one holds the rest of the line).
func splitFields(line []byte, dst [][]byte) [][]byte {
	i := 0
	for {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i == len(line) {
			return dst
		}
		j := i
		if len(dst) == cap(dst)-1 {
			j = len(line)
			for j > i && isSpace(line[j-1]) {
				j--
			}
		} else {
			for j < len(line) && !isSpace(line[j]) {
				j++
			}
		}
		dst = append(dst, line[i:j])
		i = j
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

func (p *reader) parseLine(f [][]byte) {
	switch string(f[0]) {
	case "c":
		if len(f) >= 3 && string(f[1]) == "factor" && !p.factorSet {
			if v, ok := parseNumber(f[2]); ok && v > 0 {
				p.in.Factor = v
				p.factorSet = true
			}
		}
	case "p":
		p.parseProblem(f)
	case "n":
		p.parseNode(f)
	case "a":
		p.parseArc(f)
	default:
		if f[0][0] == 'c' {
			return // a comment without a space after the c
		}
		p.add(p.line, "", "", "", "unknown line type %q (want c, p, n or a)", clip(f[0]))
	}
}

func (p *reader) parseProblem(f [][]byte) {
	if p.problem {
		p.add(p.line, "problem", "", "", "second problem line")
		return
	}
	p.problem = true
	if len(f) != 4 {
		p.add(p.line, "problem", "", "", "want 4 fields: p max N M")
		p.in.N, p.m = -1, -1
		return
	}
	if string(f[1]) != "max" {
		p.add(p.line, "problem", "", "type", "problem type %q; want max", clip(f[1]))
	}
	n, ok := parseUint(f[2])
	if !ok || n < 2 || n > maxVertices {
		p.add(p.line, "problem", "", "vertices", "%q is not a vertex count from 2 to %d", clip(f[2]), maxVertices)
		p.in.N = -1 // unknown: vertex IDs are not checked against it
	} else {
		p.in.N = int(n)
	}
	m, ok := parseUint(f[3])
	if !ok || m > maxArcs {
		p.add(p.line, "problem", "", "arcs", "%q is not an arc count from 0 to %d", clip(f[3]), maxArcs)
		p.m = -1
	} else {
		p.m = int(m)
		p.in.Arcs = make([]supply.Arc, 0, min(p.m, 1<<20))
	}
}

// vertex parses a vertex ID and returns its index from 0, or -1 and what
// is wrong with it.
func (p *reader) vertex(b []byte) (int, string) {
	v, ok := parseUint(b)
	switch {
	case !ok || v == 0:
		return -1, fmt.Sprintf("%q is not a vertex ID (a whole number from 1)", clip(b))
	case p.in.N < 0:
		return int(min(v, maxVertices)) - 1, "" // N unknown; keep going
	case v > uint64(p.in.N):
		return -1, fmt.Sprintf("vertex %d out of range 1..%d", v, p.in.N)
	}
	return int(v) - 1, ""
}

func (p *reader) parseNode(f [][]byte) {
	if !p.problem {
		p.add(p.line, "node", "", "", "node line before the problem line")
		return
	}
	if len(f) != 3 {
		p.add(p.line, "node", "", "", "want 3 fields: n ID s or n ID t")
		return
	}
	id := string(clip(f[1]))
	v, msg := p.vertex(f[1])
	if msg != "" {
		p.add(p.line, "node", id, "id", "%s", msg)
	}
	switch string(f[2]) {
	case "s":
		if p.sLine > 0 {
			p.add(p.line, "node", id, "", "second source; the first is on line %d", p.sLine)
			return
		}
		p.sLine = p.line
		p.in.S = v
	case "t":
		if p.tLine > 0 {
			p.add(p.line, "node", id, "", "second sink; the first is on line %d", p.tLine)
			return
		}
		p.tLine = p.line
		p.in.T = v
	default:
		p.add(p.line, "node", id, "type", "node type %q; want s or t", clip(f[2]))
		return
	}
	if p.sLine > 0 && p.tLine > 0 && p.in.S == p.in.T && v >= 0 {
		p.add(p.line, "node", id, "", "vertex %d is both the source and the sink", v+1)
	}
}

func (p *reader) parseArc(f [][]byte) {
	if !p.problem {
		p.add(p.line, "arc", "", "", "arc line before the problem line")
		return
	}
	k := len(p.in.Arcs) + 1
	bad := func(field, format string, args ...any) {
		p.add(p.line, "arc", strconv.Itoa(k), field, format, args...)
	}
	if p.m >= 0 && k > p.m {
		if k == p.m+1 {
			bad("", "more arcs than the %d of the problem line", p.m)
		}
		p.in.Arcs = append(p.in.Arcs, supply.Arc{}) // count it
		return
	}
	if len(f) != 4 {
		bad("", "want 4 fields: a U V CAP")
		p.in.Arcs = append(p.in.Arcs, supply.Arc{})
		return
	}
	u, msg := p.vertex(f[1])
	if msg != "" {
		bad("tail", "%s", msg)
	}
	v, msg := p.vertex(f[2])
	if msg != "" {
		bad("head", "%s", msg)
	}
	c, ok := parseNumber(f[3])
	if i, isInt := parseUint(f[3]); isInt && i > maxExact {
		c = math.Inf(1) // above the range, whatever float64 rounds it to
	}
	switch {
	case !ok:
		bad("capacity", "%q is not a decimal number", clip(f[3]))
	case c < 0:
		bad("capacity", "negative capacity %s", clip(f[3]))
	case c > maxExact:
		bad("capacity", "capacity %s exceeds 2^53, beyond exact float64 integers", clip(f[3]))
	}
	p.in.Arcs = append(p.in.Arcs, supply.Arc{From: u, To: v, Cap: c + 0}) // + 0 turns −0 into 0
}

func (p *reader) finish() {
	if !p.problem {
		p.add(0, "problem", "", "", "no problem line (p max N M)")
		return
	}
	if p.sLine == 0 {
		p.add(0, "node", "", "", "no source line (n ID s)")
	}
	if p.tLine == 0 {
		p.add(0, "node", "", "", "no sink line (n ID t)")
	}
	if p.m >= 0 && len(p.in.Arcs) < p.m {
		p.add(0, "arc", "", "", "%d arcs; the problem line announces %d", len(p.in.Arcs), p.m)
	}
}

// parseUint parses a whole decimal number of at most 18 digits.
func parseUint(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	return v, true
}

// parseNumber parses a decimal number: digits, an optional fraction and an
// optional exponent, with an optional sign. It rejects infinities, NaN,
// hexadecimal and underscores.
func parseNumber(b []byte) (float64, bool) {
	if v, ok := parseUint(b); ok && v <= maxExact {
		return float64(v), true
	}
	if len(b) == 0 || bytes.IndexFunc(b, func(r rune) bool { return !strings.ContainsRune("0123456789.eE+-", r) }) >= 0 {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// clip shortens a field quoted in a message to at most 40 bytes.
func clip(b []byte) []byte {
	if len(b) > 40 {
		return append(b[:37:37], "..."...)
	}
	return b
}

// invalidError joins the problems of a file; it matches network.ErrInvalid.
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

// Write writes the instance in DIMACS format to w: a "c factor F" comment if
// Factor is positive, the problem line, the source and sink lines with IDs
// from 1, and the arcs in order, capacities in the shortest decimal form
// that reads back to the same float64 (integers without a fraction). Read
// gives the same Instance back. It returns an error, and writes nothing, if
// the instance is not one Read would accept (a bad count, vertex or
// capacity), and errors from w.
func (in *Instance) Write(w io.Writer) error {
	if err := in.check(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if in.Factor > 0 {
		fmt.Fprintf(bw, "c factor %s\n", strconv.FormatFloat(in.Factor, 'f', -1, 64))
	}
	fmt.Fprintf(bw, "p max %d %d\nn %d s\nn %d t\n", in.N, len(in.Arcs), in.S+1, in.T+1)
	buf := make([]byte, 0, 64)
	for _, a := range in.Arcs {
		buf = append(buf[:0], 'a', ' ')
		buf = strconv.AppendInt(buf, int64(a.From)+1, 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(a.To)+1, 10)
		buf = append(buf, ' ')
		buf = strconv.AppendFloat(buf, a.Cap, 'f', -1, 64)
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}

// check reports whether Read could have returned in.
func (in *Instance) check() error {
	switch {
	case in.N < 2 || in.N > maxVertices:
		return fmt.Errorf("dimacs: %d vertices; want 2 to %d", in.N, maxVertices)
	case len(in.Arcs) > maxArcs:
		return fmt.Errorf("dimacs: %d arcs; at most %d", len(in.Arcs), maxArcs)
	case in.S < 0 || in.S >= in.N || in.T < 0 || in.T >= in.N || in.S == in.T:
		return fmt.Errorf("dimacs: source %d and sink %d: want two different vertices in [0, %d)", in.S, in.T, in.N)
	case math.IsNaN(in.Factor) || math.IsInf(in.Factor, 0):
		return fmt.Errorf("dimacs: factor %g is not finite", in.Factor)
	}
	for i, a := range in.Arcs {
		if a.From < 0 || a.From >= in.N || a.To < 0 || a.To >= in.N {
			return fmt.Errorf("dimacs: arc %d (%d→%d): end out of range [0, %d)", i, a.From, a.To, in.N)
		}
		if !(a.Cap >= 0 && a.Cap <= maxExact) {
			return fmt.Errorf("dimacs: arc %d: capacity %g is not between 0 and 2^53", i, a.Cap)
		}
	}
	return nil
}
