package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// Schema and Version identify the JSON document this package writes. A
// reader accepts documents of this schema up to this version; a later
// version adds keys only when it must, and a change in the meaning of a
// key raises the version.
const (
	Schema  = "lifeline-report"
	Version = 1
)

// Document is the JSON report of a run and, optionally, of a study. Keys
// are snake_case; units are fixed per key (see docs/report-schema.md):
// quantities in the network's quantity unit (QuantityUnit: kWh or m³),
// times in hours, coverage and availability as fractions in [0, 1], money
// as decimal strings.
//
// The top-level indices (Indices, embedded: "coverage", "ens", "saifi",
// …) and ByClass and ByZone repeat those of one network, the first of
// the result or the one chosen (see NewDocument), for consumers that
// need a single utility; Networks holds every network.
//
// A Document decoded by ReadJSON equals, field for field, the one that
// was encoded.
type Document struct {
	// Schema is always "lifeline-report"; Version is 1.
	Schema  string `json:"schema"`
	Version int    `json:"version"`
	// Scenario is the scenario's name; Seed the run's seed.
	Scenario string `json:"scenario"`
	Seed     uint64 `json:"seed"`
	// Horizon is the run's length and Resolution the width of a timeline
	// bucket, in hours.
	Horizon    float64 `json:"horizon"`
	Resolution float64 `json:"resolution"`

	// Network is the ID of the network whose indices are repeated at the
	// top level; Kind its kind and QuantityUnit its unit of energy or
	// volume ("kWh" or "m³").
	Network      string       `json:"network"`
	Kind         network.Kind `json:"kind"`
	QuantityUnit string       `json:"quantity_unit"`
	// Indices are the network's totals over the horizon.
	Indices
	// ByClass holds the network's indices per class, keyed by class name;
	// ByZone per zone, keyed by zone ID. Every class and zone is present.
	ByClass map[string]Indices `json:"by_class"`
	ByZone  map[string]Indices `json:"by_zone"`

	// Networks holds every network of the run, in scenario order.
	Networks []Network `json:"networks"`
	// Crew is what the crews did over the run (all networks).
	Crew Crew `json:"crew"`
	// Risk summarises the study; nil (absent) without a summary or when
	// the summary holds no trials.
	Risk *Risk `json:"risk,omitempty"`
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
	// couplings (a heat plant losing its power supply), in the quantity
	// unit.
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
	// ValueLost is the value of lost load, a decimal string in the
	// currency of the classes' values of lost load.
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
	// Total covers every consumer; Classes each class in rank order;
	// Zones each zone in declaration order.
	Total   Indices `json:"total"`
	Classes []Group `json:"classes"`
	Zones   []Group `json:"zones"`
	// MinCriticalCoverage is the lowest coverage of the highest-priority
	// class at any instant (fraction; 1 without demand).
	MinCriticalCoverage float64 `json:"min_critical_coverage"`
	// LongestCriticalBelow is, per service level of the scenario in
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
	// DryAt is when it first ran dry, in hours, −1 if never; DryHours the
	// hours it spent empty.
	DryAt    float64 `json:"dry_at"`
	DryHours float64 `json:"dry_hours"`
}

// Timeline holds one network's values per bucket; bucket b covers
// [Start[b], Start[b] + resolution) hours.
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
	Mean     float64  `json:"mean"`
	StdErr   float64  `json:"stderr"`
	CI95Low  *float64 `json:"ci95_low"` // null when the trials are too few (scenario.CITooFew)
	CI95High *float64 `json:"ci95_high"`
	P50      float64  `json:"p50"`
	P95      float64  `json:"p95"`
	CVaR95   float64  `json:"cvar95"`
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
	Unit          string   `json:"unit"`
	HigherIsWorse bool     `json:"higher_is_worse"`
	N             int      `json:"n"`
	Mean          float64  `json:"mean"`
	StdDev        float64  `json:"stddev"`
	StdErr        float64  `json:"stderr"`
	CI95Low       *float64 `json:"ci95_low"` // null when the trials are too few (scenario.CITooFew)
	CI95High      *float64 `json:"ci95_high"`
	Min           float64  `json:"min"`
	Max           float64  `json:"max"`
	P5            float64  `json:"p5"`
	P50           float64  `json:"p50"`
	P95           float64  `json:"p95"`
	P99           float64  `json:"p99"`
	CVaR95        float64  `json:"cvar95"`
}

