package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/supply"
)

const contingencyExample = `  lifeline contingency testdata/city/network.yaml
  lifeline contingency -top 5 -k 4 testdata/city/network.yaml
  lifeline contingency -json -out tie testdata/city/network.yaml
  lifeline contingency -kind heat path/to/folder-with-nodes.csv-and-links.csv`

// runContingency implements "lifeline contingency": an N-1 study of every
// source, station, storage and link, and an N-2 study of the pairs of the
// worst single outages.
func runContingency(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("contingency", "PATH",
		"Takes every source, station, storage and link out of service in turn (N-1), then\n"+
			"every pair of the K worst (N-2), and ranks the outages by the value of lost load\n"+
			"they add (money per hour), then by the unserved demand they add.\n"+
			"PATH is a network document (.json, .yaml) or a folder with nodes.csv and links.csv.",
		contingencyExample, stderr)
	kindName := fs.String("kind", "power", "utility kind of a CSV folder: power, heat, water or gas")
	asJSON := fs.Bool("json", false, "print the whole report as one JSON object instead of tables")
	policyName := fs.String("policy", "priority-fair", "rationing policy: priority-fair or proportional")
	worstK := fs.Int("k", 10, "N-2 over all pairs of the `K` worst single outages; 0 for no N-2")
	top := fs.Int("top", 20, "rows in each table of the text output; 0 for all")
	outs := fs.String("out", "", "comma-separated IDs of nodes or links out of service in the base case")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return badInput(fmt.Errorf("want exactly one PATH, got %d arguments", fs.NArg()))
	}
	if *worstK < 0 {
		return badInput(fmt.Errorf("-k %d: want 0 or more", *worstK))
	}
	if *top < 0 {
		return badInput(fmt.Errorf("-top %d: want 0 or more", *top))
	}
	kind, err := network.ParseKind(*kindName)
	if err != nil {
		return badInput(err)
	}
	policy, err := supply.ParsePolicy(*policyName)
	if err != nil {
		return badInput(err)
	}
	kindSet := false
	fs.Visit(func(f *flag.Flag) { kindSet = kindSet || f.Name == "kind" })
	net, err := loadNetwork(fs.Arg(0), kind, kindSet)
	if err != nil {
		return err
	}
	st := supply.NewState(net)
	if *outs != "" {
		for id := range strings.SplitSeq(*outs, ",") {
			if err := st.SetOut(strings.TrimSpace(id), true); err != nil {
				return badInput(fmt.Errorf("-out: %w", err))
			}
		}
	}
	opt := scenario.ContingencyOptions{Policy: policy, WorstK: *worstK}
	if *worstK == 0 {
		opt.WorstK = -1
	}
	rep, err := scenario.Contingency(context.Background(), net, st, opt)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeContingencyJSON(stdout, net, policy, rep)
	}
	return writeContingencyText(stdout, net, policy, *worstK, *top, rep)
}

// contCaseJSON is one case in contingency's JSON output. Money is a decimal
// string, money per hour.
type contCaseJSON struct {
	Assets            []string `json:"assets"`
	Unserved          float64  `json:"unserved"`
	AddedUnserved     float64  `json:"added_unserved"`
	ValueLost         string   `json:"value_lost"`
	AddedValueLost    string   `json:"added_value_lost"`
	CriticalCoverage  float64  `json:"critical_coverage"`
	ConsumersAffected int      `json:"consumers_affected"`
	CustomersAffected int      `json:"customers_affected"`
	Bottlenecks       []string `json:"bottlenecks"`
}

// contReportJSON is the JSON object contingency prints.
type contReportJSON struct {
	Network string         `json:"network"`
	Kind    string         `json:"kind"`
	Unit    string         `json:"unit"`
	Policy  string         `json:"policy"`
	Base    contCaseJSON   `json:"base"`
	N1      []contCaseJSON `json:"n1"`
	N2      []contCaseJSON `json:"n2"`
}

