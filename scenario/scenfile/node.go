package scenfile

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// maxDepth bounds alias chains and the nesting of inline networks.
const maxDepth = 64

// decoder reads one scenario document from its yaml.Node tree. Problems are
// collected in errs; lines maps the path of every field read to the line of
// its value, so that problems found later (by crew.New, scenario.Compile)
// can be placed.
type decoder struct {
	data      []byte
	file, dir string
	errs      []*Error
	lines     map[string]int
	budget    int  // nodes left to visit; bounds the expansion of aliases
	over      bool // the budget ran out (reported once)
	// netFailed and crewFailed mark a network or the crew block that
	// could not be read: the whole-scenario check then cannot know their
	// names.
	netFailed, crewFailed bool
	// noCheck marks a document that is not a scenario at all.
	noCheck bool
	// sizing is the target block, if the document has a valid one.
	sizing *targetBlock
	// yamlFaults counts the fault models of the faults key; those of
	// reliability tables follow, from faultRows.
	yamlFaults int
	faultRows  []faultRow
	// The scenario's start, when given, to align tables to; tables read
	// so far; and where each entry of Scenario.Series and
	// Scenario.Demands came from.
	start     time.Time
	hasStart  bool
	tables    map[tableKey]*tableEntry
	seriesSrc []seriesSrc
	demandSrc []seriesSrc
}

func newDecoder(data []byte, file, dir string) *decoder {
	return &decoder{data: data, file: file, dir: dir, lines: map[string]int{}, tables: map[tableKey]*tableEntry{}, budget: 4*len(data) + 1024}
}

func (d *decoder) errorf(line int, field, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parse reads the single YAML document of d.data and returns its top node,
// or nil after reporting why there is none.
func (d *decoder) parse() *yaml.Node {
	syntax := func(err error) {
		msg, line := err.Error(), 0
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		if tab := tabIndented(d.data, line); tab > 0 {
			d.errorf(tab, "", "YAML syntax error: this line is indented with a tab; YAML indents with spaces")
			return
		}
		d.errorf(line, "", "YAML syntax error: %s", msg)
	}
	dec := yaml.NewDecoder(bytes.NewReader(d.data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			d.errorf(1, "", "empty document")
		} else {
			syntax(err)
		}
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
	case err != nil:
		syntax(err)
		return nil
	default:
		d.errorf(extra.Line, "", "more than one YAML document")
		return nil
	}
	top := &doc
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			d.errorf(1, "", "empty document")
			return nil
		}
		top = doc.Content[0]
	}
	return top
}

// tabIndented returns line or the line after it (the YAML parser may
// report a tab a line early) when its indentation holds a tab, or for
// line 0 the first such line; 0 if none.
func tabIndented(data []byte, line int) int {
	for i, l := range bytes.Split(data, []byte("\n")) {
		if line > 0 && (i+1 < line || i+1 > line+1) {
			continue
		}
		indent := l[:len(l)-len(bytes.TrimLeft(l, " \t"))]
		if bytes.IndexByte(indent, '\t') >= 0 && len(bytes.TrimSpace(l)) > 0 {
			return i + 1
		}
	}
	return 0
}

// resolve follows aliases and charges one node to the budget. It returns
// nil for a null (or missing) value, and for everything once the budget has
// run out.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode; i++ {
		if i >= maxDepth || n.Alias == nil {
			d.errorf(n.Line, "", "unknown or circular alias %s", quoteCut(n.Value))
			return nil
		}
		n = n.Alias
	}
	if n == nil {
		return nil
	}
	d.budget--
	if d.budget < 0 {
		if !d.over {
			d.over = true
			d.errorf(n.Line, "", "aliases expand to too large a document")
		}
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		return d.resolve(n.Content[0])
	}
	return n
}

