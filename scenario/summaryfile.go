package scenario

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
)

// SummaryFormat and SummaryVersion are the values of the "format" and
// "version" keys of a summary file. The version is raised whenever the
// meaning of a key changes; a reader refuses other versions.
const (
	SummaryFormat  = "lifeline-summary"
	SummaryVersion = 2
)

// summaryHeader is the part of the summary format before the records.
type summaryHeader struct {
	Format        string             `json:"format"`
	Version       int                `json:"version"`
	Scenario      string             `json:"scenario"`
	Digest        string             `json:"digest"`
	Seed          uint64             `json:"seed"`
	Network       string             `json:"network"`
	Kind          network.Kind       `json:"kind"`
	Horizon       float64            `json:"horizon"`
	Resolution    float64            `json:"resolution"`
	TotalTrials   int                `json:"total_trials"`
	ServiceLevels []serviceLevelJSON `json:"service_levels"`
	Classes       []string           `json:"classes"`
	Metrics       []string           `json:"metrics"`
	Trials        [][]int            `json:"trials"`
}

type serviceLevelJSON struct {
	Level    float64 `json:"level"`
	Duration float64 `json:"duration"`
}

// momentsJSON holds exact sums and sums of squares, one per bucket or one
// in all.
type momentsJSON struct {
	Sum []string `json:"sum"`
	Sq  []string `json:"sq"`
}

type momentJSON struct {
	Sum string `json:"sum"`
	Sq  string `json:"sq"`
}

// riskJSON is the "risk" object of the summary format.
type riskJSON struct {
	Buckets       int          `json:"buckets"`
	Cold          bool         `json:"cold"`
	ShortTrials   []uint64     `json:"short_trials"`
	Unserved      momentsJSON  `json:"unserved"`
	ShortHours    momentsJSON  `json:"short_hours"`
	Coverage      [][]int64    `json:"coverage"`
	ClassCoverage [][][]int64  `json:"class_coverage"`
	ColdCustomers *momentsJSON `json:"cold_customers,omitempty"`
	ColdHist      [][]int64    `json:"cold_hist,omitempty"`
	Events        momentJSON   `json:"events"`
	ClockHours    momentJSON   `json:"clock_hours"`
	EventEnergy   string       `json:"event_energy"`
	EventHours    string       `json:"event_hours"`
}

type attachmentJSON struct {
	Trial int             `json:"trial"`
	Name  string          `json:"name"`
	Data  json.RawMessage `json:"data"`
}

// WriteJSON writes the summary in the summary format (version
// SummaryVersion), documented in docs/scale-out.md: one JSON object with
// the study's identity, the trial ranges, one record per line in trial
// order, the risk over time as exact sums and bin counts, and the
// attachments. Numbers are written in their shortest exact form (NaN and
// ±Inf, which JSON lacks, as the strings "NaN", "Inf" and "-Inf"), exact
// sums in the text form of "0x…p…" (hexadecimal integer times a power of
// two), so that ReadSummary restores every value bit for bit. Equal
// summaries write equal bytes, however they were split and merged. It
// streams: memory O(buckets), time O(size).
func (s *Summary) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	h := summaryHeader{Format: SummaryFormat, Version: SummaryVersion, Scenario: s.scenario, Digest: s.digest,
		Seed: s.seed, Network: s.network, Kind: s.kind, Horizon: s.horizon, Resolution: s.resolution,
		TotalTrials: s.total, ServiceLevels: make([]serviceLevelJSON, len(s.levels)),
		Classes: nonNilStrings(s.classes), Metrics: nonNilStrings(s.metrics), Trials: [][]int{}}
	for i, l := range s.levels {
		h.ServiceLevels[i] = serviceLevelJSON(l)
	}
	for _, r := range s.Ranges() {
		h.Trials = append(h.Trials, []int{r.First, r.End})
	}
	head, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("scenario: summary: %w", err)
	}
	bw.Write(head[:len(head)-1])
	bw.WriteString(",\n\"records\":[")
	buf := make([]byte, 0, 512)
	first := true
	s.each(func(_ int, row []float64) {
		buf = buf[:0]
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = append(buf, "\n["...)
		for k, x := range row {
			if k > 0 {
				buf = append(buf, ',')
			}
			buf = appendNumber(buf, x)
		}
		buf = append(buf, ']')
		bw.Write(buf)
	})
	bw.WriteString("],\n\"risk\":")
	if s.noRisk {
		bw.WriteString("null")
	} else if err := s.writeRisk(bw); err != nil {
		return err
	}
	bw.WriteString(",\n\"attachments\":[")
	for i, a := range s.attach {
		if i > 0 {
			bw.WriteByte(',')
		}
		b, err := json.Marshal(attachmentJSON{Trial: a.trial, Name: a.name, Data: a.data})
		if err != nil {
			return fmt.Errorf("scenario: summary: attachment %q of trial %d: %w", a.name, a.trial, err)
		}
		bw.WriteString("\n")
		bw.Write(b)
	}
	bw.WriteString("]}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("scenario: summary: %w", err)
	}
	return nil
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// writeRisk writes the "risk" object.
func (s *Summary) writeRisk(w *bufio.Writer) error {
	a := &s.risk
	r := riskJSON{Buckets: a.nb, Cold: a.cold, ShortTrials: a.shortTrials,
		Unserved: momentsOut(a.unserved), ShortHours: momentsOut(a.shortH),
		Coverage: histsOut(a.coverage), ClassCoverage: make([][][]int64, a.nc),
		Events: momentOut(&a.events), ClockHours: momentOut(&a.clock),
		EventEnergy: a.evENS.String(), EventHours: a.evHours.String()}
	if r.ShortTrials == nil {
		r.ShortTrials = []uint64{}
	}
	for k := range a.nc {
		r.ClassCoverage[k] = histsOut(a.class[k])
	}
	if a.cold {
		m := momentsOut(a.coldM)
		r.ColdCustomers = &m
		r.ColdHist = histsOut(a.coldH)
	}
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("scenario: summary: risk: %w", err)
	}
	_, err = w.Write(b)
	return err
}

