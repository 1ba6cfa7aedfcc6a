package scenfile_test

import (
	"context"
	"fmt"
	"strings"
	"time"

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

// A SCADA export of a station's load, hour-ending timestamps in UTC, read
// and placed against a scenario starting at midnight +08:00.
func ExampleReadTable() {
	const csv = `time,sub_north_kw
2022-02-06T17:00:00Z,3100
2022-02-06T18:00:00Z,2950
2022-02-06T19:00:00Z,2800
`
	t, err := scenfile.ReadTable(strings.NewReader(csv), "scada.csv", scenfile.TableOptions{Ending: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	vals, _ := t.Values("sub_north_kw")
	start, _ := time.Parse(time.RFC3339, "2022-02-07T00:00:00+08:00")
	fmt.Printf("%d rows of %g h from %g h: %v\n", t.Rows(), t.StepHours(), t.HoursFrom(start), vals)

	_, err = scenfile.ReadTable(strings.NewReader("time,kw\n2022-02-07T00:00:00Z,1\n2022-02-07T01:00:00Z,1\n2022-02-07T04:00:00Z,1\n2022-02-07T05:00:00Z,1\n"), "ami.csv", scenfile.TableOptions{})
	fmt.Println(err)
	// Output:
	// 3 rows of 1 h from 0 h: [3100 2950 2800]
	// ami.csv:4: time: gap: 2 steps of 1h0m0s missing after 2022-02-07T01:00:00Z (line 3)
}
