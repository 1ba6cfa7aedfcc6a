package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// Schema and Version identify the JSON document this package writes. A
// reader accepts documents of this schema up to this version; a later
// version adds keys only when it must, and a change in the meaning of a
// key raises the version. Version 2 moved the scenario's settings, the
// worst hour, storage levels, maps, the outdoor temperature and the
// distributions of the risk into the document and dropped the top-level
// copy of one network's indices (read networks[] instead).
const (
	Schema  = "lifeline-report"
	Version = 2
)

// Document is the report of a run and, optionally, of a Monte Carlo study:
// everything every renderer of this package needs (text, CSV, charts, maps,
// GeoJSON, HTML), so that a report saved as JSON renders again to the same
// files. Keys are snake_case; units are fixed per key (see
// docs/report-schema.md): quantities in the network's quantity unit (kWh or
// m³), flows in its flow unit (kW or m³/h), times in hours from the
// scenario start, coverage and availability as fractions in [0, 1], money
// as decimal strings in Currency.
//
// The document is made of sections (networks, crew, risk, the caller's
// Sections, timings); a later version may add sections or keys without
// changing these. Timings
// are the only part that depends on the machine: every other byte of the
// encoded document depends only on the scenario, the seed and the number
// of trials.
//
// A Document decoded by ReadJSON equals, field for field, the one that
// was encoded.
type Document struct {
	// Schema is always "lifeline-report"; Version is 2.
	Schema  string `json:"schema"`
	Version int    `json:"version"`
	// Scenario is the scenario's name; Start its wall-clock start in RFC
	// 3339, empty when the scenario has none; Currency the ISO 4217 code
	// of its money, empty when it sets none.
	Scenario string `json:"scenario"`
	Start    string `json:"start,omitempty"`
	Currency string `json:"currency,omitempty"`
	// Seed is the seed of the run and of the study; Trials the number of
	// trials of the study (1 for a single run); the run shown is trial 0.
	Seed   uint64 `json:"seed"`
	Trials int    `json:"trials"`
	// Horizon is the run's length and Resolution the width of a timeline
	// bucket, in hours.
	Horizon    float64 `json:"horizon"`
	Resolution float64 `json:"resolution"`
	// ServiceLevels are the scenario's service levels (critical coverage
	// watched), in order.
	ServiceLevels []ServiceLevel `json:"service_levels"`
	// ColdThreshold is the indoor temperature in °C below which heat
	// customers count as cold; 0 without weather.
	ColdThreshold float64 `json:"cold_threshold,omitempty"`
	// Outdoor is the mean outdoor temperature in °C per timeline bucket;
	// absent without weather.
	Outdoor Floats `json:"outdoor,omitempty"`
	// Network is the ID of the network that leads the report: the one the
	// study summarises, or the first.
	Network string `json:"network"`
	// Networks holds every network of the run, in scenario order.
	Networks []Network `json:"networks"`
	// Crew is what the crews did over the run (all networks).
	Crew Crew `json:"crew"`
	// Risk summarises the study; nil (absent) for a single run.
	Risk *Risk `json:"risk,omitempty"`
	// Sections are parts added by the caller (an example's findings, a
	// comparison), drawn after the risk; absent when there are none.
	Sections []Section `json:"sections,omitempty"`
	// Timings are how long the work took; absent unless Compute made the
	// document. They are the only figures that change from one machine,
	// or one run, to the next.
	Timings *Timings `json:"timings,omitempty"`
}

// ServiceLevel is a coverage level of the critical class (a fraction) and
// the time in hours it may stay below it.
type ServiceLevel struct {
	Level float64 `json:"level"`
	Hours float64 `json:"hours"`
}

// Timings are wall-clock durations in seconds.
type Timings struct {
	// Run is the time of the run shown (trial 0 with its trace), Study the
	// time of the study (0 without one).
	Run   float64 `json:"run_seconds"`
	Study float64 `json:"study_seconds"`
}