func contToJSON(c scenario.ContingencyCase) contCaseJSON {
	nonNil := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	return contCaseJSON{
		Assets:            nonNil(c.Assets),
		Unserved:          c.Unserved,
		AddedUnserved:     c.AddedUnserved,
		ValueLost:         c.ValueLost.String(),
		AddedValueLost:    c.AddedValueLost.String(),
		CriticalCoverage:  c.CriticalCoverage,
		ConsumersAffected: c.ConsumersAffected,
		CustomersAffected: c.CustomersAffected,
		Bottlenecks:       nonNil(c.Bottlenecks),
	}
}

func writeContingencyJSON(w io.Writer, net *network.Network, policy supply.Policy, rep *scenario.ContingencyReport) error {
	out := contReportJSON{
		Network: rep.Network, Kind: string(net.Kind()), Unit: net.Kind().Unit(), Policy: policy.String(),
		Base: contToJSON(rep.Base),
		N1:   make([]contCaseJSON, 0, len(rep.N1)),
		N2:   make([]contCaseJSON, 0, len(rep.N2)),
	}
	for _, c := range rep.N1 {
		out.N1 = append(out.N1, contToJSON(c))
	}
	for _, c := range rep.N2 {
		out.N2 = append(out.N2, contToJSON(c))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeContingencyText(w io.Writer, net *network.Network, policy supply.Policy, k, top int, rep *scenario.ContingencyReport) error {
	unit := net.Kind().Unit()
	name := rep.Network
	if name == "" {
		name = "(unnamed)"
	}
	fmt.Fprintf(w, "Network %s: %s, %d nodes, %d links, %d consumers; policy %s\n",
		name, net.Kind(), net.NumNodes(), net.NumLinks(), len(net.Consumers()), policy)
	b := rep.Base
	fmt.Fprintf(w, "Base case: unserved %.6g %s, value of lost load %s per hour, critical coverage %.2f%%\n",
		contRound(b.Unserved), unit, b.ValueLost.StringFixed(2), 100*b.CriticalCoverage)
	fmt.Fprintln(w, "Ranked by added value of lost load (money per hour), then added unserved demand.")
	if err := writeContingencyTable(w, fmt.Sprintf("N-1: %d single outages", len(rep.N1)), unit, top, rep.N1); err != nil {
		return err
	}
	if k == 0 {
		return nil
	}
	return writeContingencyTable(w, fmt.Sprintf("N-2: %d pairs of the %d worst single outages", len(rep.N2), min(k, len(rep.N1))), unit, top, rep.N2)
}

func writeContingencyTable(w io.Writer, title, unit string, top int, cases []scenario.ContingencyCase) error {
	fmt.Fprintln(w)
	shown := len(cases)
	if top > 0 && top < shown {
		shown = top
		title += fmt.Sprintf(", worst %d shown", top)
	}
	fmt.Fprintln(w, title)
	if len(cases) == 0 {
		fmt.Fprintln(w, "  (none)")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "rank\tout\tadded unserved (%s)\tunserved (%s)\tadded value lost (/h)\tvalue lost (/h)\tcritical coverage\tconsumers affected\tcustomers affected\t  bottlenecks\n", unit, unit)
	for i, c := range cases[:shown] {
		bn := strings.Join(c.Bottlenecks, ",")
		if bn == "" {
			bn = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%.6g\t%.6g\t%s\t%s\t%.2f%%\t%d\t%d\t  %s\n",
			i+1, strings.Join(c.Assets, "+"), contRound(c.AddedUnserved), contRound(c.Unserved),
			c.AddedValueLost.StringFixed(2), c.ValueLost.StringFixed(2),
			100*c.CriticalCoverage, c.ConsumersAffected, c.CustomersAffected, bn)
	}
	return tw.Flush()
}

// contRound rounds a flow to 3 decimal places for display, so that rounding
// noise shows as 0 (never as -0).
func contRound(x float64) float64 { return math.Round(x*1000)/1000 + 0 }
