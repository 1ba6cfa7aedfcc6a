package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/matpower"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/supply"
)

const contingencyExample = `  lifeline contingency testdata/city/network.yaml
  lifeline contingency -top 5 -k 4 testdata/city/network.yaml
  lifeline contingency -json -out tie testdata/city/network.yaml
  lifeline contingency -kind heat path/to/folder-with-nodes.csv-and-links.csv
  lifeline contingency -k 0 network/matpower/testdata/case9.m`

// runContingency implements "lifeline contingency": an N-1 study of every
// source, station, storage and link, and an N-2 study of the pairs of the
// worst single outages. On a MATPOWER case it also checks every state for
// overloaded branches with the DC power flow (see contDC).
func runContingency(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("contingency", "PATH",
		"Takes every source, station, storage and link out of service in turn (N-1), then\n"+
			"every pair of the K worst (N-2), and ranks the outages by the value of lost load\n"+
			"they add (money per hour), then by the unserved demand they add.\n"+
			"PATH is a network document (.json, .yaml), a folder with nodes.csv and links.csv,\n"+
			"an EPANET input file (.inp) or a MATPOWER case (.m).\n"+
			"\n"+
			"On a MATPOWER case every state, the base case included, is also checked for\n"+
			"branches loaded above rateA by the DC power flow (as lifeline powerflow): the\n"+
			"case's loads and the Pg of the generators in service, the slack generator taking\n"+
			"up the difference (so a generator out shifts its output to the slack, whatever\n"+
			"the slack's Pmax). Branches, generators, loads and buses out are out of the DC\n"+
			"flow too. The overloaded branches are listed (column \"overloaded\", JSON\n"+
			"\"overloaded\") but do not change the ranking. A state whose DC flow has no\n"+
			"solution, as when an outage cuts off a generator or a load from the reference\n"+
			"bus or takes out the slack generator, is marked \"no slack\" (other failures of\n"+
			"the DC flow \"unsolved\"; JSON \"overload_note\" says why) and its overloads are\n"+
			"not checked. Other networks are not checked (JSON \"overloaded\": null).",
		contingencyExample, stderr)
	nf := addNetFlags(fs, "comma-separated IDs of nodes or links out of service in the base case")
	asJSON := fs.Bool("json", false, "print the whole report as one JSON object instead of tables")
	worstK := fs.Int("k", 10, "N-2 over all pairs of the `K` worst single outages; 0 for no N-2")
	top := fs.Int("top", 20, "rows in each table of the text output; 0 for all")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *worstK < 0 {
		return badInput(fmt.Errorf("-k %d: want 0 or more", *worstK))
	}
	if *top < 0 {
		return badInput(fmt.Errorf("-top %d: want 0 or more", *top))
	}
	net, st, policy, err := nf.load(fs)
	if err != nil {
		return err
	}
	opt := scenario.ContingencyOptions{Policy: policy, WorstK: *worstK}
	if *worstK == 0 {
		opt.WorstK = -1
	}
	var dc *contDC
	if path := fs.Arg(0); strings.EqualFold(filepath.Ext(path), ".m") {
		if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
			c, err := matpower.ReadFile(path)
			if err != nil {
				return badInput(err)
			}
			dc = newContDC(c, net, st)
			opt.Overloads = dc.overloads
		}
	}
	rep, err := scenario.Contingency(context.Background(), net, st, opt)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeContingencyJSON(stdout, net, policy, rep, dc)
	}
	return writeContingencyText(stdout, net, policy, *worstK, *top, rep, dc)
}

// contDC checks the states of a contingency study of a MATPOWER case for
// overloaded branches: the DC power flow of the case (Case.DCPowerFlow,
// MATPOWER's rundcpf) with the assets out of service in the state taken
// out of the case, mapped back from the IDs Case.Network gives:
//
//   - "br<k>": branch row k out of service;
//   - "gen<k>" or its link "gen<k>-bus<n>": generator row k out of
//     service. The other generators keep the case's Pg and the slack
//     generator (the first one in service at the reference bus) takes up
//     the difference, as in MATPOWER's DC model: nothing redispatches, and
//     the slack's Pmax is not enforced. With the slack generator itself
//     out, the next generator in service at the reference bus becomes the
//     slack; without one, the state has no DC solution;
//   - "load<n>" or its link "load<n>-bus<n>": the load of bus n (Pd,
//     negative for generation netted into load) is cut off: Pd = 0;
//   - "bus<n>": bus n isolated (type 4), with its branches, generators and
//     load.
//
// Loads are the case's Pd, not what the allocation serves: the DC flow is
// that of the case's dispatch and demand with the outages, as a screening
// study computes it. A branch is overloaded when its loading (|flow| /
// rateA) exceeds 1; branches without a rating never are.
//
// A state whose DC flow fails (mostly matpower.ErrNoReference: an outage
// leaves an island with generation or load and no reference bus with a
// generator in service, as when a radial line to a generator is cut) is not
// an error of the study: overloads reports none for it and records why, for
// note to tell. overloads is safe for concurrent use: each call works on
// its own copy of the slices it changes.
type contDC struct {
	c       *matpower.Case
	busIdx  map[int]int // bus number → index in c.Buses
	baseOut []string    // assets out in the base case, as scenario passes them
	notes   sync.Map    // contOutKey(out) → contDCNote
}

