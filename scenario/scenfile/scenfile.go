package scenfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/lifeline-sim/lifeline/scenario"
)

// Format and Version are the values of the "format" and "version" keys of a
// scenario file.
const (
	Format  = "lifeline-scenario"
	Version = 1
)

// ErrInvalid is matched (errors.Is) by every error Load and Decode return
// when the input is at fault.
var ErrInvalid = errors.New("scenfile: invalid scenario file")

// Error is one problem with a scenario file: where it is, which field, and
// what is wrong. Load and Decode return these joined; read them with
// Problems or errors.As.
type Error struct {
	// File is the file name given to Decode (the path given to Load).
	File string
	// Line is the 1-based line of the value at fault, 0 if unknown.
	Line int
	// Field is the path of the field from the top of the document, as
	// "outages[2].work.median_hours"; "" for the document as a whole.
	Field string
	// Msg says what is wrong.
	Msg string
	// Err is the underlying error, if the problem comes from another
	// package: a *network.FieldError for a network, a *crew.FieldError for
	// the crew block, an error of scenario.Compile. It may be nil.
	Err error
}

// Error formats the problem as "file:line: field: message".
func (e *Error) Error() string {
	var b strings.Builder
	switch {
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	case e.File != "":
		b.WriteString(e.File + ": ")
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is ErrInvalid.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// Problems returns every *Error inside err, in order, unwrapping joined and
// wrapped errors. It returns nil for nil.
func Problems(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if fe, ok := e.(*Error); ok {
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

// invalidError joins problems, one per line, and matches ErrInvalid.
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

// sortProblems sorts problems by line, stably.
func sortProblems(list []*Error) {
	slices.SortStableFunc(list, func(a, b *Error) int { return a.Line - b.Line })
}

// joinProblems sorts problems by line, stably, and joins them.
func joinProblems(list []*Error) error {
	if len(list) == 0 {
		return nil
	}
	sortProblems(list)
	errs := make([]error, len(list))
	for i, e := range list {
		errs[i] = e
	}
	return &invalidError{errs: errs}
}

// File is a scenario file read by Open or Read: the scenario, and the
// settings in it that are valid but can never act (see
// scenario.Plan.Warnings), each an *Error placed on its line, in line
// order. Sizing is the crew sizing its target block asks for, checked
// against the scenario (scenario.Sizing.Check) and with Scenario set; nil
// without a target block.
type File struct {
	Scenario *scenario.Scenario
	Warnings []*Error
	Sizing   *scenario.Sizing
}

// Load reads the scenario file at path. Network files it names are read
// relative to the folder of path; positions in errors use path as given.
// See Decode; Open also returns the warnings.
func Load(path string) (*scenario.Scenario, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	return f.Scenario, nil
}

// Open reads the scenario file at path as Load does and returns it with
// its warnings. When the file is at fault it returns the error and a File
// holding no scenario but the warnings found, so that every problem can be
// reported at once.
func Open(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scenfile: %w", err)
	}
	return decodeBytes(data, path, filepath.Dir(path))
}

// Read reads one scenario document from r as Decode does and returns it
// with its warnings; see Open.
func Read(r io.Reader, file, dir string) (*File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("scenfile: reading %s: %w", file, err)
	}
	return decodeBytes(data, file, dir)
}

// Decode reads one scenario document from r. file names the document in
// errors; dir is the folder that network paths in the document are relative
// to ("" for the current folder).
//
// The scenario is validated with scenario.Compile before it is returned, so
// a nil error means that Compile and Run will accept it. Every problem is
// an *Error naming the file, the line and the field; problems come joined,
// in line order (see Problems), and the returned error matches ErrInvalid.
// Problems in a network document are reported with that document's file
// and line inside the message; problems in an inline network with the line
// in this document. The scenario is then checked as a whole
// (scenario.Scenario.Check) even when decoding found problems, so that
// every problem is reported at once: its problems are placed on the line
// of the field they concern, leaving out those about a field already
// reported, and, when a network could not be read, references to names
// that may be its. Errors from r are returned wrapped, not as *Error.
// Decode never panics, whatever the input.
func Decode(r io.Reader, file, dir string) (*scenario.Scenario, error) {
	f, err := Read(r, file, dir)
	if err != nil {
		return nil, err
	}
	return f.Scenario, nil
}

func decodeBytes(data []byte, file, dir string) (f *File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = &File{}, joinProblems([]*Error{{File: file, Msg: fmt.Sprintf("cannot decode: %v", r)}})
		}
	}()
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	d := newDecoder(data, file, dir)
	root := d.parse()
	if root == nil {
		return &File{}, joinProblems(d.errs)
	}
	sc := d.document(root)
	if d.noCheck {
		return &File{}, joinProblems(d.errs)
	}
	warns, cerr := sc.Check()
	skip := d.netFailed || d.crewFailed
	f = &File{Warnings: d.compileProblems(warns, skip)}
	sortProblems(f.Warnings)
	list := append(d.errs, d.compileErrors(cerr, skip)...)
	if len(list) == 0 && d.sizing != nil {
		list = d.sizingProblems(d.sizing, sc)
	}
	if len(list) > 0 {
		return f, joinProblems(list)
	}
	f.Scenario = sc
	if d.sizing != nil {
		f.Sizing = d.sizing.sizing
	}
	return f, nil
}
