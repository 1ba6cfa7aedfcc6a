package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/lifeline-sim/lifeline/network/matpower"
)

const powerflowExample = `  lifeline powerflow network/matpower/testdata/case9.m
  lifeline powerflow -json network/matpower/testdata/case9.m
  lifeline powerflow -out br8 network/matpower/testdata/case9.m`

// runPowerflow implements "lifeline powerflow": the DC power flow of a
// MATPOWER case, with bus angles, branch flows and the slack generation.
func runPowerflow(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("powerflow", "CASE.m",
		"Solves the DC power flow of a MATPOWER case (format version 2) as MATPOWER's\n"+
			"rundcpf does, and prints the bus voltage angles (degrees), the real power on\n"+
			"each branch (MW, from → to as listed in the file, with its loading against\n"+
			"rateA) and the output of the slack generator.",
		powerflowExample, stderr)
	asJSON := fs.Bool("json", false, "print one JSON object instead of tables")
	outs := fs.String("out", "", "comma-separated branches to take out of service, by row (3 or br3)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return badInput(fmt.Errorf("want exactly one CASE.m, got %d arguments", fs.NArg()))
	}
	c, err := matpower.ReadFile(fs.Arg(0))
	if err != nil {
		return badInput(err)
	}
	out, err := parseBranchRows(*outs, len(c.Branches))
	if err != nil {
		return badInput(fmt.Errorf("-out: %w", err))
	}
	if len(out) > 0 {
		c.Branches = slices.Clone(c.Branches)
		for _, k := range out {
			c.Branches[k-1].Status = 0
		}
	}
	res, err := c.DCPowerFlow()
	if err != nil {
		return badInput(fmt.Errorf("%s: %w", fs.Arg(0), err))
	}
	if *asJSON {
		return writePowerflowJSON(stdout, c, out, res)
	}
	return writePowerflowText(stdout, c, out, res)
}

// parseBranchRows reads "3,br5" as the rows 3 and 5, each in [1, n].
func parseBranchRows(s string, n int) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var rows []int
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(f)
		k, err := strconv.Atoi(strings.TrimPrefix(f, "br"))
		if err != nil {
			return nil, fmt.Errorf("%q is not a branch row (want a number or br<number>)", f)
		}
		if k < 1 || k > n {
			return nil, fmt.Errorf("branch row %d out of range [1, %d]", k, n)
		}
		if !slices.Contains(rows, k) {
			rows = append(rows, k)
		}
	}
	slices.Sort(rows)
	return rows, nil
}

// pfBusJSON is one bus in powerflow's JSON output.
type pfBusJSON struct {
	ID       int     `json:"id"`
	AngleDeg float64 `json:"angle_deg"`
	Islanded bool    `json:"islanded,omitempty"`
}

// pfBranchJSON is one branch in powerflow's JSON output.
type pfBranchJSON struct {
	Row       int     `json:"row"`
	From      int     `json:"from"`
	To        int     `json:"to"`
	FlowMW    float64 `json:"flow_mw"`
	RateAMVA  float64 `json:"rate_a_mva"`
	Loading   float64 `json:"loading"`
	InService bool    `json:"in_service"`
}

// pfSlackJSON is the slack generator of one island.
type pfSlackJSON struct {
	Bus  int     `json:"bus"`
	Gen  int     `json:"gen"`
	PgMW float64 `json:"pg_mw"`
}

// powerflowJSON is the JSON object powerflow prints.
type powerflowJSON struct {
	Case       string         `json:"case"`
	BaseMVA    float64        `json:"base_mva"`
	Out        []int          `json:"out"`
	Buses      []pfBusJSON    `json:"buses"`
	Branches   []pfBranchJSON `json:"branches"`
	Slacks     []pfSlackJSON  `json:"slacks"`
	SlackGenMW float64        `json:"slack_gen_mw"`
	Overloaded []int          `json:"overloaded"`
}

func writePowerflowJSON(w io.Writer, c *matpower.Case, out []int, res *matpower.DCResult) error {
	v := powerflowJSON{
		Case: c.Name, BaseMVA: c.BaseMVA, Out: out, SlackGenMW: res.SlackGenMW,
		Buses:      make([]pfBusJSON, len(res.Buses)),
		Branches:   make([]pfBranchJSON, len(res.Branches)),
		Slacks:     make([]pfSlackJSON, len(res.Slacks)),
		Overloaded: []int{},
	}
	if v.Out == nil {
		v.Out = []int{}
	}
	for i, b := range res.Buses {
		v.Buses[i] = pfBusJSON{ID: b.ID, AngleDeg: b.AngleDeg, Islanded: b.Islanded}
	}
	for i, b := range res.Branches {
		v.Branches[i] = pfBranchJSON{Row: b.Row, From: b.From, To: b.To, FlowMW: b.FlowMW, RateAMVA: b.RateA, Loading: b.Loading, InService: b.InService}
	}
	for i, s := range res.Slacks {
		v.Slacks[i] = pfSlackJSON{Bus: s.Bus, Gen: s.Gen, PgMW: s.PgMW}
	}
	for _, b := range res.Overloaded() {
		v.Overloaded = append(v.Overloaded, b.Row)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func writePowerflowText(w io.Writer, c *matpower.Case, out []int, res *matpower.DCResult) error {
	name := c.Name
	if name == "" {
		name = "(unnamed)"
	}
	fmt.Fprintf(w, "Case %s: %d buses, %d generators, %d branches, base %g MVA; DC power flow\n",
		name, len(c.Buses), len(c.Gens), len(c.Branches), c.BaseMVA)
	for _, s := range res.Slacks {
		fmt.Fprintf(w, "Slack generation %.4f MW (gen %d at bus %d)\n", s.PgMW, s.Gen, s.Bus)
	}
	if len(out) > 0 {
		ids := make([]string, len(out))
		for i, k := range out {
			ids[i] = "br" + strconv.Itoa(k)
		}
		fmt.Fprintf(w, "Out of service by request: %s\n", strings.Join(ids, ", "))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "bus\tangle (deg)\t\n")
	for _, b := range res.Buses {
		note := ""
		if b.Islanded {
			note = " (islanded)"
		}
		fmt.Fprintf(tw, "%d\t%.4f%s\t\n", b.ID, b.AngleDeg, note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "branch\tfrom\tto\tflow (MW)\trateA (MVA)\tloading\t\n")
	for _, b := range res.Branches {
		switch {
		case !b.InService:
			fmt.Fprintf(tw, "br%d\t%d\t%d\tout\t%s\t-\t\n", b.Row, b.From, b.To, pfRating(b.RateA))
		case b.RateA > 0:
			fmt.Fprintf(tw, "br%d\t%d\t%d\t%.4f\t%s\t%.2f%%\t\n", b.Row, b.From, b.To, b.FlowMW, pfRating(b.RateA), 100*b.Loading)
		default:
			fmt.Fprintf(tw, "br%d\t%d\t%d\t%.4f\t%s\t-\t\n", b.Row, b.From, b.To, b.FlowMW, pfRating(b.RateA))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	over := res.Overloaded()
	if len(over) == 0 {
		fmt.Fprintln(w, "Overloaded branches: none")
		return nil
	}
	ids := make([]string, len(over))
	for i, b := range over {
		ids[i] = fmt.Sprintf("br%d (%.2f%%)", b.Row, 100*b.Loading)
	}
	fmt.Fprintf(w, "Overloaded branches: %s\n", strings.Join(ids, ", "))
	return nil
}

func pfRating(mva float64) string {
	if mva == 0 {
		return "unlimited"
	}
	return strconv.FormatFloat(mva, 'g', -1, 64)
}
