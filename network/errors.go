package network

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos locates an element in an input file. The zero Pos means "not from a
// file".
type Pos struct {
	File string // file name as given to the decoder
	Line int    // 1-based line, 0 if unknown
}

// String formats p as "file:line", "file" or "".
func (p Pos) String() string {
	switch {
	case p.File == "" && p.Line == 0:
		return ""
	case p.Line == 0:
		return p.File
	case p.File == "":
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// FieldError is one problem with one field of one element. Decoders and the
// Builder return these, joined with errors.Join when there are several; use
// errors.As or Problems to read them.
type FieldError struct {
	Pos     Pos    // where the element was read, if from a file
	Element string // "node", "link", "zone", "class" or "network"
	ID      string // the element's ID, "" if it has none yet
	Field   string // the field at fault, e.g. "capacity"
	Msg     string // what is wrong
}

// Error formats the problem as "file:line: node "n7": capacity: negative value -3".
func (e *FieldError) Error() string {
	var b strings.Builder
	if s := e.Pos.String(); s != "" {
		b.WriteString(s)
		b.WriteString(": ")
	}
	if e.Element != "" {
		b.WriteString(e.Element)
		if e.ID != "" {
			b.WriteString(" " + Quote(e.ID))
		}
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Problems returns every *FieldError inside err, in order, unwrapping joined
// and wrapped errors. It returns nil for nil.
func Problems(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if fe, ok := e.(*FieldError); ok {
			out = append(out, fe)
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}

// ErrInvalid is wrapped by every error Build returns, so callers can tell
// bad input apart from other failures with errors.Is.
var ErrInvalid = errors.New("network: invalid network")

type problems struct{ list []error }

func (p *problems) add(pos Pos, elem, id, field, format string, args ...any) {
	p.list = append(p.list, &FieldError{Pos: pos, Element: elem, ID: id, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &invalidError{errs: p.list}
}

// invalidError joins problems and also matches ErrInvalid.
type invalidError struct{ errs []error }

func (e *invalidError) Error() string {
	var b strings.Builder
	for i, x := range e.errs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(x.Error())
	}
	return b.String()
}

func (e *invalidError) Unwrap() []error { return e.errs }

func (e *invalidError) Is(target error) bool { return target == ErrInvalid }

// Suggest returns the name in known nearest to name, for a "did you mean"
// in a message about an unknown name; "" when none is near. Names are
// compared ignoring case and the separators '-', '_', '.' and ' ' (so
// "oldtown" finds "old-town"), names that differ only in their digits
// are never near (bus2 is not a typo of bus1), and the others are compared
// by the optimal string alignment
// distance (insertions, deletions, substitutions and swaps of adjacent
// characters), which must be at most 2 and less than half the length of
// name. Among equally near names the first in known wins. It takes
// O(k·L²) time for k names of length L; names longer than 64 bytes are
// never near.
func Suggest(name string, known []string) string {
	s := fold(name)
	if s == "" {
		return ""
	}
	best, bestD := "", 3
	for _, k := range known {
		f := fold(k)
		if f == s {
			if k != name {
				return k
			}
			continue
		}
		if d := len(f) - len(s); d > 2 || d < -2 || numberedApart(s, f) {
			continue
		}
		if d := editDistance(s, f); d < bestD && 2*d < len(s) {
			best, bestD = k, d
		}
	}
	return best
}

// numberedApart reports whether a and b differ only in their digits
// (bus2 and bus1, flat-3 and flat-12): numbered IDs name different
// elements, not typos of each other.
func numberedApart(a, b string) bool {
	strip := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return -1
			}
			return r
		}, s)
	}
	return a != b && strip(a) == strip(b)
}

// fold lowers s and drops the separators Suggest ignores.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case '-', '_', '.', ' ':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Quote returns s double-quoted as %q does, cut to 40 characters with
// "…" when longer, so that a value echoed into a message stays readable.
func Quote(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return strconv.Quote(s)
}

// unknownName formats a reference to a name that does not exist:
// `unknown zone "oldtown"; did you mean "old-town"?`, else, when there
// are at most eight names, listing them.
func unknownName(what, name string, known []string) string {
	msg := "unknown " + what + " " + Quote(name)
	if s := Suggest(name, known); s != "" && Quote(s) != Quote(name) {
		return msg + "; did you mean " + Quote(s) + "?"
	}
	return msg + listKnown(what, known)
}

// unique returns names without repeats, in order.
func unique(names []string) []string {
	seen := make(map[string]bool, len(names))
	out := make([]string, 0, len(names))
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// unknownNode formats a reference to a node that does not exist, with
// the nearest node ID.
func unknownNode(name string, known []string) string {
	msg := "unknown node " + Quote(name)
	if s := Suggest(name, known); s != "" && Quote(s) != Quote(name) { // not when both read the same cut
		msg += "; did you mean " + Quote(s) + "?"
	}
	return msg
}

// listKnown lists at most eight known names as " (the zones are …)", or
// says there are none; "" for more.
func listKnown(what string, known []string) string {
	known = unique(known)
	switch {
	case len(known) == 0:
		return " (there are no " + what + "s)"
	case len(known) > 8:
		return ""
	}
	q := make([]string, len(known))
	for i, k := range known {
		q[i] = Quote(k)
	}
	return " (the " + what + "s are " + strings.Join(q, ", ") + ")"
}
