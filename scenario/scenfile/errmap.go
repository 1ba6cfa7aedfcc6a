package scenfile

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/scenario"
)

// compileFields maps the field names of scenario's problems to the keys of
// the file, where they differ.
var compileFields = map[string]string{
	"horizon":       "horizon_hours",
	"resolution":    "resolution_hours",
	"momentary":     "momentary_hours",
	"utilities":     "networks",
	"time_constant": "time_constant_hours",
	"rate":          "rate_per_year",
	"mttf":          "mttf_hours",
	"attrs":         "where",
}

// rowColumns maps the fields of a fault model's problems to the columns of
// a reliability table, where they differ from compileFields.
var rowColumns = map[string]string{"repair": "repair_dist"}

// compilePath returns the path in the file of the field a problem of
// scenario.Compile concerns.
func compilePath(fe *scenario.FieldError) string {
	idx := "[" + strconv.Itoa(fe.Index) + "]"
	field := fieldName(fe.Field)
	switch fe.Element {
	case "":
		return field
	case "utilities":
		if fe.Field == "id" {
			return "networks" + idx + ".id"
		}
		return "networks" + idx
	case "crew":
		return "crew.teams" + idx + "." + field
	case "absences", "travel":
		return "crew." + fe.Element + idx + "." + field
	case "service_levels":
		if fe.Field == "duration" {
			field = "hours"
		}
	case "weather":
		field = seriesField(fe.Field)
	}
	if fe.Index >= 0 {
		return fe.Element + idx + "." + field
	}
	return fe.Element + "." + field
}

// compileProblems places the problems (or warnings) scenario.Compile found
// on the lines of the fields they concern; each wraps its *FieldError. A
// problem whose field overlaps one the decoder already reported is left
// out: it would only repeat it. When skipRefs is set (a network could not
// be read, so its IDs are unknown), so are references to names that were
// not found.
func (d *decoder) compileProblems(list []*scenario.FieldError, skipRefs bool) []*Error {
	var out []*Error
	// The problems of a table's columns: how many columns have each, and
	// those placed already.
	seen, colCount := map[string]bool{}, map[string]int{}
	for _, fe := range list {
		if src, ok := d.seriesSource(fe); ok && src.col != "" {
			path := joinPath(joinPath(src.path, src.valueField), "file")
			colCount[path+"\x00"+seriesRefRE.ReplaceAllStringFunc(fe.Msg, d.seriesRef)]++
		}
	}
	for _, fe := range list {
		if skipRefs && fe.Reference {
			continue
		}
		if fe.Element == "faults" && fe.Index >= d.yamlFaults && fe.Index-d.yamlFaults < len(d.faultRows) {
			row := d.faultRows[fe.Index-d.yamlFaults]
			c := fieldName(fe.Field)
			if k, ok := rowColumns[fe.Field]; ok {
				c = k
			}
			out = append(out, &Error{File: d.file, Line: row.yamlLine, Field: row.field,
				Msg: fmt.Sprintf("%s:%d: %s: %s", row.file, row.line, c, fe.Msg), Err: fe})
			continue
		}
		if src, ok := d.seriesSource(fe); ok {
			msg := seriesRefRE.ReplaceAllStringFunc(fe.Msg, d.seriesRef)
			path := joinPath(src.path, seriesField(fe.Field))
			line := d.lineFor(path, 0)
			if src.col != "" {
				// One of a table's columns: the problem is placed on the
				// table, and names the column unless every column has it.
				path = joinPath(joinPath(src.path, src.valueField), "file")
				line = src.line
				key := path + "\x00" + msg
				if seen[key] {
					continue
				}
				seen[key] = true
				if colCount[key] == 1 && (!fe.Reference || fe.Field != "consumer" && fe.Field != "asset") {
					msg = fmt.Sprintf("%s: column %s: %s", src.file, quoteCut(src.col), msg)
				}
			} else if d.reported(path) {
				continue
			}
			out = append(out, &Error{File: d.file, Line: line, Field: path, Msg: msg, Err: fe})
			continue
		}
		path := compilePath(fe)
		if d.reported(path) {
			continue
		}
		out = append(out, &Error{File: d.file, Line: d.lineFor(path, 0), Field: path, Msg: fe.Msg, Err: fe})
	}
	return out
}

// compileErrors is compileProblems for the error Compile returned.
func (d *decoder) compileErrors(err error, skipRefs bool) []*Error {
	probs := scenario.Problems(err)
	out := d.compileProblems(probs, skipRefs)
	if len(probs) == 0 && err != nil && !errors.Is(err, scenario.ErrInvalid) {
		out = append(out, &Error{File: d.file, Msg: err.Error(), Err: err})
	}
	return out
}

// reported reports whether the decoder found a problem at path, inside
// it, or at an element enclosing it.
func (d *decoder) reported(path string) bool {
	for _, e := range d.errs {
		f := e.Field
		if f == path || within(path, f) || within(f, path) {
			return true
		}
	}
	return false
}

// within reports whether path lies inside the element or field at outer.
func within(path, outer string) bool {
	if outer == "" || !strings.HasPrefix(path, outer) {
		return false
	}
	rest := path[len(outer):]
	return strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "[")
}

func fieldName(f string) string {
	if k, ok := compileFields[f]; ok {
		return k
	}
	return f
}

// seriesField maps the fields of a series' problems to the keys of the
// file.
func seriesField(f string) string {
	switch f {
	case "step":
		return "step_hours"
	case "start":
		return "start_hours"
	}
	return fieldName(f)
}

// seriesSource returns where the series or demand series a problem
// concerns came from.
func (d *decoder) seriesSource(fe *scenario.FieldError) (seriesSrc, bool) {
	var list []seriesSrc
	switch fe.Element {
	case "series":
		list = d.seriesSrc
	case "demands":
		list = d.demandSrc
	}
	if fe.Index < 0 || fe.Index >= len(list) {
		return seriesSrc{}, false
	}
	return list[fe.Index], true
}

var seriesRefRE = regexp.MustCompile(`\b(series|demands)\[(\d+)\]`)

// seriesRef rewrites a reference to an entry of Scenario.Series or
// Scenario.Demands in a message to where it is in the file.
func (d *decoder) seriesRef(ref string) string {
	m := seriesRefRE.FindStringSubmatch(ref)
	i, _ := strconv.Atoi(m[2])
	src, ok := d.seriesSource(&scenario.FieldError{Element: m[1], Index: i})
	if !ok {
		return ref
	}
	if src.col != "" {
		return fmt.Sprintf("%s (column %s of %s)", src.path, quoteCut(src.col), src.file)
	}
	return src.path
}
