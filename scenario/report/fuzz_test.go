package report_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/lifeline-sim/lifeline/scenario/report"
)

// FuzzReadJSON: ReadJSON never panics, and a document it accepts encodes
// to JSON that it reads back to the same encoding; the text and the
// timeline of an accepted document render, and its page (charts, maps)
// does not panic.
func FuzzReadJSON(f *testing.F) {
	if data, err := os.ReadFile("testdata/v1-city.json"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"schema":"lifeline-report","version":2,"networks":[{"id":"p","kind":"power","timeline":{"start":[0],"coverage":[1]}}]}`))
	f.Add([]byte(`{"schema":"lifeline-report","version":2,"horizon":-1,"resolution":0,"outdoor":[null,1e308],"risk":{"trials":3}}`))
	f.Add([]byte(`{"schema":"lifeline-report","version":1}`))
	f.Add([]byte(`{"schema":"lifeline-report","version":2,"horizon":2,"resolution":1,"networks":[{"id":"p","kind":"power",` +
		`"timeline":{"start":[0,1],"coverage":[1,0.5],"ecs":[1,0.5],"unserved":[0,5]}}],"risk":{"network":"p","kind":"power",` +
		`"trials":2,"horizon":2,"timeline":{"start":[0,1],"lolp":[0,1],"lolp_stderr":[0,0],"eue":[0,5],"eue_stderr":[0,0],` +
		`"short_hours":[0,1],"short_hours_stderr":[0,0],"coverage":{"p5":[1,0.5],"p50":[1,0.5],"p95":[1,0.5]},` +
		`"classes":[{"class":"c","p5":[1,1],"p50":[1,1],"p95":[1,1]}],"cold_customers":{"mean":[0,2],"mean_stderr":[0,0],` +
		`"p5":[0,1],"p50":[0,2],"p95":[0,3]}},"shortfalls":{"lole_duration":1,"mean_event_duration":null}}}`)) // risktime.go
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := report.ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		var a bytes.Buffer
		if err := report.WriteJSON(&a, d); err != nil {
			return // a number JSON cannot hold (an infinite float outside Floats)
		}
		back, err := report.ReadJSON(bytes.NewReader(a.Bytes()))
		if err != nil {
			t.Fatalf("reading back what was written: %v\n%s", err, a.Bytes())
		}
		var b bytes.Buffer
		if err := report.WriteJSON(&b, back); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("not stable:\n%s\n%s", a.Bytes(), b.Bytes())
		}
		if err := report.WriteText(&bytes.Buffer{}, d); err != nil {
			t.Fatal(err)
		}
		if err := report.WriteTimelineCSV(&bytes.Buffer{}, d); err != nil {
			t.Fatal(err)
		}
		if d.Risk != nil && d.Risk.Timeline != nil {
			if err := report.WriteRiskCSV(&bytes.Buffer{}, d); err != nil {
				t.Fatal(err)
			}
		}
		if len(d.Networks[0].Timeline.Start) <= 50 && d.Horizon <= 1000 {
			_ = report.WriteHTML(&bytes.Buffer{}, d) // charts and maps too: an error is fine, a panic is not
		}
	})
}