func momentsOut(ms []moments) momentsJSON {
	out := momentsJSON{Sum: make([]string, len(ms)), Sq: make([]string, len(ms))}
	for i := range ms {
		out.Sum[i], out.Sq[i] = ms[i].sum.String(), ms[i].sq.String()
	}
	return out
}

func momentOut(m *moments) momentJSON { return momentJSON{Sum: m.sum.String(), Sq: m.sq.String()} }

// histsOut writes each histogram in its packed form (see lhist.packed).
func histsOut(hs []lhist) [][]int64 {
	out := make([][]int64, len(hs))
	for b := range hs {
		out[b] = hs[b].packed()
	}
	return out
}

// appendNumber appends x as JSON writes a float64 (shortest exact form,
// exponent only for very small or large values), or NaN and ±Inf as
// strings.
func appendNumber(b []byte, x float64) []byte {
	switch {
	case math.IsNaN(x):
		return append(b, `"NaN"`...)
	case math.IsInf(x, 1):
		return append(b, `"Inf"`...)
	case math.IsInf(x, -1):
		return append(b, `"-Inf"`...)
	}
	abs := math.Abs(x)
	f := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		f = 'e'
	}
	b = strconv.AppendFloat(b, x, f, -1, 64)
	if f == 'e' {
		// e-07 → e-7, as encoding/json writes it.
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// MarshalJSON writes the summary format (see WriteJSON).
func (s *Summary) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := s.WriteJSON(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// UnmarshalJSON reads the summary format (see ReadSummary).
func (s *Summary) UnmarshalJSON(data []byte) error {
	out, err := ReadSummary(bytes.NewReader(data), "summary")
	if err != nil {
		return err
	}
	*s = *out
	return nil
}

// ReadSummary reads one summary in the summary format (see WriteJSON and
// docs/scale-out.md) from r, streaming: memory is that of the summary it
// returns, plus O(1). name names the input in errors ("shard-3.json"):
// each says where (the key, the record and trial, the bucket, or the byte
// offset of a syntax error) and what is wrong. It refuses another format
// or version, unknown, repeated or missing keys, a metric list other than
// this version's, trial ranges that are unsorted, overlapping, negative
// or beyond total_trials, records whose count or length disagrees with
// them, and risk data of the wrong shape or with counts that do not add
// up. It never panics.
func ReadSummary(r io.Reader, name string) (*Summary, error) {
	d := &sumDecoder{sc: jsonScanner{r: bufio.NewReaderSize(r, 1<<16)}, name: name}
	s, err := d.read()
	if err != nil {
		return nil, err
	}
	return s, nil
}

// sumDecoder reads the summary format: a scanner of its own reads the
// structure and the records (numbers parsed in place, no allocation per
// value), encoding/json the small values between them.
type sumDecoder struct {
	sc   jsonScanner
	name string
	key  string  // the key being read, for messages
	row  []int64 // scratch for a histogram being read
}

func (d *sumDecoder) errf(format string, args ...any) error {
	where := d.name
	if d.key != "" {
		where += ": " + d.key
	}
	return fmt.Errorf("scenario: summary: %s: %s", where, fmt.Sprintf(format, args...))
}

// syntax reports a problem at the scanner's position.
func (d *sumDecoder) syntax(format string, args ...any) error {
	return d.errf("byte %d: %s", d.sc.off, fmt.Sprintf(format, args...))
}

// scanErr turns an error of the scanner into a message.
func (d *sumDecoder) scanErr(err error) error {
	var se *scanError
	if errors.As(err, &se) {
		return d.errf("byte %d: %s", se.off, se.msg)
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return d.errf("byte %d: %v", d.sc.off, err)
}

// expect reads the byte c after any white space.
func (d *sumDecoder) expect(c byte, what string) error {
	got, err := d.sc.nonSpace()
	if err != nil {
		return d.scanErr(err)
	}
	if got != c {
		return d.errf("byte %d: want %s, got %s", d.sc.off-1, what, describeByte(got))
	}
	return nil
}

func describeByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("%q", rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// decode reads one JSON value and decodes it into dst with encoding/json.
func (d *sumDecoder) decode(dst any) error {
	start := d.sc.off
	raw, err := d.sc.value()
	if err != nil {
		return d.scanErr(err)
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return d.errf("byte %d: %v", start+se.Offset, err)
		}
		return d.errf("byte %d: %v", start, err)
	}
	return nil
}

// summaryKeys are the keys of the summary format, in the order written.
var summaryKeys = []string{"format", "version", "scenario", "digest", "seed", "network", "kind", "horizon",
	"resolution", "total_trials", "service_levels", "classes", "metrics", "trials", "records", "risk", "attachments"}

func (d *sumDecoder) read() (*Summary, error) {
	var (
		h      summaryHeader
		rows   []float64
		rowLen = -1
		nRows  int
		risk   *riskJSON
		att    []attachmentJSON
		v1     []int // trial indices of version-1 records
		seen   = map[string]bool{}
	)
	if err := d.expect('{', "a summary (a JSON object)"); err != nil {
		return nil, err
	}
	for first := true; ; first = false {
		d.key = ""
		c, err := d.sc.nonSpace()
		if err != nil {
			return nil, d.scanErr(err)
		}
		if c == '}' && first {
			break
		}
		if !first {
			if c == '}' {
				break
			}
			if c != ',' {
				return nil, d.syntax("want ',' or '}' after a value, got %s", describeByte(c))
			}
			if c, err = d.sc.nonSpace(); err != nil {
				return nil, d.scanErr(err)
			}
		}
		if c != '"' {
			return nil, d.syntax("want a key, got %s", describeByte(c))
		}
		d.sc.unread()
		var key string
		if err := d.decode(&key); err != nil {
			return nil, err
		}
		if err := d.expect(':', "':'"); err != nil {
			return nil, err
		}
		if !slices.Contains(summaryKeys, key) {
			return nil, d.errf("unknown key %q (a summary has %s)", clip40(key), strings.Join(summaryKeys, ", "))
		}
		if seen[key] {
			return nil, d.errf("key %q repeated", key)
		}
		seen[key] = true
		d.key = key
		var dst any
		switch key {
		case "format":
			dst = &h.Format
		case "version":
			dst = &h.Version
		case "scenario":
			dst = &h.Scenario
		case "digest":
			dst = &h.Digest
		case "seed":
			dst = &h.Seed
		case "network":
			dst = &h.Network
		case "kind":
			dst = &h.Kind
		case "horizon":
			dst = &h.Horizon
		case "resolution":
			dst = &h.Resolution
		case "total_trials":
			dst = &h.TotalTrials
		case "service_levels":
			dst = &h.ServiceLevels
		case "classes":
			dst = &h.Classes
		case "metrics":
			dst = &h.Metrics
		case "trials":
			dst = &h.Trials
		case "risk":
			if risk, err = d.riskObject(); err != nil {
				return nil, err
			}
			continue
		case "attachments":
			dst = &att
		case "records":
			if rows, rowLen, nRows, v1, err = d.records(recordsHint(&h)); err != nil {
				return nil, err
			}
			continue
		}
		if err := d.decode(dst); err != nil {
			return nil, err
		}
		if key == "format" && h.Format != SummaryFormat {
			return nil, d.errf("%q is not a lifeline summary (want %q)", clip40(h.Format), SummaryFormat)
		}
		if key == "version" && h.Version != SummaryVersion {
			return nil, d.errf("version %d; this program reads version %d (write the summaries again with the same version of lifeline)", h.Version, SummaryVersion)
		}
	}
	d.key = ""
	if c, err := d.sc.nonSpace(); err != io.EOF {
		if err != nil {
			return nil, d.scanErr(err)
		}
		return nil, d.errf("byte %d: data after the summary (%s)", d.sc.off-1, describeByte(c))
	}
	keys := summaryKeys
	if !seen["format"] && !seen["version"] {
		// Version 1: no format, version, digest, resolution, total,
		// classes, ranges, risk or attachments; records carry their trial.
		keys = summaryKeysV1
		for _, k := range summaryKeys {
			if seen[k] && !slices.Contains(keys, k) {
				return nil, d.errf("key %q in a summary without \"format\" (version 1, which has %s)", k, strings.Join(keys, ", "))
			}
		}
	} else if v1 != nil {
		d.key = "records"
		return nil, d.errf("records as objects with \"trial\" are version 1; version %d writes arrays of values", SummaryVersion)
	}
	var missing []string
	for _, k := range keys {
		if !seen[k] {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return nil, d.errf("missing keys %s", strings.Join(missing, ", "))
	}
	if !seen["format"] {
		if v1 == nil && nRows > 0 {
			d.key = "records"
			return nil, d.errf("records as arrays in a summary without \"format\" (version 1 writes objects with trial and values)")
		}
		return d.buildV1(&h, rows, rowLen, nRows, v1)
	}
	return d.build(&h, rows, rowLen, nRows, risk, att)
}

// summaryKeysV1 are the keys of version 1 of the summary format.
var summaryKeysV1 = []string{"scenario", "seed", "network", "kind", "horizon", "service_levels", "metrics", "records"}

// buildV1 makes a summary from version 1 of the format: records of any
// trials, in any order, and no risk over time.
func (d *sumDecoder) buildV1(h *summaryHeader, rows []float64, rowLen, nRows int, trials []int) (*Summary, error) {
	order := make([]int, nRows)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return trials[a] - trials[b] })
	d.key = "records"
	for j, i := range order {
		if trials[i] < 0 {
			return nil, d.errf("record %d: trial %d: negative index", i, trials[i])
		}
		if j > 0 && trials[order[j-1]] == trials[i] {
			return nil, d.errf("record %d: trial %d: repeated", i, trials[i])
		}
	}
	sorted := make([]float64, 0, len(rows))
	var ranges [][]int
	for j, i := range order {
		if rowLen > 0 {
			sorted = append(sorted, rows[i*rowLen:(i+1)*rowLen]...)
		}
		t := trials[i]
		if j > 0 && ranges[len(ranges)-1][1] == t {
			ranges[len(ranges)-1][1] = t + 1
		} else {
			ranges = append(ranges, []int{t, t + 1})
		}
	}
	h.Trials = ranges
	h.Resolution = 0
	return d.build(h, sorted, rowLen, nRows, nil, nil)
}

// recordsHint returns the number of values the records should hold by the
// header read so far (0 if it does not say), at most 2^27 (1 GiB), so that
// the records are read into one allocation of the right size.
func recordsHint(h *summaryHeader) int {
	n := 0
	for _, r := range h.Trials {
		if len(r) == 2 && r[1] > r[0] && r[0] >= 0 {
			n += r[1] - r[0]
		}
		if n > 1<<27 {
			return 0
		}
	}
	return min(n*len(h.Metrics), 1<<27)
}

// records reads the "records" array: arrays of numbers (or "NaN", "Inf",
// "-Inf"), all of one length; or, in version 1, objects {"trial": i,
// "values": [...]}, whose trials it returns.
func (d *sumDecoder) records(hint int) (vals []float64, rowLen, n int, trials []int, err error) {
	rowLen = -1
	vals = make([]float64, 0, hint)
	fail := func(err error) ([]float64, int, int, []int, error) { return nil, 0, 0, nil, err }
	if err := d.expect('[', "the array of records"); err != nil {
		return fail(err)
	}
	sc := &d.sc
	for {
		c, err := sc.nonSpace()
		if err != nil {
			return fail(d.scanErr(err))
		}
		if n == 0 && c == ']' {
			break
		}
		if n > 0 {
			if c == ']' {
				break
			}
			if c != ',' {
				return fail(d.syntax("record %d: want ',' or ']' after a record, got %s", n, describeByte(c)))
			}
			if c, err = sc.nonSpace(); err != nil {
				return fail(d.scanErr(err))
			}
		}
		if c == '{' && (n == 0 || trials != nil) {
			sc.unread()
			var rec struct {
				Trial  *int      `json:"trial"`
				Values []float64 `json:"values"`
			}
			if err := d.decode(&rec); err != nil {
				return fail(err)
			}
			if rec.Trial == nil {
				return fail(d.errf("record %d: no trial", n))
			}
			if rowLen >= 0 && len(rec.Values) != rowLen {
				return fail(d.errf("record %d: trial %d: %d values, want %d as in record 0", n, *rec.Trial, len(rec.Values), rowLen))
			}
			vals = append(vals, rec.Values...)
			rowLen = len(rec.Values)
			trials = append(trials, *rec.Trial)
			n++
			continue
		}
		if c != '[' || trials != nil {
			want := "an array of numbers"
			if trials != nil {
				want = "an object with trial and values, as the records before it (version 1)"
			}
			return fail(d.syntax("record %d: %s; want %s", n, describeByte(c), want))
		}
		k := 0
		for {
			c, err := sc.nonSpace()
			if err != nil {
				return fail(d.scanErr(err))
			}
			if c == ']' && k == 0 {
				break
			}
			if k > 0 {
				if c == ']' {
					break
				}
				if c != ',' {
					return fail(d.syntax("record %d: want ',' or ']' after value %d, got %s", n, k-1, describeByte(c)))
				}
				if c, err = sc.nonSpace(); err != nil {
					return fail(d.scanErr(err))
				}
			}
			var x float64
			switch {
			case c == '"':
				sc.unread()
				var t string
				if err := d.decode(&t); err != nil {
					return fail(err)
				}
				switch t {
				case "NaN":
					x = math.NaN()
				case "Inf":
					x = math.Inf(1)
				case "-Inf":
					x = math.Inf(-1)
				default:
					return fail(d.errf("record %d: value %d: the string %q; want a number, \"NaN\", \"Inf\" or \"-Inf\"", n, k, clip40(t)))
				}
			case c == '-' || ('0' <= c && c <= '9'):
				sc.unread()
				if x, err = sc.number(); err != nil {
					var se *scanError
					if errors.As(err, &se) {
						return fail(d.errf("byte %d: record %d: value %d: %s", se.off, n, k, se.msg))
					}
					return fail(d.scanErr(err))
				}
			default:
				return fail(d.syntax("record %d: value %d: %s; want a number", n, k, describeByte(c)))
			}
			vals = append(vals, x)
			k++
		}
		if rowLen >= 0 && k != rowLen {
			return fail(d.errf("record %d: %d values, want %d as in record 0", n, k, rowLen))
		}
		rowLen = k
		n++
	}
	return vals, rowLen, n, trials, nil
}

// bucketsFor returns the number of timeline buckets of a horizon at a
// resolution, as Compile counts them.
func bucketsFor(horizon, resolution float64) int {
	return int(math.Ceil(horizon/resolution - 1e-9))
}

// build checks the decoded parts against each other and makes the
// summary.
func (d *sumDecoder) build(h *summaryHeader, rows []float64, rowLen, nRows int, rj *riskJSON, att []attachmentJSON) (*Summary, error) {
	fail := func(key, format string, args ...any) error {
		d.key = key
		return d.errf(format, args...)
	}
	if !h.Kind.Valid() {
		return nil, fail("kind", "%q is not a kind (want one of %v)", clip40(string(h.Kind)), network.Kinds)
	}
	if !(h.Horizon > 0) || math.IsInf(h.Horizon, 0) {
		return nil, fail("horizon", "%v: want a finite number of hours > 0", h.Horizon)
	}
	nb := 0
	switch {
	case rj == nil && h.Resolution != 0:
		return nil, fail("resolution", "%v without risk over time; want 0 (\"risk\" is null)", h.Resolution)
	case rj == nil:
	case !(h.Resolution > 0) || math.IsInf(h.Resolution, 0):
		return nil, fail("resolution", "%v: want a finite number of hours > 0", h.Resolution)
	default:
		nb = bucketsFor(h.Horizon, h.Resolution)
		if nb < 1 || nb > 1_000_000 {
			return nil, fail("resolution", "%d buckets over the horizon; want 1 to 1000000", nb)
		}
	}
	levels := make([]ServiceLevel, len(h.ServiceLevels))
	for i, l := range h.ServiceLevels {
		if !(l.Level > 0 && l.Level <= 1) || !(l.Duration >= 0) || math.IsInf(l.Duration, 0) {
			return nil, fail("service_levels", "level %d: level %v for %v h; want a level in (0, 1] and a finite duration ≥ 0", i, l.Level, l.Duration)
		}
		levels[i] = ServiceLevel(l)
	}
	want := metricNames(len(levels))
	if !slices.Equal(h.Metrics, want) {
		return nil, fail("metrics", "%v; this version records %v for %d service levels", clipList(h.Metrics), want, len(levels))
	}
	m := len(want)
	if h.TotalTrials < 0 {
		return nil, fail("total_trials", "%d: want ≥ 0 (0: not stated)", h.TotalTrials)
	}
	s := &Summary{scenario: h.Scenario, digest: h.Digest, seed: h.Seed, network: h.Network, kind: h.Kind,
		horizon: h.Horizon, resolution: h.Resolution, total: h.TotalTrials, levels: levels, metrics: want,
	}
	if len(h.Classes) > 0 {
		s.classes = slices.Clone(h.Classes)
	}
	at := 0
	for i, r := range h.Trials {
		if len(r) != 2 {
			return nil, fail("trials", "range %d: %d numbers; want [first, end)", i, len(r))
		}
		tr := TrialRange{r[0], r[1]}
		switch {
		case r[0] < 0 || r[1] <= r[0]:
			return nil, fail("trials", "range %d [%d, %d): want 0 ≤ first < end", i, r[0], r[1])
		case i > 0 && r[0] < at:
			return nil, fail("trials", "range %d (%v) overlaps or precedes the range before it", i, tr)
		case h.TotalTrials > 0 && r[1] > h.TotalTrials:
			return nil, fail("trials", "range %d (%v) lies beyond the study's %d trials", i, tr, h.TotalTrials)
		case r[1]-r[0] > nRows-s.n:
			return nil, fail("records", "%d records, fewer than the trials' ranges hold", nRows)
		}
		s.parts = append(s.parts, chunk{first: r[0], vals: rows[s.n*m : (s.n+r[1]-r[0])*m : (s.n+r[1]-r[0])*m]})
		s.n += r[1] - r[0]
		at = r[1]
	}
	if nRows != s.n {
		return nil, fail("records", "%d records for the %d trials of the ranges", nRows, s.n)
	}
	if nRows > 0 && rowLen != m {
		return nil, fail("records", "records of %d values; want one per metric, %d", rowLen, m)
	}
	if rj == nil {
		s.noRisk = true
	} else if err := d.risk(s, rj, nb); err != nil {
		return nil, err
	}
	d.key = "attachments"
	for i, a := range att {
		if a.Name == "" {
			return nil, d.errf("attachment %d: empty name", i)
		}
		if !s.holds(a.Trial) {
			return nil, d.errf("attachment %d (%q): trial %d is not in the summary", i, clip40(a.Name), a.Trial)
		}
		var buf strings.Builder
		if err := compactJSON(&buf, a.Data); err != nil {
			return nil, d.errf("attachment %d (%q): %v", i, clip40(a.Name), err)
		}
		s.attach = append(s.attach, attachment{trial: a.Trial, name: a.Name, data: json.RawMessage(buf.String())})
	}
	slices.SortStableFunc(s.attach, cmpAttachment)
	for i := 1; i < len(s.attach); i++ {
		if cmpAttachment(s.attach[i-1], s.attach[i]) == 0 {
			return nil, d.errf("%q attached twice to trial %d", clip40(s.attach[i].name), s.attach[i].trial)
		}
	}
	return s, nil
}

func clipList(xs []string) string {
	if len(xs) > 30 {
		return fmt.Sprintf("%v … (%d names)", xs[:30], len(xs))
	}
	return fmt.Sprint(xs)
}

// risk checks and decodes the "risk" object into s.risk.
func (d *sumDecoder) risk(s *Summary, rj *riskJSON, nb int) error {
	d.key = "risk"
	if rj.Buckets != nb {
		return d.errf("%d buckets; a horizon of %v h at a resolution of %v h has %d", rj.Buckets, s.horizon, s.resolution, nb)
	}
	nc := len(s.classes)
	a := newRiskAcc(nb, nc, rj.Cold)
	n := uint64(s.n)
	if len(rj.ShortTrials) != nb {
		return d.errf("short_trials: %d values, want one per bucket, %d", len(rj.ShortTrials), nb)
	}
	for b, c := range rj.ShortTrials {
		if c > n {
			return d.errf("short_trials: bucket %d: %d trials of %d", b, c, n)
		}
	}
	copy(a.shortTrials, rj.ShortTrials)
	var err error
	if err = d.moments("unserved", a.unserved, rj.Unserved); err != nil {
		return err
	}
	if err = d.moments("short_hours", a.shortH, rj.ShortHours); err != nil {
		return err
	}
	if err = d.hists("coverage", a.coverage, rj.Coverage, n); err != nil {
		return err
	}
	if len(rj.ClassCoverage) != nc {
		return d.errf("class_coverage: %d classes, want %d as in \"classes\"", len(rj.ClassCoverage), nc)
	}
	for k := range nc {
		if err = d.hists(fmt.Sprintf("class_coverage[%d] (%s)", k, clip40(s.classes[k])), a.class[k], rj.ClassCoverage[k], n); err != nil {
			return err
		}
	}
	switch {
	case rj.Cold && (rj.ColdCustomers == nil || rj.ColdHist == nil):
		return d.errf("cold is true but cold_customers or cold_hist is missing")
	case !rj.Cold && (rj.ColdCustomers != nil || rj.ColdHist != nil):
		return d.errf("cold_customers or cold_hist given, but cold is false")
	case rj.Cold:
		if err = d.moments("cold_customers", a.coldM, *rj.ColdCustomers); err != nil {
			return err
		}
		if err = d.hists("cold_hist", a.coldH, rj.ColdHist, n); err != nil {
			return err
		}
	}
	one := func(field string, dst *xsum, text string) error {
		x, err := parseXsum(text)
		if err != nil {
			return d.errf("%s: %v", field, err)
		}
		*dst = x
		return nil
	}
	for _, f := range []struct {
		name string
		dst  *xsum
		text string
	}{
		{"events.sum", &a.events.sum, rj.Events.Sum}, {"events.sq", &a.events.sq, rj.Events.Sq},
		{"clock_hours.sum", &a.clock.sum, rj.ClockHours.Sum}, {"clock_hours.sq", &a.clock.sq, rj.ClockHours.Sq},
		{"event_energy", &a.evENS, rj.EventEnergy}, {"event_hours", &a.evHours, rj.EventHours},
	} {
		if err := one(f.name, f.dst, f.text); err != nil {
			return err
		}
	}
	a.freeze()
	s.risk = a
	return nil
}

func (d *sumDecoder) moments(field string, dst []moments, src momentsJSON) error {
	if len(src.Sum) != len(dst) || len(src.Sq) != len(dst) {
		return d.errf("%s: %d sums and %d sums of squares, want one per bucket, %d", field, len(src.Sum), len(src.Sq), len(dst))
	}
	for b := range dst {
		var err error
		if dst[b].sum, err = parseXsum(src.Sum[b]); err != nil {
			return d.errf("%s.sum: bucket %d: %v", field, b, err)
		}
		if dst[b].sq, err = parseXsum(src.Sq[b]); err != nil {
			return d.errf("%s.sq: bucket %d: %v", field, b, err)
		}
	}
	return nil
}

func (d *sumDecoder) hists(field string, dst []lhist, src [][]int64, n uint64) error {
	if len(src) != len(dst) {
		return d.errf("%s: %d histograms, want one per bucket, %d", field, len(src), len(dst))
	}
	maxKey := int64(lhMaxKey)
	for b, row := range src {
		h := &dst[b]
		if len(row) == 0 || len(row) == 2 {
			return d.errf("%s: bucket %d: %d numbers; want the zero bin's count, then the first key and its counts", field, b, len(row))
		}
		if row[0] < 0 || uint64(row[0]) > n {
			return d.errf("%s: bucket %d: zero bin: count %d of %d trials", field, b, row[0], n)
		}
		occupied := 1
		for _, c := range row[min(2, len(row)):] {
			if c > 0 {
				occupied++
			}
		}
		h.keys, h.counts = make([]int32, 0, occupied), make([]uint64, 0, occupied)
		if row[0] > 0 {
			h.addKey(0, uint64(row[0]))
		}
		if len(row) > 2 {
			k, items := row[1], row[2:]
			if k < 1 || k > maxKey {
				return d.errf("%s: bucket %d: first key %d; want keys from 1 to %d", field, b, k, maxKey)
			}
			if items[0] <= 0 || items[len(items)-1] <= 0 {
				return d.errf("%s: bucket %d: the counts start or end with an empty key; they run from the first occupied key to the last", field, b)
			}
			for _, c := range items {
				if k > maxKey {
					return d.errf("%s: bucket %d: keys beyond %d, the last bin", field, b, maxKey)
				}
				if c < 0 {
					if c < -maxKey {
						return d.errf("%s: bucket %d: a run of %d empty keys; there are %d keys", field, b, -c, maxKey)
					}
					k -= c // a run of −c empty keys
					continue
				}
				if uint64(c) > n-h.n {
					return d.errf("%s: bucket %d: key %d: count %d; the bins of a bucket hold one count per trial, %d in all", field, b, k, c, n)
				}
				if c > 0 {
					h.addKey(int32(k), uint64(c))
				}
				k++
			}
		}
		if h.n != n {
			return d.errf("%s: bucket %d: bins hold %d trials, want %d", field, b, h.n, n)
		}
	}
	return nil
}

// riskKeys are the keys of the "risk" object, in the order written; the
// last two only with cold.
var riskKeys = []string{"buckets", "cold", "short_trials", "unserved", "short_hours", "coverage", "class_coverage",
	"cold_customers", "cold_hist", "events", "clock_hours", "event_energy", "event_hours"}

// riskObject reads the "risk" value: null, or the object of riskJSON. The
// histograms, which make most of its size, are read by the scanner; the
// rest by encoding/json.
func (d *sumDecoder) riskObject() (*riskJSON, error) {
	sc := &d.sc
	c, err := sc.nonSpace()
	if err != nil {
		return nil, d.scanErr(err)
	}
	sc.unread()
	if c == 'n' {
		var v any
		if err := d.decode(&v); err != nil {
			return nil, err
		}
		if v != nil {
			return nil, d.syntax("want null or an object")
		}
		return nil, nil
	}
	if err := d.expect('{', "the risk over time (an object, or null)"); err != nil {
		return nil, err
	}
	r := &riskJSON{}
	seen := map[string]bool{}
	for first := true; ; first = false {
		c, err := sc.nonSpace()
		if err != nil {
			return nil, d.scanErr(err)
		}
		if c == '}' {
			break
		}
		if !first {
			if c != ',' {
				return nil, d.syntax("want ',' or '}' after a value, got %s", describeByte(c))
			}
			if c, err = sc.nonSpace(); err != nil {
				return nil, d.scanErr(err)
			}
		}
		if c != '"' {
			return nil, d.syntax("want a key, got %s", describeByte(c))
		}
		sc.unread()
		var key string
		if err := d.decode(&key); err != nil {
			return nil, err
		}
		if err := d.expect(':', "':'"); err != nil {
			return nil, err
		}
		if !slices.Contains(riskKeys, key) {
			return nil, d.errf("unknown key %q (the risk over time has %s)", clip40(key), strings.Join(riskKeys, ", "))
		}
		if seen[key] {
			return nil, d.errf("key %q repeated", key)
		}
		seen[key] = true
		switch key {
		case "buckets":
			err = d.decode(&r.Buckets)
		case "cold":
			err = d.decode(&r.Cold)
		case "short_trials":
			err = d.decode(&r.ShortTrials)
		case "unserved":
			err = d.decode(&r.Unserved)
		case "short_hours":
			err = d.decode(&r.ShortHours)
		case "cold_customers":
			err = d.decode(&r.ColdCustomers)
		case "events":
			err = d.decode(&r.Events)
		case "clock_hours":
			err = d.decode(&r.ClockHours)
		case "event_energy":
			err = d.decode(&r.EventEnergy)
		case "event_hours":
			err = d.decode(&r.EventHours)
		case "coverage":
			r.Coverage, err = d.intRows(key)
		case "cold_hist":
			r.ColdHist, err = d.intRows(key)
		case "class_coverage":
			err = d.array(key, func(i int) error {
				rows, err := d.intRows(fmt.Sprintf("%s[%d]", key, i))
				r.ClassCoverage = append(r.ClassCoverage, rows)
				return err
			})
		}
		if err != nil {
			return nil, err
		}
	}
	var missing []string
	for _, k := range riskKeys {
		if !seen[k] && k != "cold_customers" && k != "cold_hist" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return nil, d.errf("missing keys %s", strings.Join(missing, ", "))
	}
	return r, nil
}

// array reads a JSON array, calling elem to read its i-th element.
func (d *sumDecoder) array(field string, elem func(i int) error) error {
	sc := &d.sc
	if err := d.expect('[', field+": an array"); err != nil {
		return err
	}
	for i := 0; ; i++ {
		c, err := sc.nonSpace()
		if err != nil {
			return d.scanErr(err)
		}
		if c == ']' {
			return nil
		}
		if i > 0 {
			if c != ',' {
				return d.syntax("%s: want ',' or ']' after element %d, got %s", field, i-1, describeByte(c))
			}
		} else {
			sc.unread()
		}
		if err := elem(i); err != nil {
			return err
		}
	}
}

// intRows reads an array of arrays of integers.
func (d *sumDecoder) intRows(field string) ([][]int64, error) {
	var rows [][]int64
	err := d.array(field, func(i int) error {
		row := d.row[:0]
		err := d.array(fmt.Sprintf("%s: bucket %d", field, i), func(k int) error {
			x, err := d.sc.integer()
			if err != nil {
				var se *scanError
				if errors.As(err, &se) {
					return d.errf("byte %d: %s: bucket %d: value %d: %s", se.off, field, i, k, se.msg)
				}
				return d.scanErr(err)
			}
			row = append(row, x)
			return nil
		})
		d.row = row
		rows = append(rows, slices.Clone(row)) // one allocation of the right size
		return err
	})
	return rows, err
}

// compactJSON writes the valid JSON data compacted.
func compactJSON(w io.Writer, data []byte) error {
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if b.Len() == 0 {
		return errors.New("not JSON: empty")
	}
	_, err := w.Write(b.Bytes())
	return err
}
