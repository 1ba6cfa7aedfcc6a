package network

import (
	"errors"
	"fmt"
	"strings"
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
			fmt.Fprintf(&b, " %q", e.ID)
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
