package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

const solveExample = `  lifeline solve testdata/city/network.yaml
  lifeline solve -dimacs instance.max   (a DIMACS max-flow instance: prints the flow value first)
  lifeline solve -json -out st2,l7 testdata/city/network.yaml
  lifeline solve -kind heat path/to/folder-with-nodes.csv-and-links.csv`

func runSolve(args []string, stdout, stderr io.Writer) error {
	if solveWantsDimacs(args) {
		return runSolveDimacs(args, stdout, stderr)
	}
	fs := newFlags("solve", "PATH",
		"Allocates supply on one network in one state and reports coverage by class,\n"+
			"zone and consumer, and the bottleneck assets of the cut that limits supply.\n"+
			"PATH is a network document (.json, .yaml) or a folder with nodes.csv and links.csv.",
		solveExample, stderr)
	nf := addNetFlags(fs, "comma-separated IDs of nodes or links to take out of service")
	asJSON := fs.Bool("json", false, "print one JSON object instead of tables")
	if err := parse(fs, args); err != nil {
		return err
	}
	net, st, policy, err := nf.load(fs)
	if err != nil {
		return err
	}
	res, err := supply.Solve(net, st, supply.Options{Policy: policy})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeSolveJSON(stdout, net, policy, res)
	}
	return writeSolveText(stdout, net, policy, res)
}

// coverageJSON is one group's coverage in solve's JSON output.
type coverageJSON struct {
	Served    float64 `json:"served"`
	Demand    float64 `json:"demand"`
	Coverage  float64 `json:"coverage"`
	ECS       float64 `json:"ecs"`
	Consumers int     `json:"consumers"`
	Customers int     `json:"customers"`
}

func toJSON(c supply.Coverage) coverageJSON {
	return coverageJSON{Served: c.Served, Demand: c.Demand, Coverage: c.PCS(), ECS: c.ECS(), Consumers: c.Consumers, Customers: c.Customers}
}

// consumerJSON is one consumer in solve's JSON output.
type consumerJSON struct {
	Served   float64 `json:"served"`
	Demand   float64 `json:"demand"`
	Coverage float64 `json:"coverage"`
}

// solveJSON is the JSON object solve prints. Maps are written with sorted
// keys, so the output is deterministic.
type solveJSON struct {
	Network     string                  `json:"network"`
	Kind        string                  `json:"kind"`
	Unit        string                  `json:"unit"`
	Policy      string                  `json:"policy"`
	Served      float64                 `json:"served"`
	Demand      float64                 `json:"demand"`
	Coverage    float64                 `json:"coverage"`
	ECS         float64                 `json:"ecs"`
	ByClass     map[string]coverageJSON `json:"by_class"`
	ByZone      map[string]coverageJSON `json:"by_zone"`
	NoZone      *coverageJSON           `json:"no_zone,omitempty"`
	Consumers   map[string]consumerJSON `json:"consumers"`
	Bottlenecks []string                `json:"bottlenecks"`
	Unreached   []string                `json:"unreached"`
}

func writeSolveJSON(w io.Writer, net *network.Network, policy supply.Policy, res *supply.Result) error {
	out := solveJSON{
		Network: net.Name(), Kind: string(net.Kind()), Unit: net.Kind().Unit(), Policy: policy.String(),
		Served: res.Total.Served, Demand: res.Total.Demand, Coverage: res.Total.PCS(), ECS: res.Total.ECS(),
		ByClass:     map[string]coverageJSON{},
		ByZone:      map[string]coverageJSON{},
		Consumers:   map[string]consumerJSON{},
		Bottlenecks: res.BottleneckIDs(),
		Unreached:   net.Unreached(),
	}
	for i, c := range res.ByClass {
		out.ByClass[net.Class(i).Name] = toJSON(c)
	}
	for i, c := range res.ByZone {
		out.ByZone[net.ZoneID(i)] = toJSON(c)
	}
	if res.NoZone.Consumers > 0 && net.NumZones() > 0 {
		nz := toJSON(res.NoZone)
		out.NoZone = &nz
	}
	for _, v := range net.Consumers() {
		i := int(v)
		out.Consumers[net.NodeID(i)] = consumerJSON{Served: res.Served[i], Demand: res.Demand[i], Coverage: ratio(res.Served[i], res.Demand[i])}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func ratio(served, demand float64) float64 {
	if demand <= 0 {
		return 1
	}
	return min(served/demand, 1)
}

func writeSolveText(w io.Writer, net *network.Network, policy supply.Policy, res *supply.Result) error {
	unit := net.Kind().Unit()
	name := net.Name()
	if name == "" {
		name = "(unnamed)"
	}
	fmt.Fprintf(w, "Network %s: %s, %d nodes, %d links, %d consumers; policy %s\n",
		name, net.Kind(), net.NumNodes(), net.NumLinks(), len(net.Consumers()), policy)
	fmt.Fprintf(w, "Served %.6g of %.6g %s: coverage %.2f%% by volume, %.2f%% mean per consumer\n\n",
		res.Total.Served, res.Total.Demand, unit, 100*res.Total.PCS(), 100*res.Total.ECS())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "class\trank\tconsumers\tcustomers\tdemand (%s)\tserved (%s)\tcoverage\tmean coverage\t\n", unit, unit)
	for i, c := range res.ByClass {
		if c.Consumers == 0 {
			continue
		}
		cl := net.Class(i)
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.6g\t%.6g\t%.2f%%\t%.2f%%\t\n", cl.Name, cl.Rank, c.Consumers, c.Customers, c.Demand, c.Served, 100*c.PCS(), 100*c.ECS())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if net.NumZones() > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "zone\tconsumers\tcustomers\tdemand (%s)\tserved (%s)\tcoverage\t\n", unit, unit)
		for i, c := range res.ByZone {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.6g\t%.6g\t%.2f%%\t\n", net.ZoneID(i), c.Consumers, c.Customers, c.Demand, c.Served, 100*c.PCS())
		}
		if c := res.NoZone; c.Consumers > 0 {
			fmt.Fprintf(tw, "(no zone)\t%d\t%d\t%.6g\t%.6g\t%.2f%%\t\n", c.Consumers, c.Customers, c.Demand, c.Served, 100*c.PCS())
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	if len(res.Bottlenecks) == 0 {
		fmt.Fprintln(w, "Bottlenecks: none (every consumer in service is fully served)")
	} else {
		fmt.Fprintf(w, "Bottlenecks (saturated assets of the minimum cut): %s\n", strings.Join(res.BottleneckIDs(), ", "))
	}
	if u := net.Unreached(); len(u) > 0 {
		fmt.Fprintf(w, "Unreachable from any source: %s\n", strings.Join(u, ", "))
	}
	return nil
}