// Indices are the totals of a group of consumers (a network, a class or a
// zone) over the horizon.
type Indices struct {
	// Consumers and Customers count the group's consumer nodes and the
	// customers they stand for.
	Consumers int `json:"consumers"`
	Customers int `json:"customers"`
	// Demand, Served and ENS (energy or volume not supplied, Demand −
	// Served) are in the quantity unit.
	Demand float64 `json:"demand"`
	Served float64 `json:"served"`
	ENS    float64 `json:"ens"`
	// IndirectENS is the part of ENS caused by other utilities through
	// couplings (a heat plant losing its power supply).
	IndirectENS float64 `json:"indirect_ens"`
	// Coverage is coverage by volume (PCS), Served/Demand; ECS the
	// time-mean of the consumers' own coverage. Fractions.
	Coverage float64 `json:"coverage"`
	ECS      float64 `json:"ecs"`
	// EOH is the equivalent outage hours ∫(1 − coverage)dt, in h;
	// CustomerHoursLost Σ customers × (1 − coverage) × Δt, in customer·h.
	EOH               float64 `json:"eoh"`
	CustomerHoursLost float64 `json:"customer_hours_lost"`
	// Interruptions is Σ Nᵢ (customer interruptions) and
	// InterruptionHours Σ rᵢ·Nᵢ (customer·h).
	Interruptions     float64 `json:"interruptions"`
	InterruptionHours float64 `json:"interruption_hours"`
	// SAIFI is interruptions per customer; SAIDI interruption hours per
	// customer (h); CAIDI SAIDI/SAIFI (h); ASAI the average service
	// availability index (fraction). IEEE 1366, over the horizon.
	SAIFI float64 `json:"saifi"`
	SAIDI float64 `json:"saidi"`
	CAIDI float64 `json:"caidi"`
	ASAI  float64 `json:"asai"`
	// ValueLost is the value of lost load, an exact decimal string in the
	// document's currency.
	ValueLost string `json:"value_lost"`
}

// Group is the indices of one class or zone, with its name.
type Group struct {
	Name string `json:"name"`
	Indices
}

// Network is the result of one utility.
type Network struct {
	ID   string       `json:"id"`
	Kind network.Kind `json:"kind"`
	// FlowUnit is "kW" or "m³/h"; QuantityUnit "kWh" or "m³".
	FlowUnit     string `json:"flow_unit"`
	QuantityUnit string `json:"quantity_unit"`
	// Policy is how shortages are shared: "priority-fair" or
	// "proportional".
	Policy string `json:"policy"`
	// Total covers every consumer; Classes each class in rank order;
	// Zones each zone in declaration order. Groups without consumers are
	// listed too.
	Total   Indices `json:"total"`
	Classes []Group `json:"classes"`
	Zones   []Group `json:"zones"`
	// CriticalClass is the name of the highest-priority class, whose
	// coverage the service levels watch; MinCriticalCoverage its lowest
	// coverage at any instant (fraction; 1 without demand).
	CriticalClass       string  `json:"critical_class"`
	MinCriticalCoverage float64 `json:"min_critical_coverage"`
	// LongestCriticalBelow is, per service level of the document in
	// order, the longest stretch in hours with critical coverage below it.
	LongestCriticalBelow []float64 `json:"longest_critical_below"`
	// LossOfLoadHours is the time in hours with any demand unserved.
	LossOfLoadHours float64 `json:"loss_of_load_hours"`
	// FirstShortfall is when demand first went unserved, in hours; −1 if
	// never.
	FirstShortfall float64 `json:"first_shortfall"`
	// Restored reports whether full supply came back and stayed to the
	// horizon; TimeToRestore is the hours from the first shortfall to
	// that moment, or to the horizon if not restored; 0 if never short.
	Restored      bool    `json:"restored"`
	TimeToRestore float64 `json:"time_to_restore"`
	// Heat holds the indoor-temperature outcomes of a heat network
	// played with weather; nil (absent) otherwise.
	Heat *Heat `json:"heat,omitempty"`
	// Storage follows each storage node.
	Storage []Storage `json:"storage"`
	// Worst is the worst timeline bucket; nil (absent) when the run was
	// not traced.
	Worst *Worst `json:"worst,omitempty"`
	// Map holds what maps and GeoJSON need; nil (absent) when no node of
	// the network has a coordinate or the run was not traced.
	Map *Map `json:"map,omitempty"`
	// Timeline is the run sampled per bucket.
	Timeline Timeline `json:"timeline"`
}

// Heat holds the cold-customer outcomes of a heat network.
type Heat struct {
	// ColdCustomerHours integrates customers below the cold threshold
	// (customer·h); PeakColdCustomers is the most at once; MinIndoor the
	// lowest indoor temperature of any consumer, in °C.
	ColdCustomerHours float64 `json:"cold_customer_hours"`
	PeakColdCustomers int     `json:"peak_cold_customers"`
	MinIndoor         float64 `json:"min_indoor"`
}

