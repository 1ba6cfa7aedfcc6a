package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/scenfile"
)

const runExample = `  lifeline run testdata/scenarios/district-lockdown.yaml
  lifeline run -json testdata/scenarios/district-lockdown.yaml
  lifeline run -trials 500 -seed 7 testdata/scenarios/district-lockdown.yaml
  lifeline run -trials 500 -seed 7 -shard 2/4 -summary out/ testdata/scenarios/district-lockdown.yaml`

// runRun implements "lifeline run": it plays a scenario file out once, or
// runs a Monte Carlo study of it, and reports coverage, reliability indices,
// crew work and risk.
func runRun(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "SCENARIO.yaml",
		"Plays the scenario file out and reports, per network, coverage, energy or volume\n"+
			"not supplied, reliability indices (SAIFI, SAIDI, CAIDI, ASAI), value lost and time\n"+
			"to restore, by class and zone, and what the crews did. With -trials N > 1 it also\n"+
			"runs a Monte Carlo study: trial i draws from the random stream of (seed, i), and the\n"+
			"risk of the chosen network is summarised over the N trials. The figures before the\n"+
			"risk summary are those of trial 0, the run -trials 1 reports.\n"+
			"The file format is described in docs/scenario-format.md.",
		runExample, stderr)
	trials := fs.Int("trials", 1, "number of Monte Carlo trials `N`; more than 1 adds a risk summary")
	seed := fs.Uint64("seed", 1, "random seed `S`; trial i draws from the stream of (S, i)")
	workers := fs.Int("workers", 0, "`W` goroutines running trials; 0 for one per CPU (never changes a result)")
	asJSON := fs.Bool("json", false, "print one JSON object instead of tables")
	netID := fs.String("network", "", "`ID` of the network that leads the report and whose risk is summarised (default the first)")
	quiet := fs.Bool("q", false, "no progress bar on stderr")
	shard := addShardFlags(fs) // shard.go
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return badInput(fmt.Errorf("want exactly one SCENARIO file, got %d arguments", fs.NArg()))
	}
	if *trials < 1 {
		return badInput(fmt.Errorf("-trials %d: want 1 or more", *trials))
	}
	if *workers < 0 {
		return badInput(fmt.Errorf("-workers %d: want 0 or more", *workers))
	}
	sc, err := scenfile.Load(fs.Arg(0))
	if err != nil {
		return badInput(err)
	}
	plan, err := sc.Compile()
	if err != nil {
		return badInput(fmt.Errorf("%s: %w", fs.Arg(0), err))
	}
	ctx := context.Background()
	if shard.active() {
		if *asJSON {
			return badInput(errors.New("-json: a shard writes its summary, not a report; lifeline merge prints the report of the merged shards"))
		}
		return runShard(ctx, shard, shardRun{path: fs.Arg(0), sc: sc, plan: plan, seed: *seed, trials: *trials,
			workers: *workers, netID: *netID, quiet: *quiet, getenv: os.LookupEnv}, stderr)
	}
	res, err := plan.NewRun(*seed).RunContext(ctx)
	if err != nil {
		return err
	}
	chosen := 0
	if *netID != "" {
		chosen = -1
		var ids []string
		for i, n := range res.Networks {
			ids = append(ids, n.ID)
			if n.ID == *netID {
				chosen = i
			}
		}
		if chosen < 0 {
			return badInput(fmt.Errorf("-network %q: no such network in %s (have %s)", *netID, fs.Arg(0), strings.Join(ids, ", ")))
		}
	}
	rep := &runReport{sc: sc, res: res, chosen: chosen, trials: *trials}
	if *trials > 1 {
		bar := newProgress(stderr, "trials", *quiet)
		rep.sum, err = scenario.Study{Plan: plan, Seed: *seed, Trials: *trials, Workers: *workers,
			Network: res.Networks[chosen].ID, Progress: bar.update}.Run(ctx)
		bar.done()
		if err != nil {
			return err
		}
	}
	return emitRun(stdout, rep, *asJSON) // shard.go: the printing lifeline merge shares
}

// runReport is what "lifeline run" reports: trial 0 and, with several
// trials, the study's summary.
type runReport struct {
	sc     *scenario.Scenario
	res    *scenario.Result
	chosen int
	trials int
	sum    *scenario.Summary // nil for one trial
}

