package scenfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// The columns of a reliability table, in the order
// docs/scenario-format.md lists them.
var reliabilityColumns = []string{
	"network", "asset", "role", "links", "zone", "class", "where",
	"rate_per_year", "mttf_hours",
	"repair_dist", "repair_hours", "repair_mean_hours", "repair_median_hours", "repair_sigma",
	"repair_shape", "repair_scale_hours", "repair_min_hours", "repair_max_hours", "mttr_hours",
	"min_crew", "cold_below", "cold_factor",
}

// Row is one fault model of a reliability table with the line it came
// from.
type Row struct {
	Line  int
	Model scenario.FaultModel
}

// ReadReliability reads a reliability table in CSV, as an asset register
// exports one: a header row, then one fault model per row. file names the
// table in errors. The columns (any order; names are case-insensitive;
// other columns, as an asset register has, are ignored unless a name is
// within two edits of a known one, which is taken for a typo):
//
//	network        network ID (empty: every network)
//	asset          a node or link ID, or else the selectors:
//	role, links    a node role; links true for links
//	zone, class    a zone ID; a consumer class
//	where          attributes that must all match: type=cable;kv=10
//	rate_per_year  failures per year, or
//	mttf_hours     the mean time to failure in hours
//	repair_dist    fixed, exponential, lognormal, weibull or uniform, with
//	               repair_hours (fixed), repair_mean_hours (exponential),
//	               repair_median_hours and repair_sigma (lognormal),
//	               repair_shape and repair_scale_hours (weibull),
//	               repair_min_hours and repair_max_hours (uniform); or
//	mttr_hours     alone: an exponential repair of that mean
//	min_crew       members a repair needs (empty: 1)
//	cold_below, cold_factor  as in the faults of a scenario file
//
// Empty cells are "not given"; blank rows are skipped. Every problem is
// an *Error with the table's name, the line and the column, joined in
// line order; the error matches ErrInvalid. Models are not checked
// against a scenario here (unknown assets, zones): scenario.Compile does
// that. ReadReliability never panics, whatever the input.
func ReadReliability(r io.Reader, file string) ([]Row, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("scenfile: reading %s: %w", file, err)
	}
	rows, probs := readReliability(data, file)
	if len(probs) > 0 {
		return nil, joinProblems(probs)
	}
	return rows, nil
}