// Storage follows one storage node; levels in the quantity unit.
type Storage struct {
	ID    string  `json:"id"`
	Start float64 `json:"start"`
	Min   float64 `json:"min"`
	End   float64 `json:"end"`
	// MaxLevel is the storage's capacity; 0 when unbounded.
	MaxLevel float64 `json:"max_level"`
	// DryAt is when it first ran dry, in hours, −1 if never; DryHours the
	// hours it spent empty.
	DryAt    float64 `json:"dry_at"`
	DryHours float64 `json:"dry_hours"`
	// Levels is the level at the start of each timeline bucket and at the
	// horizon (buckets + 1 values); absent when the run was not traced.
	Levels []float64 `json:"levels,omitempty"`
}

// Worst names the timeline bucket in which a network's consumers lacked
// the most (Short), or, when nothing went unserved, the bucket of the
// highest demand (the peak).
type Worst struct {
	Bucket int     `json:"bucket"`
	Start  float64 `json:"start"` // h
	Short  bool    `json:"short"`
	// Unserved and Demand are the quantities of the bucket.
	Unserved float64 `json:"unserved"`
	Demand   float64 `json:"demand"`
}

// Map holds a network with coordinates and figures per asset: the network
// document as network.Encode writes it in JSON, and columns of values, one
// per node or per link in the network's order, for the worst bucket and
// over the run. A value that does not apply (the coverage of a node that
// is not a consumer, the loading of an unlimited asset) is null in JSON
// and NaN in Go.
type Map struct {
	Network Compact  `json:"network"`
	Nodes   []Column `json:"nodes"`
	Links   []Column `json:"links"`
}

// Compact is a JSON value kept compact (without insignificant white
// space), so that a document decoded from its indented form equals the
// one encoded.
type Compact []byte

// MarshalJSON returns the value as it is.
func (c Compact) MarshalJSON() ([]byte, error) {
	if len(c) == 0 {
		return []byte("null"), nil
	}
	return c, nil
}

// UnmarshalJSON keeps a compact copy of the value.
func (c *Compact) UnmarshalJSON(data []byte) error {
	var buf bytes.Buffer
	if err := json.Compact(&buf, data); err != nil {
		return err
	}
	*c = buf.Bytes()
	return nil
}

// Column is one figure per element, with its unit ("kW", "m³/h", "" for
// fractions).
type Column struct {
	Name   string `json:"name"`
	Unit   string `json:"unit"`
	Values Floats `json:"values"`
}

// Timeline holds one network's values per bucket; bucket b covers
// [Start[b], Start[b] + resolution) hours, the last ending at the horizon.
type Timeline struct {
	Start []float64 `json:"start"`
	// Coverage (by volume) and ECS are fractions; Unserved is in the
	// quantity unit per bucket.
	Coverage []float64 `json:"coverage"`
	ECS      []float64 `json:"ecs"`
	Unserved []float64 `json:"unserved"`
	// ClassCoverage is each class's coverage by volume, keyed by class
	// name; ZoneUnserved each zone's unserved quantity, keyed by zone ID.
	ClassCoverage map[string][]float64 `json:"class_coverage"`
	ZoneUnserved  map[string][]float64 `json:"zone_unserved"`
	// ColdCustomers is the mean number of customers below the cold
	// threshold and MeanIndoor the customer-weighted mean indoor
	// temperature in °C; heat networks with weather only, else absent.
	ColdCustomers []float64 `json:"cold_customers,omitempty"`
	MeanIndoor    []float64 `json:"mean_indoor,omitempty"`
}

// Crew is what the crews did over a run.
type Crew struct {
	// Teams and Members count the scenario's teams and their members; 0
	// without crews.
	Teams   int `json:"teams"`
	Members int `json:"members"`
	// AvailableHours and BusyHours are member-hours available and busy
	// (travel included); Utilisation is their ratio (fraction).
	AvailableHours float64 `json:"available_hours"`
	BusyHours      float64 `json:"busy_hours"`
	Utilisation    float64 `json:"utilisation"`
	// Tasks counts repairs created, Started those a crew reached,
	// Completed those done.
	Tasks     int `json:"tasks"`
	Started   int `json:"started"`
	Completed int `json:"completed"`
	// MeanWait and MaxWait are hours from fault to the start of work;
	// LongestRepair the longest time from a fault to its repair, in h.
	MeanWait      float64 `json:"mean_wait"`
	MaxWait       float64 `json:"max_wait"`
	LongestRepair float64 `json:"longest_repair"`
	// UtilisationTimeline is the utilisation per timeline bucket
	// (fractions).
	UtilisationTimeline []float64 `json:"utilisation_timeline"`
}