func (r *runReport) net(i int) *network.Network {
	// The result lists the networks in the scenario's order.
	return r.sc.Utilities[i].Net
}

// ---------------------------------------------------------------------------
// JSON.

// runFloat is a float64 that encodes NaN and ±Inf as null, which JSON
// cannot hold as numbers.
type runFloat float64

// MarshalJSON writes x in its shortest exact form, or null.
func (x runFloat) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f+0, 'g', -1, 64), nil
}

// runGroupJSON holds the totals of a network, class or zone over a run.
// Quantities are in the network's quantity unit, times in hours, money a
// decimal string.
type runGroupJSON struct {
	Consumers         int      `json:"consumers"`
	Customers         int      `json:"customers"`
	Demand            runFloat `json:"demand"`
	Served            runFloat `json:"served"`
	ENS               runFloat `json:"ens"`
	IndirectENS       runFloat `json:"indirect_ens"`
	Coverage          runFloat `json:"coverage"`
	ECS               runFloat `json:"ecs"`
	EOH               runFloat `json:"eoh"`
	CustomerHoursLost runFloat `json:"customer_hours_lost"`
	Interruptions     runFloat `json:"interruptions"`
	InterruptionHours runFloat `json:"interruption_hours"`
	SAIFI             runFloat `json:"saifi"`
	SAIDI             runFloat `json:"saidi"`
	CAIDI             runFloat `json:"caidi"`
	ASAI              runFloat `json:"asai"`
	ValueLost         string   `json:"value_lost"`
}

func runGroup(g scenario.Group, horizon float64) runGroupJSON {
	return runGroupJSON{
		Consumers: g.Consumers, Customers: g.Customers,
		Demand: runFloat(g.Demand), Served: runFloat(g.Served), ENS: runFloat(g.ENS()),
		IndirectENS: runFloat(g.IndirectENS),
		Coverage:    runFloat(g.PCS()), ECS: runFloat(g.ECS(horizon)), EOH: runFloat(g.EOH),
		CustomerHoursLost: runFloat(g.CustomerHoursLost),
		Interruptions:     runFloat(g.Interruptions), InterruptionHours: runFloat(g.InterruptionHours),
		SAIFI: runFloat(g.SAIFI()), SAIDI: runFloat(g.SAIDI()), CAIDI: runFloat(g.CAIDI()), ASAI: runFloat(g.ASAI(horizon)),
		ValueLost: g.ValueLost.String(),
	}
}

// runServiceJSON is one service level of a run.
type runServiceJSON struct {
	Level        runFloat `json:"level"`
	Hours        runFloat `json:"hours"`
	LongestBelow runFloat `json:"longest_below"`
}

// runStorageJSON follows one storage through a run.
type runStorageJSON struct {
	ID       string   `json:"id"`
	Start    runFloat `json:"start"`
	Min      runFloat `json:"min"`
	End      runFloat `json:"end"`
	DryAt    runFloat `json:"dry_at"`
	DryHours runFloat `json:"dry_hours"`
}

// runNetSummaryJSON is one network's outcome without its timeline.
type runNetSummaryJSON struct {
	ID           string `json:"id"`
	Kind         string `json:"kind"`
	Unit         string `json:"unit"`
	QuantityUnit string `json:"quantity_unit"`
	Policy       string `json:"policy"`
	runGroupJSON
	MinCriticalCoverage runFloat                `json:"min_critical_coverage"`
	ServiceLevels       []runServiceJSON        `json:"service_levels"`
	LossOfLoadHours     runFloat                `json:"loss_of_load_hours"`
	FirstShortfall      runFloat                `json:"first_shortfall"`
	Restored            bool                    `json:"restored"`
	TimeToRestore       runFloat                `json:"time_to_restore"`
	ColdCustomerHours   runFloat                `json:"cold_customer_hours"`
	PeakColdCustomers   int                     `json:"peak_cold_customers"`
	MinIndoor           *runFloat               `json:"min_indoor,omitempty"`
	Storage             []runStorageJSON        `json:"storage"`
	ByClass             map[string]runGroupJSON `json:"by_class"`
	ByZone              map[string]runGroupJSON `json:"by_zone"`
}

