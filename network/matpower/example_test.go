package matpower_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/lifeline-sim/lifeline/network/matpower"
)

// The DC power flow of the WSCC 9-bus case, as MATPOWER's rundcpf solves it.
func ExampleCase_DCPowerFlow() {
	c, err := matpower.ReadFile("testdata/case9.m")
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.DCPowerFlow()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d buses, slack generation %.1f MW\n", c.Name, len(res.Buses), res.SlackGenMW)
	for _, b := range res.Branches {
		fmt.Printf("br%d %d-%d %8.3f MW %5.1f%%\n", b.Row, b.From, b.To, b.FlowMW, 100*b.Loading)
	}
	// Output:
	// case9: 9 buses, slack generation 67.0 MW
	// br1 1-4   67.000 MW  26.8%
	// br2 4-5   28.967 MW  11.6%
	// br3 5-6  -61.033 MW  40.7%
	// br4 3-6   85.000 MW  28.3%
	// br5 6-7   23.967 MW  16.0%
	// br6 7-8  -76.033 MW  30.4%
	// br7 8-2 -163.000 MW  65.2%
	// br8 8-9   86.967 MW  34.8%
	// br9 9-4  -38.033 MW  15.2%
}

// A case becomes a power network in kW: a junction per bus, a consumer per
// load, a source per generator and a link per branch.
func ExampleCase_Network() {
	c, err := matpower.ReadFile("testdata/case14.m")
	if err != nil {
		log.Fatal(err)
	}
	n, err := c.Network()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d nodes, %d links, %d consumers, demand %g kW\n", n.NumNodes(), n.NumLinks(), len(n.Consumers()), n.TotalDemand())
	i, _ := n.NodeIndex("gen2")
	fmt.Printf("%s: %s of %g kW on %s\n", n.NodeID(i), n.Role(i), n.Capacity(i), n.Node(i).Attrs["bus"])
	// Output:
	// 30 nodes, 36 links, 11 consumers, demand 259000 kW
	// gen2: source of 140000 kW on 2
}

// Screening a contingency: with branch 8-9 out, case9 becomes radial.
func ExampleCase_Overloads() {
	c, err := matpower.ReadFile("testdata/case9.m")
	if err != nil {
		log.Fatal(err)
	}
	over, err := c.Overloads([]int{8})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(over), "overloads")
	c.Branches[2].RateA = 100 // derate 5-6
	over, _ = c.Overloads([]int{8})
	for _, b := range over {
		fmt.Printf("br%d %d-%d %.0f MW, %.0f%% of %g MVA\n", b.Row, b.From, b.To, b.FlowMW, 100*b.Loading, b.RateA)
	}
	// Output:
	// 0 overloads
	// br3 5-6 -148 MW, 148% of 100 MVA
}

// Every problem names the file, the line, the element and the column.
func ExampleRead_errors() {
	src := `function mpc = bad
mpc.baseMVA = 100;
mpc.bus = [
	1	3	0	0	0	0	1	1	0	345	1	1.1	0.9;
	2	1	9O	0	0	0	1	1	0	345	1	1.1	0.9;
	3	1	0	0	0	0	1	1	0	345	1;
];
mpc.gen = [
	1	0	0	300	-300	1	100	1	250	10;
];
mpc.branch = [
	1	2	0	0.1	0	0	0	0	0	0	1	-360	360;
	2	7	0	0.1	0	0	0	0	0	0	1	-360	360;
];
`
	_, err := matpower.Read(strings.NewReader(src), "bad.m")
	fmt.Println(err)
	// Output:
	// bad.m:5: bus "2": Pd: not a number "9O"
	// bad.m:6: bus "3": row has 11 columns, want at least 13 (bus_i type Pd Qd Gs Bs area Vm Va baseKV zone Vmax Vmin)
	// bad.m:13: branch "2": tbus: unknown bus 7
}
