package scenfile

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readTableString(t *testing.T, src string, opt TableOptions) (*Table, []string) {
	t.Helper()
	tab, err := ReadTable(strings.NewReader(src), "t.csv", opt)
	if err != nil {
		var msgs []string
		for _, p := range Problems(err) {
			msgs = append(msgs, p.Error())
		}
		assert.ErrorIs(t, err, ErrInvalid)
		return nil, msgs
	}
	return tab, nil
}

// Timestamps in any ISO 8601 spelling with an offset are instants: a
// space for the T, minutes only, Z, +0800; the rows are hourly.
func TestReadTableTimestamps(t *testing.T) {
	src := "Timestamp,Hospital,flats\n" +
		"2022-02-07T00:00:00+08:00,120,300\n" +
		"2022-02-07 01:00+08:00, 110 ,280\n" +
		"\n" +
		"2022-02-06T18:00:00Z,100,250\n" +
		"2022-02-07T03:00:00.000+0800,90,260\n" +
		"2022-02-07T04:00+08,95,1e3\n"
	tab, probs := readTableString(t, src, TableOptions{})
	require.Empty(t, probs)
	loc := time.FixedZone("", 8*3600)
	assert.True(t, tab.Start.Equal(time.Date(2022, 2, 7, 0, 0, 0, 0, loc)), "start %v", tab.Start)
	assert.Equal(t, time.Hour, tab.Step)
	assert.Equal(t, 1.0, tab.StepHours())
	assert.Equal(t, 5, tab.Rows())
	assert.Equal(t, []string{"Hospital", "flats"}, tab.Columns())
	assert.Equal(t, 6, tab.Line(3))
	h, err := tab.Values("hospital")
	require.NoError(t, err)
	assert.Equal(t, []float64{120, 110, 100, 90, 95}, h)
	f, err := tab.Values(" FLATS ")
	require.NoError(t, err)
	assert.Equal(t, []float64{300, 280, 250, 260, 1000}, f)
	assert.Equal(t, -1.5, tab.HoursFrom(time.Date(2022, 2, 7, 1, 30, 0, 0, loc)))
}

// A local-time export across a change to summer time keeps a regular
// step when each row carries its offset: 01:00+01:00 is followed by
// 03:00+02:00, one hour later.
func TestReadTableSummerTime(t *testing.T) {
	src := "time,kw\n2022-03-27T00:00:00+01:00,1\n2022-03-27T01:00:00+01:00,2\n2022-03-27T03:00:00+02:00,3\n2022-03-27T04:00:00+02:00,4\n"
	tab, probs := readTableString(t, src, TableOptions{})
	require.Empty(t, probs)
	assert.Equal(t, time.Hour, tab.Step)
	assert.Equal(t, 4, tab.Rows())
}

// Semicolons with decimal commas, as European exports write them;
// quarter-hour steps; timestamps marking the end of their step; a
// timestamp column of another name; no offsets, read in a given one.
func TestReadTableOptions(t *testing.T) {
	src := "zeit;last_kw;note\n2022-02-07 00:15;1,5;a\n2022-02-07 00:30;2,25;b\n2022-02-07 00:45;3;c\n"
	loc := time.FixedZone("CET", 3600)
	tab, probs := readTableString(t, src, TableOptions{TimeColumn: "Zeit", Location: loc, Ending: true})
	require.Empty(t, probs)
	assert.Equal(t, 15*time.Minute, tab.Step)
	assert.True(t, tab.Start.Equal(time.Date(2022, 2, 7, 0, 0, 0, 0, loc)), "start %v", tab.Start)
	v, err := tab.Values("last_kw")
	require.NoError(t, err)
	assert.Equal(t, []float64{1.5, 2.25, 3}, v)
	_, err = tab.Values("note")
	require.Error(t, err)
	assert.Equal(t, `t.csv:2: note: not a number "a"`+"\n"+`t.csv:3: note: not a number "b"`+"\n"+`t.csv:4: note: not a number "c"`, err.Error())
	_, err = tab.Values("last_kwh")
	assert.EqualError(t, err, `t.csv:1: last_kwh: unknown column (did you mean "last_kw"?); the value columns are "last_kw", "note"`)
	_, err = tab.Values("zeit")
	assert.EqualError(t, err, `t.csv:1: zeit: is the timestamp column, not values`)
	// One row: no step.
	tab, probs = readTableString(t, "date,t\n2022-02-07,-3\n", TableOptions{Location: time.UTC})
	require.Empty(t, probs)
	assert.Equal(t, time.Duration(0), tab.Step)
	assert.Equal(t, 1, tab.Rows())
}