// runTimelineJSON is a network's timeline.
type runTimelineJSON struct {
	Start         []runFloat            `json:"start"`
	Coverage      []runFloat            `json:"coverage"`
	ECS           []runFloat            `json:"ecs"`
	Unserved      []runFloat            `json:"unserved"`
	ClassCoverage map[string][]runFloat `json:"class_coverage"`
	ZoneUnserved  map[string][]runFloat `json:"zone_unserved"`
	ColdCustomers []runFloat            `json:"cold_customers,omitempty"`
	MeanIndoor    []runFloat            `json:"mean_indoor,omitempty"`
}

// runNetJSON is one network's outcome with its timeline.
type runNetJSON struct {
	runNetSummaryJSON
	Timeline runTimelineJSON `json:"timeline"`
}

// runCrewJSON is what the crews did.
type runCrewJSON struct {
	AvailableHours      runFloat   `json:"available_hours"`
	BusyHours           runFloat   `json:"busy_hours"`
	Utilisation         runFloat   `json:"utilisation"`
	Tasks               int        `json:"tasks"`
	Started             int        `json:"started"`
	Completed           int        `json:"completed"`
	WaitHours           runFloat   `json:"wait_hours"`
	MeanWait            runFloat   `json:"mean_wait"`
	MaxWait             runFloat   `json:"max_wait"`
	LongestRepair       runFloat   `json:"longest_repair"`
	UtilisationTimeline []runFloat `json:"utilisation_timeline"`
}

// runStatJSON is the distribution of one metric over the trials.
type runStatJSON struct {
	Unit          string   `json:"unit"`
	HigherIsWorse bool     `json:"higher_is_worse"`
	Mean          runFloat `json:"mean"`
	StdDev        runFloat `json:"stddev"`
	StdErr        runFloat `json:"stderr"`
	CI95Low       runFloat `json:"ci95_low"`
	CI95High      runFloat `json:"ci95_high"`
	Min           runFloat `json:"min"`
	P5            runFloat `json:"p5"`
	P50           runFloat `json:"p50"`
	P95           runFloat `json:"p95"`
	P99           runFloat `json:"p99"`
	Max           runFloat `json:"max"`
	CVaR95        runFloat `json:"cvar95"`
}

// runServiceRiskJSON is the risk of one service level.
type runServiceRiskJSON struct {
	Level  runFloat `json:"level"`
	Hours  runFloat `json:"hours"`
	P      runFloat `json:"p"`
	StdErr runFloat `json:"stderr"`
}

// runRiskJSON summarises a study of the chosen network.
type runRiskJSON struct {
	Trials      int                    `json:"trials"`
	Network     string                 `json:"network"`
	Mean        runFloat               `json:"mean"`
	StdErr      runFloat               `json:"stderr"`
	P95         runFloat               `json:"p95"`
	CVaR95      runFloat               `json:"cvar95"`
	LOLP        runFloat               `json:"lolp"`
	LOLPStdErr  runFloat               `json:"lolp_stderr"`
	LOLE        runFloat               `json:"lole"`
	LOLEStdErr  runFloat               `json:"lole_stderr"`
	EUE         runFloat               `json:"eue"`
	EUEStdErr   runFloat               `json:"eue_stderr"`
	ServiceRisk []runServiceRiskJSON   `json:"service_risk"`
	Metrics     map[string]runStatJSON `json:"metrics"`
}

// runJSON is the object "lifeline run -json" prints: the chosen network's
// figures at the top level, every network under "networks", the crews,
// and with several trials the risk.
type runJSON struct {
	Scenario string   `json:"scenario"`
	Start    string   `json:"start,omitempty"`
	Horizon  runFloat `json:"horizon"`
	Seed     uint64   `json:"seed"`
	Trials   int      `json:"trials"`
	Trial    int      `json:"trial"`
	Network  string   `json:"network"`
	runNetSummaryJSON
	Networks map[string]runNetJSON `json:"networks"`
	Crew     runCrewJSON           `json:"crew"`
	Risk     *runRiskJSON          `json:"risk,omitempty"`
}

