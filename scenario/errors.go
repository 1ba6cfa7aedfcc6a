package scenario

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/lifeline-sim/lifeline/network"
)

// ErrInvalid is matched (errors.Is) by every error Compile and Check
// return for a scenario at fault.
var ErrInvalid = errors.New("scenario: invalid scenario")

// FieldError is one problem with one field of one element of a Scenario,
// or a warning about a setting that can never act. Compile and Check
// return problems joined (read them with Problems or errors.As); Check and
// Plan.Warnings return warnings as a list.
type FieldError struct {
	// Element names the list the element is in, as its key in a scenario
	// file: "lockdowns", "outages", "faults", … ("utilities" for
	// Scenario.Utilities, "crew" for a team of the crew, "absences" for
	// an absence of the crew); "" for a field of the scenario itself.
	Element string
	// Index is the element's position in its list; -1 for none.
	Index int
	// Field names the field at fault, e.g. "asset", "from", "horizon".
	Field string
	// Msg says what is wrong and, where it can, what is allowed.
	Msg string
	// Reference is set when the problem is a reference to a network,
	// asset, zone, class, team or node that does not exist; Unknown is
	// then the name given ("" when a name is needed and missing).
	Reference bool
	Unknown   string
}

// Error formats the problem as `scenario: outages[2]: asset: unknown
// asset "x" in network "power"`, or `scenario: horizon: …` for a field of
// the scenario itself.
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("scenario: ")
	if e.Element != "" {
		b.WriteString(e.Element)
		if e.Index >= 0 {
			fmt.Fprintf(&b, "[%d]", e.Index)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Field)
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Is reports whether target is ErrInvalid.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Problems returns every *FieldError inside err, in order, unwrapping
// joined and wrapped errors. It returns nil for nil.
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

// maxEcho is the most characters of a value a message repeats.
const maxEcho = 40

// quote returns s double-quoted as %q does, cut to maxEcho characters with
// "…" when longer, so that a value echoed into a message stays readable.
func quote(s string) string {
	if utf8.RuneCountInString(s) > maxEcho {
		s = string([]rune(s)[:maxEcho]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// unknown formats a reference to a name that does not exist: `unknown
// zone "oldtown"; did you mean "old-town"?`, or, with no near name and at
// most eight known ones, `unknown zone "x" (the zones are "a", "b")`.
func unknown(what, id string, known []string) string {
	msg := "unknown " + what + " " + quote(id)
	if s := network.Suggest(id, known); s != "" && quote(s) != quote(id) {
		return msg + "; did you mean " + quote(s) + "?"
	}
	switch {
	case len(known) == 0:
		return msg + " (there are none)"
	case len(known) <= 8:
		q := make([]string, len(known))
		for i, k := range known {
			q[i] = quote(k)
		}
		return msg + " (the " + what + "s are " + strings.Join(q, ", ") + ")"
	}
	return msg
}

// unknownClass formats an unknown class: its nearest, and every class.
func unknownClass(id string, classes []string) string {
	msg := "unknown class " + quote(id)
	if s := network.Suggest(id, classes); s != "" {
		msg += "; did you mean " + quote(s) + "?"
	}
	return msg + " (the classes are " + strings.Join(classes, ", ") + ")"
}

// didYouMean returns `; did you mean "x"?` for the name in known nearest
// to id, or "".
func didYouMean(id string, known []string) string {
	if s := network.Suggest(id, known); s != "" && quote(s) != quote(id) {
		return "; did you mean " + quote(s) + "?"
	}
	return ""
}

// assetIDs returns the IDs of the nodes and links of net.
func assetIDs(net *network.Network) []string {
	ids := make([]string, 0, net.NumNodes()+net.NumLinks())
	for v := range net.NumNodes() {
		ids = append(ids, net.NodeID(v))
	}
	for l := range net.NumLinks() {
		ids = append(ids, net.LinkID(l))
	}
	return ids
}

// utilIDs returns the IDs of the plan's networks.
func (p *Plan) utilIDs() []string {
	ids := make([]string, len(p.utils))
	for i, up := range p.utils {
		ids[i] = up.id
	}
	return ids
}
