package geojson_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/geojson"
)

// FuzzRead checks that Read never panics, that every problem it reports is
// a *network.FieldError naming the file and a line of the input, and that
// whatever it accepts with every node located, Write writes and Read reads
// back into the same network and then the same bytes.
func FuzzRead(f *testing.F) {
	golden, err := os.ReadFile(filepath.Join("testdata", "riverside.geojson"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(golden)
	for _, s := range []string{
		``,
		`[]`,
		`{"type":"FeatureCollection","features":[]}`,
		fc(pt(src), pt(cons), ln(`"id":"l","from":"s","to":"c","capacity":null,"loss":0.5,"attrs":{"k":"v"}`)),
		fc(pt(src+`,"zone":"z","x":[1,{"y":null}],"attrs":{"":"e"}`), pt(`"id":7,"role":"storage","capacity":1,"level":2,"max_level":3,"charge_rate":null`)),
		fc(`{"type":"Feature","id":"f","geometry":null,"properties":{"role":"junction"}}`, `{"type":"Feature","geometry":null,"properties":{"id":"l","from":"f","to":"f"}}`),
		fc(pt(`"role":"source","capacity":"x"`), `{"type":"Feature","geometry":{"type":"Polygon"}}`, `3`),
		"{\"type\":\"FeatureCollection\",\"kind\":\"power\",\"zones\":[{\"id\":\"z\",\"name\":\"Z\",\"attrs\":{\"a\":1}}],\"classes\":[{\"name\":\"residential\",\"rank\":1,\"voll\":\"1e3\"}],\"features\":[" + pt(cons+`,"zone":"z"`) + "]}",
		"\uFEFF{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[1,2,3]]}}]} x",
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1e400,-0]},"properties":{"id":"a\u0000b","role":"junction"}}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := geojson.Read(bytes.NewReader(data), "fuzz.geojson", network.Power)
		if err != nil {
			if n != nil {
				t.Fatalf("both a network and an error: %v", err)
			}
			probs := network.Problems(err)
			if len(probs) == 0 {
				t.Fatalf("error without a FieldError: %v", err)
			}
			lines := 1 + bytes.Count(data, []byte{'\n'})
			for _, p := range probs {
				if p.Pos.File != "fuzz.geojson" || p.Pos.Line < 1 || p.Pos.Line > lines {
					t.Fatalf("problem without a position in the input: %#v", *p)
				}
			}
			return
		}
		for i := range n.NumNodes() {
			if n.Node(i).Coord == nil {
				return // Write leaves it out
			}
		}
		var out bytes.Buffer
		if err := geojson.Write(&out, n, nil, geojson.Options{RequireCoords: true}); err != nil {
			t.Fatalf("Write: %v", err)
		}
		first := out.String()
		back, err := geojson.Read(&out, "again.geojson", network.Power)
		if err != nil {
			t.Fatalf("Read after Write: %v\n%s", err, first)
		}
		assertSameNetwork(t, n, back)
		out.Reset()
		if err := geojson.Write(&out, back, nil, geojson.Options{}); err != nil {
			t.Fatalf("second Write: %v", err)
		}
		if out.String() != first {
			t.Fatalf("Write is not stable:\n%s\n%s", first, out.String())
		}
	})
}