// Risk summarises a Monte Carlo study of one network.
type Risk struct {
	// Network, Kind and QuantityUnit identify the network studied; Trials
	// is the number of trials, Seed the study's seed and Horizon its
	// horizon in hours.
	Network      string       `json:"network"`
	Kind         network.Kind `json:"kind"`
	QuantityUnit string       `json:"quantity_unit"`
	Trials       int          `json:"trials"`
	Seed         uint64       `json:"seed"`
	Horizon      float64      `json:"horizon"`
	// Mean, StdErr, CI95Low, CI95High, P50, P95 and CVaR95 describe the
	// energy or volume not supplied (ens) over the trials, in the
	// quantity unit (see scenario.Stat).
	// The interval's ends are NaN (null in JSON) when the trials are too
	// few for one (scenario.CITooFew).
	Mean     float64 `json:"mean"`
	StdErr   float64 `json:"stderr"`
	CI95Low  Float   `json:"ci95_low"`
	CI95High Float   `json:"ci95_high"`
	P50      float64 `json:"p50"`
	P95      float64 `json:"p95"`
	CVaR95   float64 `json:"cvar95"`
	// LOLP is the loss-of-load probability (fraction of the horizon),
	// LOLE the loss-of-load expectation in hours, EUE the expected
	// unserved quantity in the quantity unit, each with its standard error.
	LOLP       float64 `json:"lolp"`
	LOLPStdErr float64 `json:"lolp_stderr"`
	LOLE       float64 `json:"lole"`
	LOLEStdErr float64 `json:"lole_stderr"`
	EUE        float64 `json:"eue"`
	EUEStdErr  float64 `json:"eue_stderr"`
	// ServiceRisks holds one entry per service level of the scenario.
	ServiceRisks []ServiceRisk `json:"service_risks"`
	// Metrics holds the statistics of every metric the summary records,
	// keyed by metric name ("ens", "saidi", …; see scenario.Summary).
	Metrics map[string]Stat `json:"metrics"`
	// Distributions holds, per metric drawn as a chart (ens, and
	// cold_customer_hours for heat), its histogram and exceedance curve.
	Distributions map[string]Distribution `json:"distributions"`
	// Shortfalls (the two LOLEs and the shortfall events) and Timeline
	// (the risk over time) are absent for a summary that does not hold
	// them (version 1 of the summary format); see risktime.go.
	Shortfalls *Shortfalls   `json:"shortfalls,omitempty"`
	Timeline   *RiskTimeline `json:"timeline,omitempty"`
}

// ServiceRisk is the probability P that the critical class stays below
// Level (a fraction) for more than Duration hours, with its standard
// error.
type ServiceRisk struct {
	Level    float64 `json:"level"`
	Duration float64 `json:"duration"`
	P        float64 `json:"p"`
	StdErr   float64 `json:"stderr"`
}

// Stat is scenario.Stat of one metric, with its unit ("kWh", "m³", "h",
// "customer·h", "money", "" for fractions, …) and direction.
// Statistics of value_lost are floating-point numbers, not decimal strings:
// they are computed from the study's float64 records.
type Stat struct {
	Unit          string  `json:"unit"`
	HigherIsWorse bool    `json:"higher_is_worse"`
	N             int     `json:"n"`
	Mean          float64 `json:"mean"`
	StdDev        float64 `json:"stddev"`
	StdErr        float64 `json:"stderr"`
	CI95Low       Float   `json:"ci95_low"` // NaN (null) when the trials are too few (scenario.CITooFew)
	CI95High      Float   `json:"ci95_high"`
	Min           float64 `json:"min"`
	Max           float64 `json:"max"`
	P5            float64 `json:"p5"`
	P50           float64 `json:"p50"`
	P95           float64 `json:"p95"`
	P99           float64 `json:"p99"`
	CVaR95        float64 `json:"cvar95"`
}

// Distribution is a metric's histogram (20 equal bins from the minimum to
// the maximum) and its exceedance curve P(X ≥ value): every distinct value
// up to 500 of them, else 500 evenly spaced points.
type Distribution struct {
	Histogram  []Bin   `json:"histogram"`
	Exceedance []Point `json:"exceedance"`
}

// Bin holds the trials with Low ≤ value < High (the last bin also value =
// High); Share is Count over the trials.
type Bin struct {
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
	Count int     `json:"count"`
	Share float64 `json:"share"`
}

// Point is one point of an exceedance curve: the share P of trials whose
// value is at least Value.
type Point struct {
	Value float64 `json:"value"`
	P     float64 `json:"p"`
}

// Input is what New builds a document from. Scenario and Result are
// required; Trace (from scenario.Run.RunTrace) adds the worst hour, storage
// levels, the outdoor temperature and maps; Summary adds the risk.
type Input struct {
	Scenario *scenario.Scenario
	Result   *scenario.Result
	Trace    *scenario.Trace
	Summary  *scenario.Summary
	// Network is the ID of the network leading the report; if empty, the
	// summary's network, else the first.
	Network string
}

