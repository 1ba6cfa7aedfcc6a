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
		if len(d.Networks[0].Timeline.Start) <= 50 && d.Horizon <= 1000 {
			_ = report.WriteHTML(&bytes.Buffer{}, d) // charts and maps too: an error is fine, a panic is not
		}
	})
}