// contDCNote tells why the DC flow of a state was not solved.
type contDCNote struct {
	noSlack bool   // the error wraps matpower.ErrNoReference
	reason  string // the error's message
}

func newContDC(c *matpower.Case, net *network.Network, st *supply.State) *contDC {
	d := &contDC{c: c, busIdx: make(map[int]int, len(c.Buses))}
	for i, b := range c.Buses {
		d.busIdx[b.ID] = i
	}
	for v := range net.NumNodes() {
		if st.NodeScale[v] == 0 {
			d.baseOut = append(d.baseOut, net.NodeID(v))
		}
	}
	for l := range net.NumLinks() {
		if st.LinkScale[l] == 0 {
			d.baseOut = append(d.baseOut, net.LinkID(l))
		}
	}
	return d
}

// contOutKey identifies a set of asset IDs whatever their order.
func contOutKey(out []string) string {
	s := slices.Clone(out)
	slices.Sort(s)
	return strings.Join(s, "\n")
}

// contRow parses the number after prefix in s, as the IDs of Case.Network
// write it.
func contRow(s, prefix string) (int, bool) {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	if err != nil || strconv.Itoa(n) != rest {
		return 0, false
	}
	return n, true
}

// outage returns a copy of the case with the assets out taken out of
// service. Slices are copied only when changed; IDs that name nothing of
// the case are ignored.
func (d *contDC) outage(out []string) *matpower.Case {
	c := *d.c
	var gens, branches, buses bool // copied already
	for _, id := range out {
		head, _, _ := strings.Cut(id, "-") // "gen<k>" of "gen<k>-bus<n>"
		if k, ok := contRow(id, "br"); ok && k >= 1 && k <= len(c.Branches) {
			if !branches {
				c.Branches, branches = slices.Clone(c.Branches), true
			}
			c.Branches[k-1].Status = 0
		} else if k, ok := contRow(head, "gen"); ok && k >= 1 && k <= len(c.Gens) {
			if !gens {
				c.Gens, gens = slices.Clone(c.Gens), true
			}
			c.Gens[k-1].Status = 0
		} else if n, ok := contRow(head, "load"); ok {
			if i, ok := d.busIdx[n]; ok {
				if !buses {
					c.Buses, buses = slices.Clone(c.Buses), true
				}
				c.Buses[i].Pd = 0
			}
		} else if n, ok := contRow(id, "bus"); ok {
			if i, ok := d.busIdx[n]; ok {
				if !buses {
					c.Buses, buses = slices.Clone(c.Buses), true
				}
				c.Buses[i].Type = 4
			}
		}
	}
	return &c
}

// overloads is the scenario.ContingencyOptions.Overloads of the case: the
// IDs "br<k>" of the branches loaded above rateA with the assets out of
// service, in row order.
func (d *contDC) overloads(out []string) ([]string, error) {
	res, err := d.outage(out).DCPowerFlow()
	if err != nil {
		d.notes.Store(contOutKey(out), contDCNote{
			noSlack: errors.Is(err, matpower.ErrNoReference),
			reason:  strings.TrimPrefix(err.Error(), "matpower: "),
		})
		return nil, nil
	}
	var ids []string
	for _, b := range res.Overloaded() {
		ids = append(ids, "br"+strconv.Itoa(b.Row))
	}
	return ids, nil
}

// note returns why the DC flow of case c was not solved, if it was not.
func (d *contDC) note(c scenario.ContingencyCase) (contDCNote, bool) {
	if d == nil {
		return contDCNote{}, false
	}
	v, ok := d.notes.Load(contOutKey(append(slices.Clone(d.baseOut), c.Assets...)))
	if !ok {
		return contDCNote{}, false
	}
	return v.(contDCNote), true
}