// Every way a table can be wrong, each message exactly.
func TestReadTableErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		opt       TableOptions
		want      []string
	}{
		{"gap", "timestamp,v\n2022-02-07T00:00:00+08:00,1\n2022-02-07T01:00:00+08:00,1\n2022-02-07T04:00:00+08:00,1\n2022-02-07T05:00:00+08:00,1\n", TableOptions{},
			[]string{"t.csv:4: timestamp: gap: 2 steps of 1h0m0s missing after 2022-02-07T01:00:00+08:00 (line 3)"}},
		{"one missing", "timestamp,v\n2022-02-07T00:00:00Z,1\n2022-02-07T01:00:00Z,1\n2022-02-07T03:00:00Z,1\n2022-02-07T04:00:00Z,1\n", TableOptions{},
			[]string{"t.csv:4: timestamp: gap: 1 step of 1h0m0s missing after 2022-02-07T01:00:00Z (line 3)"}},
		{"duplicate", "timestamp,v\n2022-02-07T00:00:00+08:00,1\n2022-02-07T01:00:00+08:00,1\n2022-02-06T17:00:00Z,1\n2022-02-07T02:00:00+08:00,1\n", TableOptions{},
			[]string{"t.csv:4: timestamp: duplicate 2022-02-06T17:00:00Z (also line 3)"}},
		{"unsorted", "timestamp,v\n2022-02-07T00:00:00Z,1\n2022-02-07T02:00:00Z,1\n2022-02-07T01:00:00Z,1\n2022-02-07T03:00:00Z,1\n", TableOptions{},
			[]string{
				"t.csv:3: timestamp: gap: 1 step of 1h0m0s missing after 2022-02-07T00:00:00Z (line 2)",
				"t.csv:4: timestamp: out of order: 2022-02-07T01:00:00Z comes after 2022-02-07T02:00:00Z (line 3); sort the rows by time",
			}},
		{"no offset, dates", "date,v\n2022-02-07,1\n", TableOptions{},
			[]string{`t.csv:2: date: "2022-02-07" has no UTC offset: write it with one (as 2022-02-07T20:00:00+08:00), or give the table's utc_offset`}},
		{"misaligned", "timestamp,v\n2022-02-07T00:00:00Z,1\n2022-02-07T01:00:00Z,1\n2022-02-07T01:30:00Z,1\n2022-02-07T02:00:00Z,1\n2022-02-07T03:00:00Z,1\n2022-02-07T04:00:00Z,1\n", TableOptions{},
			[]string{"t.csv:4: timestamp: 2022-02-07T01:30:00Z is off the 1h0m0s step of the other rows by 30m0s"}},
		{"first row off", "timestamp,v\n2022-02-06T23:59:00Z,1\n2022-02-07T01:00:00Z,1\n2022-02-07T02:00:00Z,1\n2022-02-07T03:00:00Z,1\n", TableOptions{},
			[]string{"t.csv:2: timestamp: 2022-02-06T23:59:00Z is off the 1h0m0s step of the other rows by 1m0s"}},
		{"all one time", "timestamp,v\n2022-02-07T00:00:00Z,1\n2022-02-07T00:00:00Z,2\n", TableOptions{},
			[]string{"t.csv:3: timestamp: duplicate 2022-02-07T00:00:00Z (also line 2)"}},
		{"no offset", "timestamp,v\n2022-02-07 00:00,1\n", TableOptions{},
			[]string{`t.csv:2: timestamp: "2022-02-07 00:00" has no UTC offset: write it with one (as 2022-02-07T20:00:00+08:00), or give the table's utc_offset`}},
		{"not a time", "timestamp,v\n07/02/2022 00:00,1\n", TableOptions{},
			[]string{`t.csv:2: timestamp: not an ISO 8601 timestamp "07/02/2022 00:00" (write e.g. 2022-02-07T20:00:00+08:00)`}},
		{"no time column", "when,v\n2022-02-07T00:00:00Z,1\n", TableOptions{},
			[]string{`t.csv:1: timestamp: missing column: name the timestamp column timestamp (or time, datetime, date), or say which it is; the columns are "when", "v"`}},
		{"named time column missing", "when,v\n2022-02-07T00:00:00Z,1\n", TableOptions{TimeColumn: "wehn"},
			[]string{`t.csv:1: wehn: missing column: no timestamp column of that name (did you mean "when"?); the columns are "when", "v"`}},
		{"repeated column", "timestamp,v,V\n2022-02-07T00:00:00Z,1,2\n", TableOptions{},
			[]string{"t.csv:1: V: repeated column (also column 2)"}},
		{"unnamed column", "timestamp,,v\n2022-02-07T00:00:00Z,1,2\n", TableOptions{},
			[]string{"t.csv:1: column 2 has no name"}},
		{"field count", "timestamp,v\n2022-02-07T00:00:00Z,1\n2022-02-07T01:00:00Z\n", TableOptions{},
			[]string{"t.csv:3: CSV: wrong number of fields"}},
		{"empty", "", TableOptions{}, []string{"t.csv:1: empty table: want a header row (timestamp, then value columns)"}},
		{"header only", "timestamp,v\n", TableOptions{}, []string{"t.csv:1: no rows: want one row per step after the header"}},
		{"not text", "timestamp,v\n\xff\xfe,1\n", TableOptions{}, []string{"t.csv: not UTF-8 text"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab, probs := readTableString(t, tc.src, tc.opt)
			assert.Nil(t, tab)
			assert.Equal(t, tc.want, probs)
		})
	}
}

