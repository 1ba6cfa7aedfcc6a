package scenfile

import (
	"regexp"
	"strconv"
)

// compileRE parses the messages of scenario.Compile:
// "scenario: outages[2]: asset: unknown asset ...".
var compileRE = regexp.MustCompile(`^scenario: ([a-z_]+)(?:\[(\d+)\])?: ([a-z_]+): (.*)$`)

// compileFields maps the field names of scenario.Compile's messages to the
// keys of the file, where they differ.
var compileFields = map[string]string{
	"horizon":       "horizon_hours",
	"resolution":    "resolution_hours",
	"momentary":     "momentary_hours",
	"utilities":     "networks",
	"time_constant": "time_constant_hours",
	"rate":          "rate_per_year",
}

// compileErrors places the problems scenario.Compile found on the lines of
// the fields they concern; each wraps Compile's error.
func (d *decoder) compileErrors(err error) []*Error {
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	var out []*Error
	for _, e := range list {
		out = append(out, d.compileError(e))
	}
	return out
}

func (d *decoder) compileError(err error) *Error {
	m := compileRE.FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{File: d.file, Field: "", Msg: err.Error(), Err: err}
	}
	elem, field, msg := m[1], m[3], m[4]
	index := -1
	if m[2] != "" {
		index, _ = strconv.Atoi(m[2])
	}
	var path string
	switch {
	case elem == "scenario":
		path = fieldName(field)
	case elem == "utilities":
		path = "networks[" + m[2] + "]"
		if field == "id" {
			path += ".id"
		}
	case elem == "crew":
		path = "crew.teams[" + m[2] + "]." + field
	case elem == "service_levels" && field == "duration":
		path = "service_levels[" + m[2] + "].hours"
	case index >= 0:
		path = elem + "[" + m[2] + "]." + fieldName(field)
	default:
		path = elem + "." + fieldName(field)
	}
	return &Error{File: d.file, Line: d.lineFor(path, 0), Field: path, Msg: msg, Err: err}
}

func fieldName(f string) string {
	if k, ok := compileFields[f]; ok {
		return k
	}
	return f
}
