package scenario

import (
	"time"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// Scenario is a lockdown to play out. The zero value of every optional field
// is a sensible default, stated field by field. A Scenario is read, never
// changed, by the engine: one Scenario may drive any number of concurrent
// runs once Compile has succeeded.
type Scenario struct {
	// Name identifies the scenario in reports.
	Name string
	// Currency is the ISO 4217 code of the money of the classes' values of
	// lost load, such as "CNY" or "EUR"; reports show it with every amount.
	// If empty, amounts are shown without a currency.
	Currency string
	// Start is the wall-clock start; its hour of day aligns daily profiles
	// and crew shifts. If it is the zero time, midnight.
	Start time.Time
	// Horizon is the length of the run in hours. Required (> 0).
	Horizon float64
	// Resolution is the width of a timeline bucket in hours. If zero, 1.
	Resolution float64

	// Utilities are the networks played out together. At least one.
	Utilities []Utility
	// Crew is the workforce that repairs faults and operates sites; nil
	// means no crews: outages needing repair stay out, and faults are
	// repaired after their work time without travel.
	Crew *crew.Roster

	Lockdowns []Lockdown
	Profiles  []Profile
	Spikes    []Spike
	Weather   *Weather
	Series    []CapacitySeries
	// Demands set consumers' demand over time (metered AMI or SCADA
	// series, load shapes).
	Demands    []DemandSeries
	Outages    []Outage
	Cuts       []SupplyCut
	NewLoads   []NewLoad
	Deliveries []Delivery
	Faults     []FaultModel
	// Couplings make utilities depend on each other (gas → boiler rooms,
	// power → pumps).
	Couplings []Coupling
	// SteadyStart starts every asset with a fault model in its steady
	// state, as if the faults had been going on for ever: down with
	// probability MTTR/(MTTF + MTTR), MTTR the mean of its repair time,
	// and then with a repair under way whose work left is drawn from the
	// equilibrium distribution of the repair time (density
	// (1 − F(x))/MTTR, mean E[R²]/(2·MTTR): crew.WorkTime.SampleResidual),
	// not a fresh repair. Up at the start, it fails after an exponential
	// time, the Poisson process being memoryless. With crews, travel and
	// waiting come on top of that work.
	SteadyStart bool

	// Interruption is the coverage below which a consumer counts as
	// interrupted for SAIFI, SAIDI, CAIDI and ASAI. If zero, any shortfall
	// (coverage below 1 − 1e-9).
	Interruption float64
	// Momentary is the longest interruption, in hours, that is momentary
	// and not counted (IEEE 1366). If zero, 5 minutes; negative counts
	// every interruption. Durations are compared with a tolerance of
	// 10⁻⁹ of the clock (at least 10⁻⁹ h), so the result does not depend
	// on the time of day the interruption falls at.
	Momentary float64
	// ServiceLevels are the service-level risks tracked per run: the
	// longest time critical coverage stays below Level. If nil, one level:
	// 0.95 for 24 h.
	ServiceLevels []ServiceLevel
}

// Utility is one network of a scenario.
type Utility struct {
	// ID names the network in events and reports; if empty, the network's
	// name, else its kind.
	ID  string
	Net *network.Network
	// Policy shares shortages; the zero value is priority-fair.
	Policy supply.Policy
}

// Lockdown puts a zone at a level over a window. Zones are matched by ID in
// every network that declares them. Effects: outside crews need the entry
// rule of the level (package crew); staff living in a sealed zone cannot
// come to work; residential demand in the zone is multiplied by
// DemandFactor; a station or source that needs operators inside a sealed
// zone runs only while a closed-loop team bound to it has members present.
type Lockdown struct {
	Zone  string
	Level crew.Level
	From  float64 // hours
	To    float64 // hours; ≤ From means until the end
	// DemandFactor multiplies residential demand in the zone. If zero, the
	// default of the level: sealed 1.15, controlled 1.10, precaution 1.05
	// (assumed: people at home all day; replace with metered figures).
	DemandFactor float64
}

// Profile multiplies demand by hour of day. Every matching profile applies.
type Profile struct {
	Network string // utility ID; "" for all
	Class   string // class name; "" for all
	// Hourly holds 24 multipliers, for hours 0..23 of the day.
	Hourly []float64
}

// Spike multiplies demand over a window (stay-at-home: residential up,
// commercial down). Every matching spike applies.
type Spike struct {
	Network string  // utility ID; "" for all
	Kind    string  // network kind; "" for all
	Zone    string  // zone ID; "" for all
	Class   string  // class name; "" for all
	Factor  float64 // multiplier, ≥ 0
	From    float64 // hours
	To      float64 // hours; ≤ From means until the end
}

// Weather drives heat demand by the degree-hour method,
// Q = Q_design·(T_in − T_out)/(T_in − T_design), and heat consumers' indoor
// temperature, which relaxes toward T_out + c·(T_in − T_out) (c the
// consumer's coverage) with time constant TimeConstant.
type Weather struct {
	// Outdoor is the outdoor temperature in °C, one value per Step from
	// Start; the last value holds after its end. Required.
	Outdoor []float64
	// Step is the hours each value of Outdoor holds; if zero, 1.
	Step float64
	// Start is when the first value begins, in hours from the scenario
	// start: 0, or negative for a record that begins earlier (values
	// before the start are skipped). It must not be after the start.
	Start float64
	// Design is the design outdoor temperature in °C at which heat
	// consumers draw their nominal demand. Required, below Indoor.
	Design float64
	// Indoor is the indoor set point in °C. If zero, 18.
	Indoor float64
	// TimeConstant is the buildings' thermal time constant in hours. If
	// zero, 40.
	TimeConstant float64
	// Cold is the indoor temperature in °C below which customers count as
	// cold. If zero, 16.
	Cold float64
}

// CapacitySeries sets an asset's capacity over time (wind, a heat plant's
// limit, a SCADA record of a station's rating). Exactly one of Scale and
// Capacity is given. On a consumer it sets the consumer's demand instead,
// as a DemandSeries of that consumer does (Capacity then being its
// demand).
//
// Value k holds over [Start + k·Step, Start + (k+1)·Step); the last holds
// after the end.
type CapacitySeries struct {
	Network string
	Asset   string
	// Scale holds multipliers of the built capacity.
	Scale []float64
	// Capacity holds absolute capacities in the flow unit; the asset's
	// built capacity must be finite.
	Capacity []float64
	// Step is the hours each value holds; if zero, 1.
	Step float64
	// Start is when the first value begins, in hours from the scenario
	// start: 0, or negative for a record that begins earlier. It must not
	// be after the start.
	Start float64
}

// DemandSeries sets the demand of one consumer, or of the consumers of a
// class and/or a zone, over time: a meter's record, a feeder's load, a
// load shape. Exactly one of Scale and Demand is given; value k holds
// over [Start + k·Step, Start + (k+1)·Step), the last after the end.
//
//   - Scale multiplies the demand the consumers would have otherwise
//     (nominal demand × profiles × weather × lockdown factor × spikes).
//   - Demand is absolute, in the flow unit: the consumer's demand, or the
//     group's total shared over its consumers in proportion to their
//     nominal demand. It replaces the nominal demand, the daily profiles
//     and the weather's degree-hour factor, which a metered series holds
//     already; lockdown demand factors and spikes, the what-ifs of the
//     scenario, still multiply it. A consumer may take absolute demand
//     from one series only.
//
// Several series on one consumer multiply.
type DemandSeries struct {
	Network  string // utility ID; "" for all (a class or zone in each)
	Consumer string // one consumer; or
	Class    string // the consumers of a class,
	Zone     string // and/or of a zone
	Scale    []float64
	Demand   []float64
	// Step is the hours each value holds; if zero, 1.
	Step float64
	// Start is when the first value begins, in hours from the scenario
	// start: 0, or negative. It must not be after the start.
	Start float64
}

// Outage takes an asset out at a fixed time.
type Outage struct {
	Network string
	Asset   string
	At      float64 // hours
	// Duration restores the asset by itself after this many hours; zero
	// means it stays out until repaired (if Repair) or to the end.
	Duration float64
	// Repair makes the outage a repair task for the crews.
	Repair bool
	// Work is the repair's hands-on time; required when Repair.
	Work crew.WorkTime
	// MinCrew is the number of crew members the repair needs; if zero, 1.
	MinCrew int
}

// SupplyCut limits a source or storage to a share of its capacity over a
// window: upstream gas curtailed, fuel deliveries disrupted.
type SupplyCut struct {
	Network string
	Asset   string
	Scale   float64 // remaining share, in [0, 1]
	From    float64 // hours
	To      float64 // hours; ≤ From means until the end
}

// NewLoad connects a consumer at a time (a testing site energised at
// night): before At its demand is zero.
type NewLoad struct {
	Network  string
	Consumer string
	At       float64 // hours
}

// Delivery adds stock to a storage (coal, LNG), capped at its MaxLevel.
type Delivery struct {
	Network string
	Storage string
	At      float64 // hours
	Amount  float64 // kWh or m³
	// Every repeats the delivery at this interval in hours; zero: once.
	Every float64
	// Until ends the repetitions; zero: the horizon.
	Until float64
}

// FaultModel gives stochastic faults to the assets it selects: one named
// asset, or a selection by role (or links), zone, class and attributes.
// Each asset takes the most specific model that selects it (see
// Specificity); among equally specific ones, the first in Scenario.Faults.
//
// An asset fails as a Poisson process at Rate (raised in the cold) and
// each failure is a repair task like an outage's.
type FaultModel struct {
	Network string // utility ID; "" for all
	// Asset names one node or link; it excludes every other selector.
	Asset string
	Role  network.Role // node role; "" for any
	Links bool         // links only (no Role then)
	// Zone selects nodes in the zone, and links in it: a link's own zone
	// or, for a link without one, the zone of either end.
	Zone string
	// Class selects consumers of the class.
	Class string
	// Attrs selects nodes and links whose attributes hold every pair
	// (an asset register's "type": "cable").
	Attrs map[string]string
	// Rate is failures per asset per year (8760 h) in normal weather.
	// MTTF, the mean time to failure in hours, may be given instead:
	// Rate = 8760/MTTF. Give exactly one.
	Rate float64
	MTTF float64
	// ColdBelow and ColdFactor raise the rate: below ColdBelow °C outdoor
	// it is multiplied by ColdFactor (≥ 1). Zero ColdFactor: no effect.
	ColdBelow  float64
	ColdFactor float64
	// Repair is the hands-on repair time. Required.
	Repair crew.WorkTime
	// MinCrew is the number of crew members a repair needs; if zero, 1.
	MinCrew int
}

// ServiceLevel is a coverage level of the critical class to watch: a run
// reports the longest stretch with critical coverage below Level, and a
// study the probability that it exceeds Duration.
type ServiceLevel struct {
	Level    float64 // coverage, in (0, 1]
	Duration float64 // hours
}

// Coupling makes one utility depend on another: consumer Consumer of
// utility From feeds asset Asset (a source, storage or station) of utility
// To, whose capacity then follows the coverage From gives that consumer: a
// boiler room burning gas, a pump station or heat circulation pumps fed by
// a substation. Several couplings into one asset multiply.
//
// At every event the engine settles the cascade to a fixed point: it sets
// every coupled asset to full capacity, then repeats "solve every network,
// set each coupled asset's scale to min(its scale, the coverage of its
// consumers)" until no scale moves by more than 1e-9, at most 100 rounds.
// The scales only decrease, so the iteration always ends; when coverage
// never falls as upstream capacity grows (as in radial couplings, chains
// and proportional sharing) it ends at the greatest fixed point, the state
// the cascade reaches from full supply, and an acyclic chain of couplings
// of depth d settles in d+1 rounds. Losses in To caused by the shortfall
// are reported separately (Group.IndirectENS).
type Coupling struct {
	From     string // utility ID of the supplying network
	Consumer string // consumer in From
	To       string // utility ID of the dependent network
	Asset    string // source, storage or station in To
	// Factor, if positive, sets the consumer's demand to Factor × the
	// asset's built capacity: m³/h of gas per kW of heat, kW of power per
	// kW of pumping. The consumer then ignores profiles, spikes, lockdown
	// factors and weather. If zero, the consumer keeps the demand of its
	// network and its drivers.
	Factor float64
}

// Specificity ranks how closely a fault model selects assets: a named
// asset above everything; then, in this order, the number of attributes,
// a class, a zone, a role (or links), a network. Compare with cmp.Compare:
// each criterion outranks all those after it together.
func (f *FaultModel) Specificity() int {
	s := 0
	if f.Asset != "" {
		s += 1 << 20
	}
	s += min(len(f.Attrs), 255) << 8
	if f.Class != "" {
		s += 1 << 6
	}
	if f.Zone != "" {
		s += 1 << 4
	}
	if f.Role != "" || f.Links {
		s += 1 << 2
	}
	if f.Network != "" {
		s++
	}
	return s
}