// errNilResult is returned when a result is required but nil.
var errNilResult = errors.New("report: nil result")

// New builds the document of a run and, with a summary, of a study. The
// result and trace must come from the scenario (the same networks in the
// same order). It returns an error if the scenario or result is nil, the
// result has no networks or does not match the scenario, the trace does
// not match the result, or the lead network is not in the result.
// O(size of the result and trace + trials × metrics × log trials).
//
// The document depends only on its inputs: a summary merged from trial
// ranges run apart (scenario.Summary merges exactly) with trial 0 played
// again with its trace gives, but for Timings, the same document as
// Compute on one machine.
func New(in Input) (*Document, error) {
	sc, res := in.Scenario, in.Result
	if sc == nil {
		return nil, errors.New("report: nil scenario")
	}
	if res == nil {
		return nil, errNilResult
	}
	if len(res.Networks) == 0 {
		return nil, errors.New("report: result has no networks")
	}
	if len(res.Networks) != len(sc.Utilities) {
		return nil, fmt.Errorf("report: the result has %d networks, the scenario %d", len(res.Networks), len(sc.Utilities))
	}
	if tr := in.Trace; tr != nil && len(tr.Networks) != len(res.Networks) {
		return nil, fmt.Errorf("report: the trace has %d networks, the result %d", len(tr.Networks), len(res.Networks))
	}
	lead := in.Network
	if lead == "" && in.Summary != nil {
		lead = in.Summary.Network()
	}
	if lead == "" {
		lead = res.Networks[0].ID
	}
	if _, ok := res.Net(lead); !ok {
		return nil, fmt.Errorf("report: the result has no network %q", lead)
	}
	d := &Document{Schema: Schema, Version: Version, Scenario: res.Scenario, Currency: sc.Currency,
		Seed: res.Seed, Trials: 1, Horizon: res.Horizon, Resolution: res.Resolution, Network: lead}
	if !sc.Start.IsZero() {
		d.Start = sc.Start.Format(time.RFC3339)
	}
	levels := sc.ServiceLevels
	if levels == nil {
		levels = []scenario.ServiceLevel{{Level: 0.95, Duration: 24}}
	}
	d.ServiceLevels = make([]ServiceLevel, len(levels))
	for i, l := range levels {
		d.ServiceLevels[i] = ServiceLevel{Level: l.Level, Hours: l.Duration}
	}
	if w := sc.Weather; w != nil {
		d.ColdThreshold = w.Cold
		if d.ColdThreshold == 0 {
			d.ColdThreshold = 16
		}
	}
	if in.Trace != nil && in.Trace.Outdoor != nil {
		d.Outdoor = nonNil(in.Trace.Outdoor)
	}
	d.Networks = make([]Network, len(res.Networks))
	for i := range res.Networks {
		var nt *scenario.NetTrace
		if in.Trace != nil {
			nt = &in.Trace.Networks[i]
		}
		n, err := newNetwork(res, &res.Networks[i], sc.Utilities[i], nt)
		if err != nil {
			return nil, err
		}
		d.Networks[i] = n
	}
	c := res.Crew
	d.Crew = Crew{AvailableHours: c.AvailableHours, BusyHours: c.BusyHours, Utilisation: c.UtilisationTotal(),
		Tasks: c.Tasks, Started: c.Started, Completed: c.Completed, MeanWait: c.MeanWait(), MaxWait: c.MaxWait,
		LongestRepair: c.LongestRepair, UtilisationTimeline: nonNil(c.Utilisation)}
	if ro := sc.Crew; ro != nil {
		d.Crew.Teams = ro.NumTeams()
		for i := range ro.NumTeams() {
			d.Crew.Members += ro.Team(i).Size
		}
	}
	if sum := in.Summary; sum != nil && sum.Trials() > 0 {
		if err := d.addStudy(sum); err != nil { // study.go
			return nil, err
		}
	}
	return d, nil
}

// nonNil returns a copy of xs, empty rather than nil.
func nonNil(xs []float64) []float64 { return append([]float64{}, xs...) }

func newIndices(g scenario.Group, H float64) Indices {
	return Indices{Consumers: g.Consumers, Customers: g.Customers, Demand: g.Demand, Served: g.Served, ENS: g.ENS(),
		IndirectENS: g.IndirectENS,
		Coverage:    g.PCS(), ECS: g.ECS(H), EOH: g.EOH, CustomerHoursLost: g.CustomerHoursLost,
		Interruptions: g.Interruptions, InterruptionHours: g.InterruptionHours,
		SAIFI: g.SAIFI(), SAIDI: g.SAIDI(), CAIDI: g.CAIDI(), ASAI: g.ASAI(H), ValueLost: g.ValueLost.String()}
}

