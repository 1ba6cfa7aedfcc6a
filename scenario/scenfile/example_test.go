package scenfile_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/lifeline-sim/lifeline/scenario/scenfile"
)

// A 50 kW load loses its feeder at 2 h; the crew is 1 h away and the
// repair takes 3 h, so the load is out for 4 h.
func ExampleDecode() {
	const doc = `format: lifeline-scenario
version: 1
horizon_hours: 24
networks:
  - id: feeder-net
    inline:
      kind: power
      nodes:
        - {id: grid, role: source, capacity: 100}
        - {id: load, role: consumer, demand: 50, customers: 10}
      links:
        - {id: feeder, from: grid, to: load, oneway: true}
crew:
  teams: [{id: t, size: 2, base: depot}]
outages:
  - {asset: feeder, at: 2, work: 3}
`
	sc, err := scenfile.Decode(strings.NewReader(doc), "tiny.yaml", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := sc.Run(context.Background(), 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	t := res.Networks[0].Total
	fmt.Printf("ENS %.0f kWh, SAIFI %.0f, SAIDI %.0f h\n", t.ENS(), t.SAIFI(), t.SAIDI())
	// Output: ENS 200 kWh, SAIFI 1, SAIDI 4 h
}

// Every problem names the file, the line and the field.
func ExampleDecode_errors() {
	const doc = `format: lifeline-scenario
version: 1
horizon_hour: 24
networks:
  - {id: p, file: nowhere.yaml}
`
	_, err := scenfile.Decode(strings.NewReader(doc), "bad.yaml", "")
	fmt.Println(err)
	// Output:
	// bad.yaml:1: horizon_hours: missing
	// bad.yaml:3: horizon_hour: unknown field (did you mean "horizon_hours"?)
	// bad.yaml:5: networks[0].file: cannot read nowhere.yaml: no such file or directory
}
