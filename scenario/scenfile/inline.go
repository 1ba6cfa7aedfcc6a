package scenfile

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/lifeline-sim/lifeline/network"
)

// errTooLarge stops the re-encoding of an inline network whose aliases
// expand too far.
var errTooLarge = errors.New("aliases expand to too large a document")

// inline decodes a network written inline in the scenario file. The
// subtree is written out again as one YAML flow mapping in which every
// value sits on the line it has in the scenario file, and read with
// network.DecodeYAML under the scenario's file name: the network's own
// checks then report the scenario file's lines. A document without a
// version key is taken as version 1.
func (d *decoder) inline(raw *yaml.Node, field string) *network.Network {
	e := &emitter{line: 1, limit: 8*len(d.data) + 1<<16}
	err := e.top(raw)
	if err != nil {
		line := raw.Line
		var le *lineError
		if errors.As(err, &le) {
			line = le.line
		}
		d.errorf(line, field, "%s", err.Error())
		return nil
	}
	net, err := network.DecodeYAML(bytes.NewReader(e.buf.Bytes()), d.file)
	if err == nil {
		return net
	}
	probs := network.Problems(err)
	if len(probs) == 0 {
		d.errs = append(d.errs, &Error{File: d.file, Line: raw.Line, Field: field, Msg: err.Error(), Err: err})
	}
	for _, p := range probs {
		line := p.Pos.Line
		if line == 0 {
			line = raw.Line
		}
		msg := *p
		msg.Pos = network.Pos{}
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Field: field, Msg: msg.Error(), Err: p})
	}
	return nil
}

// lineError is a problem of the re-encoding at a line of the scenario file.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return e.msg }

// emitter writes a yaml.Node tree as a YAML flow collection, every scalar
// double-quoted with its tag, keeping the nodes on their lines.
type emitter struct {
	buf     bytes.Buffer
	line    int // line the output is on
	aliases int // depth of alias expansion; lines are not kept inside one
	limit   int // output size limit in bytes
}

func (e *emitter) top(n *yaml.Node) error {
	m := n
	for i := 0; m.Kind == yaml.AliasNode && m.Alias != nil && i < maxDepth; i++ {
		m = m.Alias
	}
	addVersion := m.Kind == yaml.MappingNode
	for i := 0; addVersion && i+1 < len(m.Content); i += 2 {
		addVersion = m.Content[i].Value != "version"
	}
	return e.node(n, 0, addVersion)
}

// pad moves the output to line (never backwards), indenting the new line.
func (e *emitter) pad(line int) {
	if e.aliases > 0 {
		return
	}
	for e.line < line {
		e.buf.WriteString("\n ")
		e.line++
	}
}

func (e *emitter) node(n *yaml.Node, depth int, addVersion bool) error {
	if depth >= maxDepth {
		return &lineError{n.Line, fmt.Sprintf("nesting deeper than %d levels", maxDepth)}
	}
	if e.buf.Len() > e.limit {
		return &lineError{n.Line, errTooLarge.Error()}
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return &lineError{n.Line, fmt.Sprintf("unknown alias %s", quoteCut(n.Value))}
		}
		e.pad(n.Line)
		e.aliases++
		err := e.node(n.Alias, depth+1, addVersion)
		e.aliases--
		return err
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			e.buf.WriteString("null")
			return nil
		}
		return e.node(n.Content[0], depth+1, addVersion)
	case yaml.ScalarNode:
		e.pad(n.Line)
		e.scalar(n)
		return nil
	case yaml.SequenceNode:
		e.pad(n.Line)
		e.buf.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				e.buf.WriteString(", ")
			}
			if err := e.node(c, depth+1, false); err != nil {
				return err
			}
		}
		e.buf.WriteByte(']')
		return nil
	case yaml.MappingNode:
		e.pad(n.Line)
		e.buf.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if i > 0 {
				e.buf.WriteString(", ")
			}
			e.pad(k.Line)
			kk := k
			if kk.Kind == yaml.AliasNode && kk.Alias != nil {
				kk = kk.Alias
			}
			if kk.Kind != yaml.ScalarNode {
				return &lineError{k.Line, "a mapping key must be a scalar"}
			}
			e.buf.WriteString("? ")
			quote(&e.buf, kk.Value)
			e.buf.WriteString(" : ")
			if err := e.node(n.Content[i+1], depth+1, false); err != nil {
				return err
			}
		}
		if addVersion {
			if len(n.Content) > 0 {
				e.buf.WriteString(", ")
			}
			e.buf.WriteString(`? "version" : 1`)
		}
		e.buf.WriteByte('}')
		return nil
	}
	return &lineError{n.Line, "unexpected YAML node"}
}

// scalar writes a scalar double-quoted, with the tag it had, so that it
// reads back with the same tag and text whatever characters it holds.
func (e *emitter) scalar(n *yaml.Node) {
	switch tag := n.ShortTag(); tag {
	case "!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!timestamp":
		e.buf.WriteString(tag)
	default:
		// Other tags are read as text, the same as a string.
		e.buf.WriteString("!!str")
	}
	e.buf.WriteByte(' ')
	quote(&e.buf, n.Value)
}

// quote writes s as a YAML double-quoted scalar, escaping everything but
// printable characters.
func quote(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 0x20 && r <= 0x7E,
			r >= 0xA0 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF,
			r >= 0x10000 && r <= 0x10FFFF:
			b.WriteRune(r)
		case r <= 0xFFFF:
			b.WriteString(`\u`)
			b.WriteString(hex4(r))
		default:
			b.WriteString(`\U`)
			b.WriteString(fmt.Sprintf("%08X", r))
		}
	}
	b.WriteByte('"')
}

func hex4(r rune) string {
	s := strconv.FormatInt(int64(r), 16)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}