// NewDocument builds the document of a run and, if sum is not nil, of a
// study. The top-level indices are those of the network with ID network;
// if network is empty, of the summary's network when sum is not nil, else
// of the first network. It returns an error if res is nil or has no
// networks, or the network (given or the summary's) is not in res.
// O(size of res + trials × metrics × log trials).
func NewDocument(res *scenario.Result, sum *scenario.Summary, network string) (*Document, error) {
	if res == nil {
		return nil, errNilResult
	}
	top, err := chosenNetwork(res, sum, network)
	if err != nil {
		return nil, err
	}
	d := &Document{Schema: Schema, Version: Version, Scenario: res.Scenario, Seed: res.Seed,
		Horizon: res.Horizon, Resolution: res.Resolution}
	d.Networks = make([]Network, len(res.Networks))
	for i := range res.Networks {
		d.Networks[i] = newNetwork(res, &res.Networks[i])
	}
	n := &d.Networks[top]
	d.Network, d.Kind, d.QuantityUnit, d.Indices = n.ID, n.Kind, n.QuantityUnit, n.Total
	d.ByClass = make(map[string]Indices, len(n.Classes))
	for _, g := range n.Classes {
		d.ByClass[g.Name] = g.Indices
	}
	d.ByZone = make(map[string]Indices, len(n.Zones))
	for _, g := range n.Zones {
		d.ByZone[g.Name] = g.Indices
	}
	c := res.Crew
	d.Crew = Crew{AvailableHours: c.AvailableHours, BusyHours: c.BusyHours, Utilisation: c.UtilisationTotal(),
		Tasks: c.Tasks, Started: c.Started, Completed: c.Completed, MeanWait: c.MeanWait(), MaxWait: c.MaxWait,
		LongestRepair: c.LongestRepair, UtilisationTimeline: nonNil(c.Utilisation)}
	if sum != nil && sum.Trials() > 0 {
		r, err := newRisk(sum)
		if err != nil {
			return nil, err
		}
		d.Risk = r
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

func newNetwork(res *scenario.Result, n *scenario.NetResult) Network {
	H := res.Horizon
	out := Network{ID: n.ID, Kind: n.Kind, FlowUnit: n.Kind.Unit(), QuantityUnit: n.Kind.QuantityUnit(),
		Total: newIndices(n.Total, H), Classes: newGroups(n.ByClass, H), Zones: newGroups(n.ByZone, H),
		MinCriticalCoverage: n.MinCriticalCoverage, LongestCriticalBelow: nonNil(n.LongestCriticalBelow),
		LossOfLoadHours: n.LossOfLoadHours, FirstShortfall: n.FirstShortfall,
		Restored: n.Restored, TimeToRestore: n.TimeToRestore, Storage: []Storage{}}
	tl := n.Timeline
	if n.Kind == network.Heat && len(tl.MeanIndoor) > 0 {
		out.Heat = &Heat{ColdCustomerHours: n.ColdCustomerHours, PeakColdCustomers: n.PeakColdCustomers, MinIndoor: n.MinIndoor}
	}
	for _, s := range n.Storage {
		out.Storage = append(out.Storage, Storage(s))
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
	return out
}

// finiteOrNull returns a pointer to v, or nil (JSON null) if v is not
// finite, as the ends of an interval the trials are too few for.
func finiteOrNull(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
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
		Mean: ens.Mean, StdErr: ens.StdErr, CI95Low: finiteOrNull(ens.CI95Low), CI95High: finiteOrNull(ens.CI95High),
		P50: ens.P50, P95: ens.P95, CVaR95: ens.CVaR95,
		LOLP: ad.LOLP, LOLPStdErr: ad.LOLPStdErr, LOLE: ad.LOLE, LOLEStdErr: ad.LOLEStdErr,
		EUE: ad.EUE, EUEStdErr: ad.EUEStdErr,
		ServiceRisks: []ServiceRisk{}, Metrics: map[string]Stat{}}
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
			StdErr: st.StdErr, CI95Low: finiteOrNull(st.CI95Low), CI95High: finiteOrNull(st.CI95High), Min: st.Min, Max: st.Max,
			P5: st.P5, P50: st.P50, P95: st.P95, P99: st.P99, CVaR95: st.CVaR95}
	}
	return r, nil
}

// WriteJSON writes the document of a run and, if sum is not nil, of a
// study (see NewDocument and Document), indented by two spaces and ending
// in a newline. The top-level indices are of the summary's network if sum
// is given, else of the first network. Object keys are sorted where they
// come from maps, so the output is deterministic. It returns an error if
// NewDocument does, if a number is not finite, or if w fails.
func WriteJSON(w io.Writer, res *scenario.Result, sum *scenario.Summary) error {
	d, err := NewDocument(res, sum, "")
	if err != nil {
		return err
	}
	return d.Encode(w)
}

// Encode writes d to w as WriteJSON does.
func (d *Document) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// ErrSchema is returned (wrapped) by ReadJSON for a document of another
// schema or of a version this package does not read.
var ErrSchema = errors.New("report: not a lifeline-report document of a supported version")

// ReadJSON decodes a document written by WriteJSON. Unknown keys are
// ignored. It returns an error wrapping ErrSchema if the schema is not
// "lifeline-report" or the version is not between 1 and Version, and a
// decoding error (with the byte offset for syntax errors) for malformed
// input. The whole input must be one JSON value.
func ReadJSON(r io.Reader) (*Document, error) {
	dec := json.NewDecoder(r)
	var d Document
	if err := dec.Decode(&d); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("report: read JSON at byte %d: %w", se.Offset, err)
		}
		return nil, fmt.Errorf("report: read JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("report: read JSON: data after the document")
	}
	if d.Schema != Schema {
		return nil, fmt.Errorf("%w: schema %q, want %q", ErrSchema, d.Schema, Schema)
	}
	if d.Version < 1 || d.Version > Version {
		return nil, fmt.Errorf("%w: version %d, want 1 to %d", ErrSchema, d.Version, Version)
	}
	return &d, nil
}
