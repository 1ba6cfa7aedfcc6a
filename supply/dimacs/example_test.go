package dimacs_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
	"github.com/lifeline-sim/lifeline/supply/dimacs"
)

// Write turns the sample district, with sub-north out of service, into a
// max-flow instance that any DIMACS max-flow code can solve; its value is
// the supply served × dimacs.Factor.
func ExampleWrite() {
	net, err := network.ReadFile("../../testdata/city/network.yaml")
	if err != nil {
		log.Fatal(err)
	}
	st := supply.NewState(net)
	if err := st.SetOut("sub-north", true); err != nil {
		log.Fatal(err)
	}
	var b bytes.Buffer
	if err := dimacs.Write(&b, net, st); err != nil {
		log.Fatal(err)
	}
	for line := range strings.Lines(b.String()) {
		if strings.HasPrefix(line, "p ") || strings.HasPrefix(line, "c factor") {
			fmt.Print(line)
		}
	}
	in, err := dimacs.Read(&b, "city.max")
	if err != nil {
		log.Fatal(err)
	}
	v, err := in.MaxFlow()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("max flow %.0f: %.0f kW served\n", v, v/in.Factor)
	// Output:
	// c factor 1000 (each capacity is round(flow × 1000); flow value / 1000 = supply served in kW)
	// p max 19 28
	// max flow 7700000: 7700 kW served
}