func newGroups(gs []scenario.Group, H float64) []Group {
	out := make([]Group, len(gs))
	for i, g := range gs {
		out[i] = Group{Name: g.Name, Indices: newIndices(g, H)}
	}
	return out
}

func newNetwork(res *scenario.Result, n *scenario.NetResult, u scenario.Utility, nt *scenario.NetTrace) (Network, error) {
	H := res.Horizon
	net := u.Net
	if net == nil || net.Kind() != n.Kind {
		return Network{}, fmt.Errorf("report: network %q of the result does not match the scenario", n.ID)
	}
	out := Network{ID: n.ID, Kind: n.Kind, FlowUnit: n.Kind.Unit(), QuantityUnit: n.Kind.QuantityUnit(),
		Policy: u.Policy.String(), Total: newIndices(n.Total, H), Classes: newGroups(n.ByClass, H),
		Zones: newGroups(n.ByZone, H), MinCriticalCoverage: n.MinCriticalCoverage,
		LongestCriticalBelow: nonNil(n.LongestCriticalBelow), LossOfLoadHours: n.LossOfLoadHours,
		FirstShortfall: n.FirstShortfall, Restored: n.Restored, TimeToRestore: n.TimeToRestore, Storage: []Storage{}}
	if len(n.ByClass) > 0 {
		out.CriticalClass = n.ByClass[0].Name
	}
	tl := n.Timeline
	if n.Kind == network.Heat && len(tl.MeanIndoor) > 0 {
		out.Heat = &Heat{ColdCustomerHours: n.ColdCustomerHours, PeakColdCustomers: n.PeakColdCustomers, MinIndoor: n.MinIndoor}
	}
	if nt != nil && (nt.ID != n.ID || len(nt.StorageLevel) != len(n.Storage) || len(nt.Run.Served) != net.NumNodes()) {
		return Network{}, fmt.Errorf("report: the trace of network %q does not match the result", n.ID)
	}
	for i, s := range n.Storage {
		st := Storage{ID: s.ID, Start: s.Start, Min: s.Min, End: s.End, DryAt: s.DryAt, DryHours: s.DryHours}
		if v, ok := net.NodeIndex(s.ID); ok {
			st.MaxLevel = net.Node(v).MaxLevel
		}
		if nt != nil {
			st.Levels = nonNil(nt.StorageLevel[i])
		}
		out.Storage = append(out.Storage, st)
	}
	out.Timeline = Timeline{Start: nonNil(tl.Start), Coverage: nonNil(tl.Coverage), ECS: nonNil(tl.ECS),
		Unserved: nonNil(tl.Unserved), ClassCoverage: map[string][]float64{}, ZoneUnserved: map[string][]float64{}}
	for k, g := range n.ByClass {
		if k < len(tl.ClassCoverage) {
			out.Timeline.ClassCoverage[g.Name] = nonNil(tl.ClassCoverage[k])
		}
	}
	for z, g := range n.ByZone {
		if z < len(tl.ZoneUnserved) {
			out.Timeline.ZoneUnserved[g.Name] = nonNil(tl.ZoneUnserved[z])
		}
	}
	if len(tl.ColdCustomers) > 0 {
		out.Timeline.ColdCustomers = nonNil(tl.ColdCustomers)
	}
	if len(tl.MeanIndoor) > 0 {
		out.Timeline.MeanIndoor = nonNil(tl.MeanIndoor)
	}
	if nt != nil {
		w := &Worst{Bucket: nt.Worst, Short: nt.Short}
		if nt.Worst < len(tl.Start) {
			w.Start = tl.Start[nt.Worst]
		}
		for _, c := range net.Consumers() {
			w.Demand += nt.WorstBucket.Demand[c]
			w.Unserved += math.Max(nt.WorstBucket.Demand[c]-nt.WorstBucket.Served[c], 0)
		}
		out.Worst = w
		m, err := newMap(net, nt)
		if err != nil {
			return Network{}, err
		}
		out.Map = m
	}
	return out, nil
}

// hasCoords reports whether any node of net has a coordinate.
func hasCoords(net *network.Network) bool {
	for v := range net.NumNodes() {
		if net.Node(v).Coord != nil {
			return true
		}
	}
	return false
}

