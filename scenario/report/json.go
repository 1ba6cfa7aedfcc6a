package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

// Float is a number for which NaN stands for a value that does not apply,
// as the ends of an interval the trials are too few for; JSON writes NaN
// and ±Inf as null and reads null back as NaN.
type Float float64

// MarshalJSON writes x in its shortest exact form, or null.
func (x Float) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f+0, 'g', -1, 64), nil
}

// UnmarshalJSON reads a number, or null as NaN.
func (x *Float) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		*x = Float(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(data, &f); err != nil {
		return err
	}
	*x = Float(f)
	return nil
}

// Floats is a list of numbers in which NaN and ±Inf stand for values that
// do not apply; JSON writes them as null and reads null back as NaN.
type Floats []float64

// MarshalJSON writes each value in its shortest exact form, or null.
func (f Floats) MarshalJSON() ([]byte, error) {
	if f == nil {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 2+8*len(f))
	b = append(b, '[')
	for i, x := range f {
		if i > 0 {
			b = append(b, ',')
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b = append(b, "null"...)
			continue
		}
		b = strconv.AppendFloat(b, x+0, 'g', -1, 64)
	}
	return append(b, ']'), nil
}

// UnmarshalJSON reads numbers and nulls (as NaN).
func (f *Floats) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		*f = nil
		return nil
	}
	var raw []*float64
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	out := make(Floats, len(raw))
	for i, p := range raw {
		if p == nil {
			out[i] = math.NaN()
		} else {
			out[i] = *p
		}
	}
	*f = out
	return nil
}

// WriteJSON writes doc as JSON, indented by two spaces and ending in a
// newline. Object keys that come from maps are sorted and numbers written
// in their shortest exact form, so the output is deterministic: only
// Timings differ between two runs of one scenario, seed and trial count.
// It returns an error if doc is nil, a number outside Floats is not
// finite, or w fails.
func WriteJSON(w io.Writer, doc *Document) error {
	if doc == nil {
		return errors.New("report: nil document")
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// ErrSchema is returned (wrapped) by ReadJSON for a document of another
// schema or of a version this package does not read.
var ErrSchema = errors.New("report: not a lifeline-report document of a supported version")

// ReadJSON decodes a document written by WriteJSON (or by "lifeline run
// -json"). Unknown keys are ignored. It returns an error wrapping
// ErrSchema if the schema is not "lifeline-report" or the version is not
// between 1 and Version (a version 1 document reads with the keys it
// has: its number of trials and service levels are taken from its risk,
// and it has no worst hour, storage levels, maps or distributions), and a decoding error (with the byte offset for syntax errors) for
// malformed input. The whole input must be one JSON value, and a
// consistent document: a horizon in (0, MaxHorizon] hours, at most
// MaxBuckets buckets, at least one network with a unique ID and a known
// kind, every timeline of one value per bucket, storage levels of one per
// bucket edge, the worst bucket in range and map columns of one value per
// node or link; otherwise the error lists every inconsistency by key.
func ReadJSON(r io.Reader) (*Document, error) {
	dec := json.NewDecoder(r)
	var d Document
	if err := dec.Decode(&d); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("report: read JSON at byte %d: %w", se.Offset, err)
		}
		return nil, fmt.Errorf("report: read JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("report: read JSON: data after the document")
	}
	if d.Schema != Schema {
		return nil, fmt.Errorf("%w: schema %q, want %q", ErrSchema, d.Schema, Schema)
	}
	if d.Version < 1 || d.Version > Version {
		return nil, fmt.Errorf("%w: version %d, want 1 to %d", ErrSchema, d.Version, Version)
	}
	if d.Version == 1 {
		upgradeV1(&d)
	}
	if err := d.check(); err != nil {
		return nil, fmt.Errorf("report: inconsistent document: %w", err)
	}
	return &d, nil
}

// upgradeV1 fills in what a version 1 document does not hold but version
// 2 readers expect: the number of trials (that of the risk, else 1) and
// the service levels (those of the risk). The document keeps version 1,
// so that it says what it was read from.
func upgradeV1(d *Document) {
	if d.Trials == 0 {
		d.Trials = 1
		if d.Risk != nil && d.Risk.Trials > 0 {
			d.Trials = d.Risk.Trials
		}
	}
	if d.ServiceLevels == nil && d.Risk != nil {
		for _, sr := range d.Risk.ServiceRisks {
			d.ServiceLevels = append(d.ServiceLevels, ServiceLevel{Level: sr.Level, Hours: sr.Duration})
		}
	}
	for i := range d.Networks {
		n := &d.Networks[i]
		if n.CriticalClass == "" && len(n.Classes) > 0 {
			n.CriticalClass = n.Classes[0].Name
		}
	}
}