// describe names a value for messages: "a list", "a mapping", `string "x"`,
// "number 3".
func describe(n *yaml.Node) string {
	if n == nil {
		return "null"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	v := n.Value
	if utf8.RuneCountInString(v) > 40 {
		v = string([]rune(v)[:40]) + "…"
	}
	switch n.ShortTag() {
	case "!!str":
		return fmt.Sprintf("string %q", v)
	case "!!int", "!!float":
		return "number " + v
	case "!!bool":
		return v
	case "!!null":
		return "null"
	}
	return fmt.Sprintf("%q", v)
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func indexPath(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// obj is a decoded mapping: its fields by key, with their lines.
type obj struct {
	d    *decoder
	path string
	line int
	vals map[string]*yaml.Node // raw value nodes, possibly aliases
}

// object reads the mapping n at path, reporting keys that are not scalars,
// repeated keys (the first is kept) and keys not in known. It returns nil
// for null and, after reporting it, for anything that is not a mapping.
func (d *decoder) object(n *yaml.Node, path string, known []string) *obj {
	line := 0
	if n != nil {
		line = n.Line
	}
	m := d.resolve(n)
	if m == nil {
		return nil
	}
	if m.Kind != yaml.MappingNode {
		d.errorf(line, path, "want a mapping, got %s", describe(m))
		return nil
	}
	o := &obj{d: d, path: path, line: line, vals: make(map[string]*yaml.Node, len(m.Content)/2)}
	d.lines[path] = line
	keyLine := make(map[string]int, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn, vn := m.Content[i], m.Content[i+1]
		k := kn
		if k.Kind == yaml.AliasNode && k.Alias != nil {
			k = k.Alias
		}
		if k.Kind != yaml.ScalarNode {
			d.errorf(kn.Line, path, "a mapping key must be a scalar, got %s", describe(k))
			continue
		}
		key := k.Value
		if first, dup := keyLine[key]; dup {
			d.errorf(kn.Line, joinPath(path, cut(key)), "repeated key (first at line %d)", first)
			continue
		}
		keyLine[key] = kn.Line
		if !anyKey(known) && !contains(known, key) {
			if s := suggest(key, known); s != "" {
				d.errorf(kn.Line, joinPath(path, cut(key)), "unknown field (did you mean %q?)", s)
			} else {
				d.errorf(kn.Line, joinPath(path, cut(key)), "unknown field (want one of %s)", strings.Join(known, ", "))
			}
			continue
		}
		o.vals[key] = vn
		d.lines[joinPath(path, key)] = vn.Line
	}
	return o
}

// anyKeys as the known keys of object accepts every key.
var anyKeys = []string{"\x00any"}

func anyKey(known []string) bool { return len(known) == 1 && known[0] == anyKeys[0] }

// element reads a list item that must be a mapping: as object, but null
// is reported too.
func (d *decoder) element(n *yaml.Node, path string, known []string) *obj {
	o := d.object(n, path, known)
	if o == nil && isNull(n) && !d.over {
		d.errorf(n.Line, path, "want a mapping, got null")
	}
	return o
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// has reports whether key is present and not null.
func (o *obj) has(key string) bool {
	n, ok := o.vals[key]
	return ok && !isNull(n)
}

// isNull reports whether n is missing or null, following aliases without
// charging the budget.
func isNull(n *yaml.Node) bool {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxDepth; i++ {
		n = n.Alias
	}
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// lineOf returns the line of key's value, or of the mapping if it is
// missing.
func (o *obj) lineOf(key string) int {
	if n, ok := o.vals[key]; ok {
		return n.Line
	}
	return o.line
}

func (o *obj) field(key string) string { return joinPath(o.path, key) }

// require reports each key that is missing or null.
func (o *obj) require(keys ...string) bool {
	ok := true
	for _, k := range keys {
		if !o.has(k) {
			o.d.errorf(o.lineOf(k), o.field(k), "missing")
			ok = false
		}
	}
	return ok
}

// str reads a string; plain scalars such as 42 or true are taken as
// written. Missing or null is "".
func (o *obj) str(key string) string { return o.d.str(o.vals[key], o.field(key)) }

func (d *decoder) str(raw *yaml.Node, field string) string {
	n := d.resolve(raw)
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(raw.Line, field, "want a string, got %s", describe(n))
		return ""
	}
	if n.ShortTag() == "!!binary" {
		d.errorf(raw.Line, field, "want a string, got binary data")
		return ""
	}
	if !utf8.ValidString(n.Value) {
		d.errorf(raw.Line, field, "not valid UTF-8 text")
		return ""
	}
	return n.Value
}

// num reads a number; missing or null is 0.
func (o *obj) num(key string) float64 {
	f, _ := o.d.num(o.vals[key], o.field(key))
	return f
}

func (d *decoder) num(raw *yaml.Node, field string) (float64, bool) {
	n := d.resolve(raw)
	if n == nil {
		return 0, true
	}
	if n.Kind == yaml.ScalarNode {
		switch n.ShortTag() {
		case "!!int", "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				d.errorf(raw.Line, field, "number %s out of range", n.Value)
				return 0, false
			}
			return f, true
		case "!!str":
			d.errorf(raw.Line, field, "not a number %s", quoteCut(n.Value))
			return 0, false
		}
	}
	d.errorf(raw.Line, field, "want a number, got %s", describe(n))
	return 0, false
}

// integer reads a whole number; missing or null is 0.
func (o *obj) integer(key string) int {
	raw := o.vals[key]
	f, ok := o.d.num(raw, o.field(key))
	if !ok {
		return 0
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<31 {
		o.d.errorf(raw.Line, o.field(key), "not a whole number %g", f)
		return 0
	}
	return int(f)
}

// boolean reads true or false; missing or null is false.
func (o *obj) boolean(key string) bool {
	raw := o.vals[key]
	n := o.d.resolve(raw)
	if n == nil {
		return false
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		var b bool
		if err := n.Decode(&b); err == nil {
			return b
		}
	}
	o.d.errorf(raw.Line, o.field(key), "want true or false, got %s", describe(n))
	return false
}

// list reads a list and returns its raw items; missing or null is empty.
func (o *obj) list(key string) []*yaml.Node {
	raw := o.vals[key]
	n := o.d.resolve(raw)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		o.d.errorf(raw.Line, o.field(key), "want a list, got %s", describe(n))
		return nil
	}
	for i, it := range n.Content {
		o.d.lines[indexPath(o.field(key), i)] = it.Line
	}
	return n.Content
}

// numbers reads a list of numbers. ok is false if anything was wrong.
func (o *obj) numbers(key string) ([]float64, bool) {
	before := len(o.d.errs)
	items := o.list(key)
	out := make([]float64, 0, len(items))
	ok := len(o.d.errs) == before
	for i, it := range items {
		if isNull(it) {
			o.d.errorf(it.Line, indexPath(o.field(key), i), "want a number, got null")
			ok = false
			continue
		}
		f, good := o.d.num(it, indexPath(o.field(key), i))
		ok = ok && good
		out = append(out, f)
	}
	return out, ok
}

// strings reads a mapping of strings to strings; missing or null is nil.
func (o *obj) strings(key string) map[string]string {
	m := o.d.object(o.vals[key], o.field(key), anyKeys)
	if m == nil {
		return nil
	}
	out := map[string]string{}
	for k, v := range m.vals {
		out[k] = o.d.str(v, joinPath(m.path, k))
	}
	return out
}

// sub reads a nested mapping; nil if missing, null or not a mapping.
func (o *obj) sub(key string, known []string) *obj {
	n, ok := o.vals[key]
	if !ok {
		return nil
	}
	return o.d.object(n, o.field(key), known)
}

// suggest returns the known name closest to s within an edit distance of 2
// and of less than half the length of s, or "".
func suggest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if dist := editDistance(strings.ToLower(s), k); dist < bestD && 2*dist < len(s) {
			best, bestD = k, dist
		}
	}
	return best
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of adjacent bytes cost 1.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	rows := [3][]int{make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		pp, prev, cur := rows[(i+1)%3], rows[(i+2)%3], rows[i%3]
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
	}
	return rows[len(a)%3][len(b)]
}