// Values: an empty cell, a number that is not finite.
func TestTableValuesErrors(t *testing.T) {
	tab, probs := readTableString(t, "timestamp,v\n2022-02-07T00:00:00Z,1\n2022-02-07T01:00:00Z,\n2022-02-07T02:00:00Z,NaN\n", TableOptions{})
	require.Empty(t, probs)
	_, err := tab.Values("v")
	assert.EqualError(t, err, "t.csv:3: v: empty value: a series needs a number at every step\nt.csv:4: v: not a number \"NaN\"")
}

// A table with many rows wrong reports 20 problems, then how many more:
// 60 repeats of the first hour (lines 4 to 63), the 21st on line 24.
func TestReadTableProblemCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("timestamp,v\n2022-02-07T00:00:00Z,1\n2022-02-07T01:00:00Z,1\n")
	for range 60 {
		b.WriteString("2022-02-07T00:00:00Z,1\n")
	}
	_, probs := readTableString(t, b.String(), TableOptions{})
	require.Len(t, probs, 21)
	assert.Equal(t, "t.csv:4: timestamp: duplicate 2022-02-07T00:00:00Z (also line 2)", probs[0])
	assert.Equal(t, "t.csv:24: and 40 more problems like these", probs[20])
}

func TestParseUTCOffset(t *testing.T) {
	for s, want := range map[string]int{"+08:00": 8 * 3600, "+0800": 8 * 3600, "+08": 8 * 3600, "-05:30": -(5*3600 + 1800), "Z": 0} {
		loc, err := ParseUTCOffset(s)
		require.NoError(t, err, s)
		_, off := time.Date(2022, 1, 1, 0, 0, 0, 0, loc).Zone()
		assert.Equal(t, want, off, s)
	}
	_, err := ParseUTCOffset("CET")
	assert.EqualError(t, err, `not a UTC offset "CET" (write e.g. +08:00)`)
}

// A year of hourly rows at +08:00, as a SCADA export of 2022 gives it:
// 8,760 rows, the value of row k being k, so the column sums to
// 8759·8760/2.
func TestReadTableYear(t *testing.T) {
	var b strings.Builder
	b.WriteString("timestamp,kw\n")
	loc := time.FixedZone("", 8*3600)
	t0 := time.Date(2022, 1, 1, 0, 0, 0, 0, loc)
	for k := range 8760 {
		b.WriteString(t0.Add(time.Duration(k) * time.Hour).Format(time.RFC3339))
		b.WriteString("," + strconv.Itoa(k) + "\n")
	}
	tab, probs := readTableString(t, b.String(), TableOptions{})
	require.Empty(t, probs)
	assert.Equal(t, 8760, tab.Rows())
	assert.Equal(t, time.Hour, tab.Step)
	vals, err := tab.Values("kw")
	require.NoError(t, err)
	sum := 0.0
	for _, v := range vals {
		sum += v
	}
	assert.Equal(t, 8759.0*8760/2, sum)
	assert.Equal(t, -24.0*31, tab.HoursFrom(time.Date(2022, 2, 1, 0, 0, 0, 0, loc)))
}