// Names of the map columns, in order (see docs/report-schema.md).
const (
	colServedWorst   = "served_worst"
	colCoverageWorst = "coverage_worst"
	colLoadingWorst  = "loading_worst"
	colServed        = "served"
	colCoverage      = "coverage"
	colLoading       = "loading"
	colLoadingPeak   = "loading_peak"
	colFlowWorst     = "flow_worst"
	colFlow          = "flow"
)

// newMap returns the map of a network with coordinates, nil without.
func newMap(net *network.Network, nt *scenario.NetTrace) (*Map, error) {
	if !hasCoords(net) {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := network.Encode(&buf, net, network.JSON); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, buf.Bytes()); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	nn, nl := net.NumNodes(), net.NumLinks()
	fu := net.Kind().Unit()
	col := func(name, unit string, n int) Column { return Column{Name: name, Unit: unit, Values: make(Floats, n)} }
	sw, cw, lw := col(colServedWorst, fu, nn), col(colCoverageWorst, "", nn), col(colLoadingWorst, "", nn)
	sr, cr, lr, lp := col(colServed, fu, nn), col(colCoverage, "", nn), col(colLoading, "", nn), col(colLoadingPeak, "", nn)
	mean := func(q, h float64) float64 {
		if h <= 0 {
			return 0
		}
		return q / h
	}
	cover := func(s, d float64) float64 {
		if d <= 0 {
			return 1
		}
		return math.Min(s/d, 1)
	}
	load := func(flow, capacity float64) float64 {
		if !(capacity > 0) || math.IsInf(capacity, 1) {
			return math.NaN()
		}
		return flow / capacity
	}
	W, R := &nt.WorstBucket, &nt.Run
	for v := range nn {
		nan := math.NaN()
		sw.Values[v], cw.Values[v], lw.Values[v] = nan, nan, nan
		sr.Values[v], cr.Values[v], lr.Values[v], lp.Values[v] = nan, nan, nan, nan
		switch net.Role(v) {
		case network.Consumer:
			sw.Values[v] = mean(W.Served[v], W.Hours)
			cw.Values[v] = cover(W.Served[v], W.Demand[v])
			sr.Values[v] = mean(R.Served[v], R.Hours)
			cr.Values[v] = cover(R.Served[v], R.Demand[v])
		case network.Source, network.Storage, network.Station:
			c := net.Capacity(v)
			lw.Values[v] = load(mean(W.Through[v], W.Hours), c)
			lr.Values[v] = load(mean(R.Through[v], R.Hours), c)
			lp.Values[v] = load(R.PeakThrough[v], c)
		}
	}
	fw, fr := col(colFlowWorst, fu, nl), col(colFlow, fu, nl)
	llw, llr, llp := col(colLoadingWorst, "", nl), col(colLoading, "", nl), col(colLoadingPeak, "", nl)
	for l := range nl {
		c := net.LinkCapacity(l)
		fw.Values[l] = mean(W.LinkFlow[l], W.Hours)
		fr.Values[l] = mean(R.LinkFlow[l], R.Hours)
		llw.Values[l] = load(fw.Values[l], c)
		llr.Values[l] = load(fr.Values[l], c)
		llp.Values[l] = load(R.PeakLinkFlow[l], c)
	}
	return &Map{Network: compact.Bytes(), Nodes: []Column{sw, cw, lw, sr, cr, lr, lp},
		Links: []Column{fw, llw, fr, llr, llp}}, nil
}

// column returns the named column of cols, or nil.
func column(cols []Column, name string) Floats {
	for _, c := range cols {
		if c.Name == name {
			return c.Values
		}
	}
	return nil
}