func runFloats(xs []float64) []runFloat {
	out := make([]runFloat, len(xs))
	for i, x := range xs {
		out[i] = runFloat(x)
	}
	return out
}

func (r *runReport) netJSON(i int) runNetJSON {
	n := &r.res.Networks[i]
	net := r.net(i)
	H := r.res.Horizon
	s := runNetSummaryJSON{
		ID: n.ID, Kind: string(n.Kind), Unit: n.Kind.Unit(), QuantityUnit: n.Kind.QuantityUnit(),
		Policy:              r.sc.Utilities[i].Policy.String(),
		runGroupJSON:        runGroup(n.Total, H),
		MinCriticalCoverage: runFloat(n.MinCriticalCoverage),
		ServiceLevels:       []runServiceJSON{},
		LossOfLoadHours:     runFloat(n.LossOfLoadHours),
		FirstShortfall:      runFloat(n.FirstShortfall),
		Restored:            n.Restored,
		TimeToRestore:       runFloat(n.TimeToRestore),
		ColdCustomerHours:   runFloat(n.ColdCustomerHours),
		PeakColdCustomers:   n.PeakColdCustomers,
		Storage:             []runStorageJSON{},
		ByClass:             map[string]runGroupJSON{},
		ByZone:              map[string]runGroupJSON{},
	}
	if n.Kind == network.Heat && r.sc.Weather != nil {
		m := runFloat(n.MinIndoor)
		s.MinIndoor = &m
	}
	for k, l := range runServiceLevels(r.sc) {
		if k < len(n.LongestCriticalBelow) {
			s.ServiceLevels = append(s.ServiceLevels, runServiceJSON{Level: runFloat(l.Level), Hours: runFloat(l.Duration), LongestBelow: runFloat(n.LongestCriticalBelow[k])})
		}
	}
	for _, st := range n.Storage {
		s.Storage = append(s.Storage, runStorageJSON{ID: st.ID, Start: runFloat(st.Start), Min: runFloat(st.Min), End: runFloat(st.End), DryAt: runFloat(st.DryAt), DryHours: runFloat(st.DryHours)})
	}
	for _, g := range n.ByClass {
		s.ByClass[g.Name] = runGroup(g, H)
	}
	for _, g := range n.ByZone {
		s.ByZone[g.Name] = runGroup(g, H)
	}
	tl := n.Timeline
	t := runTimelineJSON{
		Start: runFloats(tl.Start), Coverage: runFloats(tl.Coverage), ECS: runFloats(tl.ECS), Unserved: runFloats(tl.Unserved),
		ClassCoverage: map[string][]runFloat{}, ZoneUnserved: map[string][]runFloat{},
	}
	for k, cc := range tl.ClassCoverage {
		if k < net.NumClasses() {
			t.ClassCoverage[net.Class(k).Name] = runFloats(cc)
		}
	}
	for z, zu := range tl.ZoneUnserved {
		if z < net.NumZones() {
			t.ZoneUnserved[net.ZoneID(z)] = runFloats(zu)
		}
	}
	if n.Kind == network.Heat && r.sc.Weather != nil {
		t.ColdCustomers, t.MeanIndoor = runFloats(tl.ColdCustomers), runFloats(tl.MeanIndoor)
	}
	return runNetJSON{runNetSummaryJSON: s, Timeline: t}
}

// runServiceLevels returns the service levels in force: the scenario's, or
// the default one.
func runServiceLevels(sc *scenario.Scenario) []scenario.ServiceLevel {
	if sc.ServiceLevels != nil {
		return sc.ServiceLevels
	}
	return []scenario.ServiceLevel{{Level: 0.95, Duration: 24}}
}