func readReliability(data []byte, file string) (rows []Row, probs []*Error) {
	defer func() {
		if v := recover(); v != nil {
			rows, probs = nil, []*Error{{File: file, Msg: fmt.Sprintf("cannot read: %v", v)}}
		}
	}()
	fail := func(line int, field, format string, args ...any) {
		probs = append(probs, &Error{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			fail(1, "", "empty table: want a header row")
		} else {
			fail(csvLine(err, 1), "", "CSV: %s", csvMsg(err))
		}
		return nil, probs
	}
	col := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[name]; dup && name != "" {
			fail(1, name, "repeated column")
			continue
		}
		if !contains(reliabilityColumns, name) {
			if s := suggest(name, reliabilityColumns); s != "" {
				fail(1, name, "unknown column (did you mean %q?)", s)
			}
			continue // another column of the register
		}
		col[name] = i
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := col[n]; ok {
				return true
			}
		}
		return false
	}
	if !has("asset", "role", "links", "zone", "class", "where") {
		fail(1, "asset", "missing column: give asset, or selectors (role, links, zone, class, where)")
	}
	if !has("rate_per_year", "mttf_hours") {
		fail(1, "rate_per_year", "missing column: give rate_per_year or mttf_hours")
	}
	if !has("repair_dist", "mttr_hours") {
		fail(1, "repair_dist", "missing column: give repair_dist (with its parameters) or mttr_hours")
	}
	if len(probs) > 0 {
		return nil, probs
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			fail(csvLine(err, line), "", "CSV: %s", csvMsg(err))
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			break
		}
		blank := true
		for _, v := range rec {
			blank = blank && strings.TrimSpace(v) == ""
		}
		if blank {
			continue
		}
		before := len(probs)
		get := func(name string) string {
			if i, ok := col[name]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		num := func(name string) float64 {
			s := get(name)
			if s == "" {
				return 0
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				fail(line, name, "not a number %s", quoteCut(s))
				return 0
			}
			return v
		}
		m := scenario.FaultModel{Network: get("network"), Asset: get("asset"), Zone: get("zone"), Class: get("class"),
			Rate: num("rate_per_year"), MTTF: num("mttf_hours"), ColdBelow: num("cold_below"), ColdFactor: num("cold_factor")}
		if s := get("role"); s != "" {
			m.Role = network.Role(strings.ToLower(s))
			if !m.Role.Valid() {
				fail(line, "role", "unknown role %s (want source, station, storage, junction or consumer)", quoteCut(s))
			}
		}
		switch s := strings.ToLower(get("links")); s {
		case "", "false":
		case "true":
			m.Links = true
		default:
			fail(line, "links", "want true, false or empty, got %s", quoteCut(get("links")))
		}
		if s := get("where"); s != "" {
			m.Attrs = map[string]string{}
			for part := range strings.SplitSeq(s, ";") {
				k, v, ok := strings.Cut(part, "=")
				k = strings.TrimSpace(k)
				if strings.TrimSpace(part) == "" {
					continue
				}
				if !ok || k == "" {
					fail(line, "where", "want name=value pairs separated by ;, got %s", quoteCut(part))
					continue
				}
				m.Attrs[k] = strings.TrimSpace(v)
			}
		}
		if s := get("min_crew"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				fail(line, "min_crew", "want a whole number of members ≥ 0, got %s", quoteCut(s))
			}
			m.MinCrew = n
		}
		if m.Rate != 0 && m.MTTF != 0 {
			fail(line, "mttf_hours", "give rate_per_year or mttf_hours, not both")
		}
		if get("rate_per_year") == "" && get("mttf_hours") == "" {
			fail(line, "rate_per_year", "missing: give rate_per_year or mttf_hours")
		}
		if m.MTTF < 0 || (get("mttf_hours") != "" && m.MTTF == 0) {
			fail(line, "mttf_hours", "%g is not a number of hours > 0", m.MTTF)
		}
		if m.Rate < 0 {
			fail(line, "rate_per_year", "%g is negative; want failures per year ≥ 0", m.Rate)
		}
		dist := strings.ToLower(get("repair_dist"))
		switch {
		case dist != "" && get("mttr_hours") != "":
			fail(line, "mttr_hours", "give repair_dist (with its parameters) or mttr_hours, not both")
		case dist == "" && get("mttr_hours") != "":
			if h := num("mttr_hours"); h > 0 {
				m.Repair = crew.Exponential(h)
			} else if len(probs) == before {
				fail(line, "mttr_hours", "%g is not a number of hours > 0", h)
			}
		case dist == "":
			fail(line, "repair_dist", "missing: give repair_dist (with its parameters) or mttr_hours")
		default:
			m.Repair = readRepair(dist, get, num, func(field, format string, args ...any) { fail(line, field, format, args...) })
		}
		if len(probs) == before {
			rows = append(rows, Row{Line: line, Model: m})
		}
	}
	return rows, probs
}

// readRepair builds the repair time of a row from repair_dist and its
// parameter columns.
func readRepair(dist string, get func(string) string, num func(string) float64, fail func(field, format string, args ...any)) crew.WorkTime {
	wp, ok := workParams[dist]
	if !ok {
		fail("repair_dist", "unknown distribution %s (want fixed, exponential, lognormal, weibull or uniform)", quoteCut(dist))
		return crew.WorkTime{}
	}
	params := make([]float64, len(wp.keys))
	good := true
	for i, k := range wp.keys {
		c := "repair_" + k
		if get(c) == "" {
			fail(c, "missing: %s needs %s", dist, joinWithPrefix(wp.keys))
			good = false
			continue
		}
		params[i] = num(c)
	}
	for _, c := range []string{"hours", "mean_hours", "median_hours", "sigma", "shape", "scale_hours", "min_hours", "max_hours"} {
		if !contains(wp.keys, c) && get("repair_"+c) != "" {
			fail("repair_"+c, "not a parameter of %s (want %s)", dist, joinWithPrefix(wp.keys))
			good = false
		}
	}
	if !good {
		return crew.WorkTime{}
	}
	w, err := crew.NewWorkTime(dist, params...)
	if err != nil {
		if m := crewWorkErrRE.FindStringSubmatch(err.Error()); m != nil {
			for i, name := range wp.crewNames {
				if name == m[1] {
					fail("repair_"+wp.keys[i], "%s", m[2])
					return crew.WorkTime{}
				}
			}
		}
		fail("repair_dist", "%s", strings.TrimPrefix(err.Error(), "crew: "))
	}
	return w
}

func joinWithPrefix(keys []string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = "repair_" + k
	}
	return strings.Join(out, " and ")
}

// csvLine returns the line of a CSV error, or def.
func csvLine(err error, def int) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) && pe.Line > 0 {
		return pe.Line
	}
	return def
}

// csvMsg returns the message of a CSV error without its position.
func csvMsg(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// quoteCut quotes s, cut to a readable length.
func quoteCut(s string) string {
	const n = 40
	if r := []rune(s); len(r) > n {
		s = string(r[:n]) + "…"
	}
	return strconv.Quote(s)
}