// overloadCell is the overloaded column of case c in the text output.
func (d *contDC) overloadCell(c scenario.ContingencyCase) string {
	if n, ok := d.note(c); ok {
		if n.noSlack {
			return "no slack"
		}
		return "unsolved"
	}
	if len(c.Overloaded) == 0 {
		return "-"
	}
	return strings.Join(c.Overloaded, ",")
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
	// Overloaded lists the branches above rateA in the DC power flow of a
	// MATPOWER case; null when the network is no MATPOWER case.
	Overloaded []string `json:"overloaded"`
	// OverloadNote says why the DC flow of this state was not solved (and
	// Overloaded is empty), as "island without a reference bus: buses 3".
	OverloadNote string `json:"overload_note,omitempty"`
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

func contToJSON(c scenario.ContingencyCase, dc *contDC) contCaseJSON {
	nonNil := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	out := contCaseJSON{
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
	if dc != nil {
		out.Overloaded = nonNil(c.Overloaded)
		if n, ok := dc.note(c); ok {
			out.OverloadNote = n.reason
		}
	}
	return out
}

func writeContingencyJSON(w io.Writer, net *network.Network, policy supply.Policy, rep *scenario.ContingencyReport, dc *contDC) error {
	out := contReportJSON{
		Network: rep.Network, Kind: string(net.Kind()), Unit: net.Kind().Unit(), Policy: policy.String(),
		Base: contToJSON(rep.Base, dc),
		N1:   make([]contCaseJSON, 0, len(rep.N1)),
		N2:   make([]contCaseJSON, 0, len(rep.N2)),
	}
	for _, c := range rep.N1 {
		out.N1 = append(out.N1, contToJSON(c, dc))
	}
	for _, c := range rep.N2 {
		out.N2 = append(out.N2, contToJSON(c, dc))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeContingencyText(w io.Writer, net *network.Network, policy supply.Policy, k, top int, rep *scenario.ContingencyReport, dc *contDC) error {
	unit := net.Kind().Unit()
	name := rep.Network
	if name == "" {
		name = "(unnamed)"
	}
	fmt.Fprintf(w, "Network %s: %s, %d nodes, %d links, %d consumers; policy %s\n",
		name, net.Kind(), net.NumNodes(), net.NumLinks(), len(net.Consumers()), policy)
	b := rep.Base
	over := ""
	if dc != nil {
		switch cell := dc.overloadCell(b); cell {
		case "-":
			over = ", overloaded none"
		case "no slack", "unsolved":
			over = ", overloads not checked (" + cell + ")"
		default:
			over = ", overloaded " + cell
		}
	}
	fmt.Fprintf(w, "Base case: unserved %.6g %s, value of lost load %s per hour, critical coverage %.2f%%%s\n",
		contRound(b.Unserved), unit, b.ValueLost.StringFixed(2), 100*b.CriticalCoverage, over)
	fmt.Fprintln(w, "Ranked by added value of lost load (money per hour), then added unserved demand.")
	if dc != nil {
		fmt.Fprintln(w, "Overloaded: branches above rateA in the DC power flow; they do not change the ranking.")
	}
	if err := writeContingencyTable(w, fmt.Sprintf("N-1: %d single outages", len(rep.N1)), unit, top, rep.N1, dc); err != nil {
		return err
	}
	if k != 0 {
		if err := writeContingencyTable(w, fmt.Sprintf("N-2: %d pairs of the %d worst single outages", len(rep.N2), min(k, len(rep.N1))), unit, top, rep.N2, dc); err != nil {
			return err
		}
	}
	if dc == nil {
		return nil
	}
	// Notes for the marks of the overloaded column, if any was printed.
	var noSlack, unsolved bool
	for _, cs := range [][]scenario.ContingencyCase{{b}, contShown(rep.N1, top), contShown(rep.N2, top)} {
		for _, c := range cs {
			switch dc.overloadCell(c) {
			case "no slack":
				noSlack = true
			case "unsolved":
				unsolved = true
			}
		}
	}
	if noSlack || unsolved {
		fmt.Fprintln(w)
	}
	if noSlack {
		fmt.Fprintln(w, "no slack: the DC flow has no solution, as an island (a part cut off, or the whole grid\n"+
			"  without its slack generator) has no reference bus with a generator in service;\n"+
			"  overloads are not checked (-json gives the reason)")
	}
	if unsolved {
		fmt.Fprintln(w, "unsolved: the DC flow failed; overloads are not checked (-json gives the reason)")
	}
	return nil
}

// contShown returns the cases a table of at most top rows (0 for all) shows.
func contShown(cases []scenario.ContingencyCase, top int) []scenario.ContingencyCase {
	if top > 0 && top < len(cases) {
		return cases[:top]
	}
	return cases
}

func writeContingencyTable(w io.Writer, title, unit string, top int, cases []scenario.ContingencyCase, dc *contDC) error {
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
	overHead := ""
	if dc != nil {
		overHead = "overloaded\t"
	}
	fmt.Fprintf(tw, "rank\tout\tadded unserved (%s)\tunserved (%s)\tadded value lost (/h)\tvalue lost (/h)\tcritical coverage\tconsumers affected\tcustomers affected\t%s  bottlenecks\n", unit, unit, overHead)
	for i, c := range cases[:shown] {
		bn := strings.Join(c.Bottlenecks, ",")
		if bn == "" {
			bn = "-"
		}
		over := ""
		if dc != nil {
			over = dc.overloadCell(c) + "\t"
		}
		fmt.Fprintf(tw, "%d\t%s\t%.6g\t%.6g\t%s\t%s\t%.2f%%\t%d\t%d\t%s  %s\n",
			i+1, strings.Join(c.Assets, "+"), contRound(c.AddedUnserved), contRound(c.Unserved),
			c.AddedValueLost.StringFixed(2), c.ValueLost.StringFixed(2),
			100*c.CriticalCoverage, c.ConsumersAffected, c.CustomersAffected, over, bn)
	}
	return tw.Flush()
}

// contRound rounds a flow to 3 decimal places for display, so that rounding
// noise shows as 0 (never as -0).
func contRound(x float64) float64 { return math.Round(x*1000)/1000 + 0 }