func (r *runReport) riskJSON() (*runRiskJSON, error) {
	s := r.sum
	ens, err := s.Stat(scenario.MetricENS)
	if err != nil {
		return nil, err
	}
	a := s.Adequacy()
	out := &runRiskJSON{
		Trials: s.Trials(), Network: s.Network(),
		Mean: runFloat(ens.Mean), StdErr: runFloat(ens.StdErr), P95: runFloat(ens.P95), CVaR95: runFloat(ens.CVaR95),
		LOLP: runFloat(a.LOLP), LOLPStdErr: runFloat(a.LOLPStdErr), LOLE: runFloat(a.LOLE), LOLEStdErr: runFloat(a.LOLEStdErr),
		EUE: runFloat(a.EUE), EUEStdErr: runFloat(a.EUEStdErr),
		ServiceRisk: []runServiceRiskJSON{},
		Metrics:     map[string]runStatJSON{},
	}
	for i, l := range s.ServiceLevels() {
		p, se := s.ServiceRisk(i)
		out.ServiceRisk = append(out.ServiceRisk, runServiceRiskJSON{Level: runFloat(l.Level), Hours: runFloat(l.Duration), P: runFloat(p), StdErr: runFloat(se)})
	}
	for _, m := range s.Metrics() {
		st, err := s.Stat(m)
		if err != nil {
			return nil, err
		}
		unit, _ := s.Unit(m)
		worse, _ := s.HigherIsWorse(m)
		out.Metrics[m] = runStatJSON{Unit: unit, HigherIsWorse: worse,
			Mean: runFloat(st.Mean), StdDev: runFloat(st.StdDev), StdErr: runFloat(st.StdErr),
			CI95Low: runFloat(st.CI95Low), CI95High: runFloat(st.CI95High), Min: runFloat(st.Min),
			P5: runFloat(st.P5), P50: runFloat(st.P50), P95: runFloat(st.P95), P99: runFloat(st.P99), Max: runFloat(st.Max),
			CVaR95: runFloat(st.CVaR95)}
	}
	return out, nil
}