// newRisk summarises a study with at least one trial.
func newRisk(sum *scenario.Summary) (*Risk, error) {
	ens, err := sum.Stat(scenario.MetricENS)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	ad := sum.Adequacy()
	r := &Risk{Network: sum.Network(), Kind: sum.Kind(), QuantityUnit: sum.Kind().QuantityUnit(),
		Trials: sum.Trials(), Seed: sum.Seed(), Horizon: sum.Horizon(),
		Mean: ens.Mean, StdErr: ens.StdErr, CI95Low: Float(ens.CI95Low), CI95High: Float(ens.CI95High),
		P50: ens.P50, P95: ens.P95, CVaR95: ens.CVaR95,
		LOLP: ad.LOLP, LOLPStdErr: ad.LOLPStdErr, LOLE: ad.LOLE, LOLEStdErr: ad.LOLEStdErr,
		EUE: ad.EUE, EUEStdErr: ad.EUEStdErr,
		ServiceRisks: []ServiceRisk{}, Metrics: map[string]Stat{}, Distributions: map[string]Distribution{}}
	for i, l := range sum.ServiceLevels() {
		p, se := sum.ServiceRisk(i)
		r.ServiceRisks = append(r.ServiceRisks, ServiceRisk{Level: l.Level, Duration: l.Duration, P: p, StdErr: se})
	}
	for _, m := range sum.Metrics() {
		st, err := sum.Stat(m)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		unit, _ := sum.Unit(m)
		worse, _ := sum.HigherIsWorse(m)
		r.Metrics[m] = Stat{Unit: unit, HigherIsWorse: worse, N: st.N, Mean: st.Mean, StdDev: st.StdDev,
			StdErr: st.StdErr, CI95Low: Float(st.CI95Low), CI95High: Float(st.CI95High), Min: st.Min, Max: st.Max,
			P5: st.P5, P50: st.P50, P95: st.P95, P99: st.P99, CVaR95: st.CVaR95}
	}
	dists := []string{scenario.MetricENS}
	if sum.Kind() == network.Heat {
		dists = append(dists, scenario.MetricColdCustomerHours)
	}
	for _, m := range dists {
		hist, err := sum.Histogram(m, 20)
		if err != nil {
			continue // not recorded by this summary
		}
		ex, err := sum.Exceedance(m, 0)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		if len(ex) > 500 {
			ex, _ = sum.Exceedance(m, 500)
		}
		d := Distribution{Histogram: make([]Bin, len(hist)), Exceedance: make([]Point, len(ex))}
		for i, b := range hist {
			d.Histogram[i] = Bin(b)
		}
		for i, e := range ex {
			d.Exceedance[i] = Point{Value: e.Value, P: e.P}
		}
		r.Distributions[m] = d
	}
	r.Shortfalls, r.Timeline = riskOverTime(sum)
	return r, nil
}

// Options are the settings of Compute. The zero value runs trial 0 alone
// with seed 0.
type Options struct {
	// Seed selects the random streams; the run shown is trial 0 of it.
	Seed uint64
	// Trials is the number of Monte Carlo trials; with more than 1 the
	// document holds the risk over them. If zero, 1.
	Trials int
	// Workers is the number of goroutines running trials; 0 for one per
	// CPU. It never changes a result.
	Workers int
	// Network is the ID of the network studied and leading the report; if
	// empty, the first.
	Network string
	// Progress, if not nil, is called as trials complete (see
	// scenario.Study.Progress).
	Progress func(done, total int)
}

// Computed is what Compute produced: the document and what it was made
// from, for callers who report more.
type Computed struct {
	Document *Document
	Plan     *scenario.Plan
	Result   *scenario.Result
	Trace    *scenario.Trace
	Summary  *scenario.Summary // nil for a single trial
}

// Compute compiles the scenario, plays trial 0 of opt.Seed with its trace,
// runs a study of opt.Trials trials when there are more than one, and
// builds the document, with the time each took in Timings. It returns the
// scenario's compile errors, an error naming the network if opt.Network
// is not in the scenario, and ctx.Err() if ctx is cancelled. It is how
// the lifeline command and the example programs make their reports.
func Compute(ctx context.Context, sc *scenario.Scenario, opt Options) (*Computed, error) {
	if sc == nil {
		return nil, errors.New("report: nil scenario")
	}
	trials := opt.Trials
	if trials == 0 {
		trials = 1
	}
	if trials < 0 {
		return nil, fmt.Errorf("report: trials: want 1 or more, got %d", opt.Trials)
	}
	plan, err := sc.Compile()
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	res, tr, err := plan.NewRun(opt.Seed).RunTrace(ctx)
	if err != nil {
		return nil, err
	}
	tim := &Timings{Run: time.Since(t0).Seconds()}
	out := &Computed{Plan: plan, Result: res, Trace: tr}
	lead := opt.Network
	if lead == "" {
		lead = res.Networks[0].ID
	}
	if _, ok := res.Net(lead); !ok {
		var ids []string
		for _, n := range res.Networks {
			ids = append(ids, n.ID)
		}
		return nil, fmt.Errorf("report: network %q: not in the scenario (have %s)", lead, strings.Join(ids, ", "))
	}
	if trials > 1 {
		t1 := time.Now()
		out.Summary, err = scenario.Study{Plan: plan, Seed: opt.Seed, Trials: trials, Workers: opt.Workers,
			Network: lead, Progress: opt.Progress}.Run(ctx)
		if err != nil {
			return nil, err
		}
		tim.Study = time.Since(t1).Seconds()
	}
	out.Document, err = New(Input{Scenario: sc, Result: res, Trace: tr, Summary: out.Summary, Network: lead})
	if err != nil {
		return nil, err
	}
	out.Document.Timings = tim
	return out, nil
}
