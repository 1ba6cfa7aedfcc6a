package dimacs_test

import (
	"bytes"
	"os"
	"reflect"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply/dimacs"
)

// FuzzRead checks that Read never panics, that every problem it reports is
// a FieldError naming the file, and that whatever it accepts writes back
// to the same Instance and, if small, solves without error to a flow no
// larger than the capacity leaving the source.
func FuzzRead(f *testing.F) {
	city, err := os.ReadFile("testdata/city.max")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(city)
	f.Add([]byte("p max 2 1\nn 1 s\nn 2 t\na 1 2 1.5e3\n"))
	f.Add([]byte("c factor 1e-3\r\np max 3 2\nn 3 s\nn 1 t\na 3 3 0\na 3 1 -0\n"))
	f.Add([]byte("p max 2 2\nn 1 s\nn 1 t\nn 2 t\na 1 9 1\na 1 2 x\nq\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, src []byte) {
		in, err := dimacs.Read(bytes.NewReader(src), "fuzz.max")
		if err != nil {
			if in != nil {
				t.Fatalf("both an instance and an error: %v", err)
			}
			probs := network.Problems(err)
			if len(probs) == 0 {
				t.Fatalf("error without a FieldError: %v", err)
			}
			for _, p := range probs {
				if p.Pos.File != "fuzz.max" {
					t.Fatalf("problem without the file name: %#v", *p)
				}
			}
			return
		}
		var b bytes.Buffer
		if err := in.Write(&b); err != nil {
			t.Fatalf("Write of an accepted instance: %v", err)
		}
		back, err := dimacs.Read(&b, "back.max")
		if err != nil || !reflect.DeepEqual(back, in) {
			t.Fatalf("round trip: %+v, %v; want %+v", back, err, in)
		}
		if in.N > 1e5 {
			return
		}
		v, err := in.MaxFlow()
		if err != nil {
			t.Fatalf("MaxFlow of an accepted instance: %v", err)
		}
		var out float64
		for _, a := range in.Arcs {
			if a.From == in.S && a.To != in.S {
				out += a.Cap
			}
		}
		if v < 0 || v > out {
			t.Fatalf("max flow %v outside [0, %v]", v, out)
		}
	})
}