func (r *runReport) writeJSON(w io.Writer) error {
	res := r.res
	out := runJSON{
		Scenario: res.Scenario, Horizon: runFloat(res.Horizon), Seed: res.Seed, Trials: r.trials,
		Network:  res.Networks[r.chosen].ID,
		Networks: map[string]runNetJSON{},
	}
	if st := r.sc.Start; st.Year() > 1 {
		out.Start = st.Format("2006-01-02T15:04:05Z07:00")
	}
	for i := range res.Networks {
		nj := r.netJSON(i)
		out.Networks[nj.ID] = nj
		if i == r.chosen {
			out.runNetSummaryJSON = nj.runNetSummaryJSON
		}
	}
	c := res.Crew
	out.Crew = runCrewJSON{
		AvailableHours: runFloat(c.AvailableHours), BusyHours: runFloat(c.BusyHours), Utilisation: runFloat(c.UtilisationTotal()),
		Tasks: c.Tasks, Started: c.Started, Completed: c.Completed,
		WaitHours: runFloat(c.WaitHours), MeanWait: runFloat(c.MeanWait()), MaxWait: runFloat(c.MaxWait),
		LongestRepair: runFloat(c.LongestRepair), UtilisationTimeline: runFloats(c.Utilisation),
	}
	if r.sum != nil {
		risk, err := r.riskJSON()
		if err != nil {
			return err
		}
		out.Risk = risk
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// ---------------------------------------------------------------------------
// Text.

// runQty formats a quantity: whole numbers from 1000 up, 4 significant
// digits below, never "-0".
func runQty(x float64) string {
	switch a := math.Abs(x); {
	case math.IsNaN(x):
		return "n/a"
	case a < 5e-10:
		return "0"
	case a >= 1000:
		return strconv.FormatFloat(math.Round(x)+0, 'f', 0, 64)
	default:
		return strconv.FormatFloat(x, 'g', 4, 64)
	}
}

// runPct formats a fraction as a percentage with 2 decimals.
func runPct(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return strconv.FormatFloat(100*x+0, 'f', 2, 64) + "%"
}

// runLevel formats a coverage level as a short percentage, as "95%".
func runLevel(x float64) string { return strconv.FormatFloat(100*x, 'g', 4, 64) + "%" }

// runHours formats hours with 2 decimals.
func runHours(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return strconv.FormatFloat(math.Round(x*100)/100+0, 'f', 2, 64) + " h"
}

func (r *runReport) writeText(w io.Writer) error {
	res := r.res
	name := res.Scenario
	if name == "" {
		name = "(unnamed)"
	}
	fmt.Fprintf(w, "Scenario %s: %g h", name, res.Horizon)
	if res.Horizon >= 48 {
		fmt.Fprintf(w, " (%.4g days)", res.Horizon/24)
	}
	switch st := r.sc.Start; {
	case st.IsZero():
	case st.Year() <= 1: // a start hour without a date
		fmt.Fprintf(w, " from %s", st.Format("15:04"))
	default:
		fmt.Fprintf(w, " from %s", st.Format("2006-01-02 15:04 -07:00"))
	}
	fmt.Fprintf(w, "; seed %d", res.Seed)
	if r.trials > 1 {
		fmt.Fprintf(w, "; trial 0 of %d shown first, the risk over all trials at the end", r.trials)
	}
	fmt.Fprintln(w)
	order := []int{r.chosen}
	for i := range res.Networks {
		if i != r.chosen {
			order = append(order, i)
		}
	}
	for _, i := range order {
		if err := r.writeNetText(w, i); err != nil {
			return err
		}
	}
	r.writeCrewText(w)
	if r.sum != nil {
		return r.writeRiskText(w)
	}
	return nil
}

func (r *runReport) writeNetText(w io.Writer, i int) error {
	n := &r.res.Networks[i]
	net := r.net(i)
	H := r.res.Horizon
	unit, q := n.Kind.Unit(), n.Kind.QuantityUnit()
	t := n.Total
	fmt.Fprintf(w, "\nNetwork %s: %s, flows in %s, %s in %s; policy %s\n", n.ID, n.Kind, unit, runQuantityWord(n.Kind), q, r.sc.Utilities[i].Policy)
	line := func(label, format string, args ...any) {
		fmt.Fprintf(w, "  %-24s%s\n", label, fmt.Sprintf(format, args...))
	}
	line("coverage", "%s by volume (PCS), %s mean per consumer (ECS)", runPct(t.PCS()), runPct(t.ECS(H)))
	line(runQuantityWord(n.Kind)+" not supplied", "%s %s of %s %s asked for (ENS)", runQty(t.ENS()), q, runQty(t.Demand), q)
	if t.IndirectENS > 0 {
		line("  of which upstream", "%s %s caused by other utilities (couplings)", runQty(t.IndirectENS), q)
	}
	line("equivalent outage", "%s (EOH)", runHours(t.EOH))
	line("customer-hours lost", "%s", runQty(t.CustomerHoursLost))
	line("SAIFI", "%.4g interruptions per customer", t.SAIFI())
	line("SAIDI", "%s per customer", runHours(t.SAIDI()))
	line("CAIDI", "%s per interruption", runHours(t.CAIDI()))
	line("ASAI", "%.6f", t.ASAI(H))
	line("value lost", "%s", t.ValueLost.StringFixed(2))
	line("min critical coverage", "%s", runPct(n.MinCriticalCoverage))
	for k, l := range runServiceLevels(r.sc) {
		if k < len(n.LongestCriticalBelow) {
			line(fmt.Sprintf("critical below %s", runLevel(l.Level)), "longest %s (service level: at most %s)", runHours(n.LongestCriticalBelow[k]), runHours(l.Duration))
		}
	}
	switch {
	case n.FirstShortfall < 0:
		line("loss of load", "none: every consumer fully served throughout")
	case n.Restored:
		line("loss of load", "%s in all; first shortfall at %s, full supply back for good %s later", runHours(n.LossOfLoadHours), runHours(n.FirstShortfall), runHours(n.TimeToRestore))
	default:
		line("loss of load", "%s in all; first shortfall at %s, not restored by the end (%s later)", runHours(n.LossOfLoadHours), runHours(n.FirstShortfall), runHours(n.TimeToRestore))
	}
	if n.Kind == network.Heat && r.sc.Weather != nil {
		cold := r.sc.Weather.Cold
		if cold == 0 {
			cold = 16
		}
		line(fmt.Sprintf("cold customers (<%g °C)", cold), "%s customer-hours, at most %d at once; lowest indoor temperature %.1f °C", runQty(n.ColdCustomerHours), n.PeakColdCustomers, n.MinIndoor)
	}
	for _, st := range n.Storage {
		dry := "never ran dry"
		if st.DryAt >= 0 {
			dry = fmt.Sprintf("dry at %s, empty for %s", runHours(st.DryAt), runHours(st.DryHours))
		}
		line("storage "+st.ID, "%s → %s %s (lowest %s); %s", runQty(st.Start), runQty(st.End), q, runQty(st.Min), dry)
	}

	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "class\tcustomers\tdemand (%s)\tENS (%s)\tcoverage\tSAIFI\tSAIDI (h)\tCAIDI (h)\tASAI\tvalue lost\t\n", q, q)
	for _, g := range n.ByClass {
		if g.Consumers == 0 {
			continue
		}
		runGroupRow(tw, g, H)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if net.NumZones() > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "zone\tcustomers\tdemand (%s)\tENS (%s)\tcoverage\tSAIFI\tSAIDI (h)\tCAIDI (h)\tASAI\tvalue lost\t\n", q, q)
		for _, g := range n.ByZone {
			runGroupRow(tw, g, H)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

func runGroupRow(w io.Writer, g scenario.Group, horizon float64) {
	fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\t%.4g\t%.2f\t%.2f\t%.6f\t%s\t\n", g.Name, g.Customers, runQty(g.Demand), runQty(g.ENS()),
		runPct(g.PCS()), g.SAIFI(), g.SAIDI(), g.CAIDI(), g.ASAI(horizon), g.ValueLost.StringFixed(2))
}

// runQuantityWord names what a network of kind k delivers.
func runQuantityWord(k network.Kind) string {
	if k == network.Water || k == network.Gas {
		return "volume"
	}
	return "energy"
}

func (r *runReport) writeCrewText(w io.Writer) {
	c := r.res.Crew
	fmt.Fprintln(w)
	if r.sc.Crew == nil {
		fmt.Fprintf(w, "Crews: none in the scenario; %d repairs took their work time without travel\n", c.Tasks)
		return
	}
	teams := "teams"
	if r.sc.Crew.NumTeams() == 1 {
		teams = "team"
	}
	fmt.Fprintf(w, "Crews: %d %s\n", r.sc.Crew.NumTeams(), teams)
	fmt.Fprintf(w, "  %-24s%s member-hours available, %s on jobs (travel included): %s\n", "utilisation", runQty(c.AvailableHours), runQty(c.BusyHours), runPct(c.UtilisationTotal()))
	fmt.Fprintf(w, "  %-24s%d created, %d started, %d completed\n", "repairs", c.Tasks, c.Started, c.Completed)
	fmt.Fprintf(w, "  %-24smean %s, longest %s from fault to start of work\n", "waits", runHours(c.MeanWait()), runHours(c.MaxWait))
	fmt.Fprintf(w, "  %-24s%s from fault to repair\n", "longest repair", runHours(c.LongestRepair))
}

func (r *runReport) writeRiskText(w io.Writer) error {
	s := r.sum
	fmt.Fprintf(w, "\nRisk over %d trials (seed %d), network %s\n", s.Trials(), s.Seed(), s.Network())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "metric\tunit\tmean\tstd. error\t95% CI of mean\tP5\tP50\tP95\tP99\tCVaR95\t\n")
	for _, m := range s.Metrics() {
		st, err := s.Stat(m)
		if err != nil {
			return err
		}
		unit, _ := s.Unit(m)
		if unit == "" {
			unit = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s – %s\t%s\t%s\t%s\t%s\t%s\t\n", m, unit, runQty(st.Mean), runQty(st.StdErr),
			runQty(st.CI95Low), runQty(st.CI95High), runQty(st.P5), runQty(st.P50), runQty(st.P95), runQty(st.P99), runQty(st.CVaR95))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	a := s.Adequacy()
	q := s.Kind().QuantityUnit()
	fmt.Fprintf(w, "\n  LOLP %.4g ± %.2g, LOLE %s ± %s, EUE %s ± %s %s (± one standard error)\n",
		a.LOLP, a.LOLPStdErr, runHours(a.LOLE), runHours(a.LOLEStdErr), runQty(a.EUE), runQty(a.EUEStdErr), q)
	for i, l := range s.ServiceLevels() {
		p, se := s.ServiceRisk(i)
		fmt.Fprintf(w, "  P(critical coverage below %s for more than %s) = %.4g ± %.2g\n", runLevel(l.Level), runHours(l.Duration), p, se)
	}
	return nil
}
