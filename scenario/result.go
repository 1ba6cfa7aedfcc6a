package scenario

import (
	"math"

	"github.com/shopspring/decimal"

	"github.com/lifeline-sim/lifeline/network"
)

// Group holds the totals of one group of consumers (a network, a class or a
// zone) over a run. Quantities are in the network's quantity unit (kWh or
// m³); times in hours.
type Group struct {
	Name      string
	Consumers int
	Customers int
	// Demand and Served are the energy or volume asked for and delivered.
	Demand, Served float64
	// IndirectENS is the part of ENS caused by other utilities through
	// couplings (see Coupling); DirectENS is the rest.
	IndirectENS float64
	// ECSHours integrates the mean of the consumers' own coverage ratios
	// over time; ECS divides it by the horizon.
	ECSHours float64
	// EOH is the equivalent outage hours, ∫(1 − coverage) dt with coverage
	// by volume (PCS) at each instant.
	EOH float64
	// CustomerHoursLost is Σ customers × (1 − coverage) × Δt.
	CustomerHoursLost float64
	// Interruptions counts customer interruptions (Σ Nᵢ): a consumer's
	// coverage falling below the scenario's threshold for longer than a
	// momentary interruption, weighted by its customers.
	Interruptions float64
	// InterruptionHours is the customer interruption duration Σ rᵢ·Nᵢ.
	InterruptionHours float64
	// ValueLost is the energy or volume not supplied times the value of
	// lost load of each consumer's class, in money.
	ValueLost decimal.Decimal
}

// ENS returns the energy or volume not supplied, Demand − Served (≥ 0).
func (g Group) ENS() float64 { return math.Max(g.Demand-g.Served, 0) }

// DirectENS returns the energy or volume not supplied for the network's
// own reasons: ENS minus IndirectENS.
func (g Group) DirectENS() float64 { return math.Max(g.ENS()-g.IndirectENS, 0) }

// PCS returns coverage by volume over the run, Served/Demand; 1 with no
// demand.
func (g Group) PCS() float64 {
	if g.Demand <= 0 {
		return 1
	}
	return math.Min(g.Served/g.Demand, 1)
}

// ECS returns the time-averaged mean per-consumer coverage over a run of
// horizon hours.
func (g Group) ECS(horizon float64) float64 {
	if horizon <= 0 {
		return 1
	}
	return g.ECSHours / horizon
}

// SAIFI returns the system average interruption frequency index,
// interruptions per customer over the run (IEEE 1366); 0 with no customers.
func (g Group) SAIFI() float64 {
	if g.Customers == 0 {
		return 0
	}
	return g.Interruptions / float64(g.Customers)
}

// SAIDI returns the system average interruption duration index in hours
// per customer over the run (IEEE 1366).
func (g Group) SAIDI() float64 {
	if g.Customers == 0 {
		return 0
	}
	return g.InterruptionHours / float64(g.Customers)
}

// CAIDI returns SAIDI/SAIFI, the mean duration of an interruption in
// hours; 0 when there was none.
func (g Group) CAIDI() float64 {
	if g.Interruptions == 0 {
		return 0
	}
	return g.InterruptionHours / g.Interruptions
}

// ASAI returns the average service availability index over a run of
// horizon hours, 1 − Σrᵢ·Nᵢ/(N_T·H).
func (g Group) ASAI(horizon float64) float64 {
	if g.Customers == 0 || horizon <= 0 {
		return 1
	}
	return 1 - g.InterruptionHours/(float64(g.Customers)*horizon)
}

// NetResult is what one utility went through in a run.
type NetResult struct {
	ID   string
	Kind network.Kind
	// Total covers every consumer; ByClass each class in rank order;
	// ByZone each zone of the network in declaration order.
	Total   Group
	ByClass []Group
	ByZone  []Group
	// MinCriticalCoverage is the lowest coverage by volume of the
	// highest-priority class at any instant (1 if it has no demand).
	MinCriticalCoverage float64
	// LongestCriticalBelow is, for each of the scenario's service levels,
	// the longest stretch in hours with critical coverage below the level.
	LongestCriticalBelow []float64
	// LossOfLoadHours is the time with any demand unserved.
	LossOfLoadHours float64
	// FirstShortfall is when demand first went unserved, −1 if never.
	FirstShortfall float64
	// ShortfallEvents counts the shortfall events: maximal stretches of
	// positive length with demand unserved (one still under way at the
	// horizon included). Their durations add up to LossOfLoadHours;
	// ShortfallENS is the energy or volume unserved during them (ENS
	// without what went unserved within the 1e-9 tolerance of "short").
	ShortfallEvents int
	ShortfallENS    float64
	// ShortfallClockHours counts the clock hours [h, h+1), h = 0, 1, …
	// hours from the start, that overlap a shortfall for a positive time
	// (the last, partial hour of a horizon that is not a whole number of
	// hours included): the hours of a loss-of-load count in the PRAS
	// convention.
	ShortfallClockHours int
	// Restored reports whether full supply came back and stayed to the
	// end; TimeToRestore is then the hours from FirstShortfall to that
	// moment, otherwise to the horizon. Zero when never short.
	Restored      bool
	TimeToRestore float64
	// ColdCustomerHours integrates heat customers whose indoor temperature
	// is below the cold threshold (16 °C by default); PeakColdCustomers is
	// the most at once (sampled at events); MinIndoor the lowest indoor
	// temperature of any heat consumer. Zero for other kinds or without
	// weather.
	ColdCustomerHours float64
	PeakColdCustomers int
	MinIndoor         float64
	// Storage reports each storage node.
	Storage []StorageResult
	// Timeline is the run sampled at the scenario's resolution.
	Timeline Timeline
}

// StorageResult follows one storage through a run. Levels in kWh or m³.
type StorageResult struct {
	ID       string
	Start    float64
	Min      float64
	End      float64
	DryAt    float64 // hours when it first ran dry, −1 if never
	DryHours float64 // hours spent empty
}

// Timeline holds per-bucket values of one utility. Bucket b covers
// [Start[b], Start[b]+Resolution).
type Timeline struct {
	Start []float64
	// Coverage by volume and mean per-consumer coverage in each bucket.
	Coverage []float64
	ECS      []float64
	// Unserved is the energy or volume not supplied in each bucket.
	Unserved []float64
	// ClassCoverage[k][b] is class k's coverage by volume in bucket b.
	ClassCoverage [][]float64
	// ZoneUnserved[z][b] is zone z's unserved energy or volume.
	ZoneUnserved [][]float64
	// ShortHours is the time in hours within each bucket with any demand
	// of the network unserved; its sum is NetResult.LossOfLoadHours.
	ShortHours []float64
	// ColdCustomers is the mean number of heat customers below the cold
	// threshold; MeanIndoor the customer-weighted mean indoor temperature
	// in °C (heat with weather only).
	ColdCustomers []float64
	MeanIndoor    []float64
}

// CrewResult is what the crews did in a run.
type CrewResult struct {
	// AvailableHours and BusyHours are member-hours available and on jobs
	// (travel included). Only members available work, so BusyHours never
	// exceeds AvailableHours.
	AvailableHours, BusyHours float64
	// Tasks counts repairs created; Started those a crew reached;
	// Completed those done. Stopped counts jobs broken off because their
	// team lost the members they needed (absences, the end of a shift,
	// members stuck at home in a sealed zone); each went back to the
	// queue with the work done so far kept, and is counted once more in
	// Completed only when finished.
	Tasks, Started, Completed, Stopped int
	// WaitHours sums the time from fault to the start of work; MaxWait is
	// the longest.
	WaitHours, MaxWait float64
	// LongestRepair is the longest time from a fault to its repair.
	LongestRepair float64
	// Utilisation[b] is busy over available member-hours in bucket b.
	Utilisation []float64
}

// UtilisationTotal returns busy over available member-hours over the run
// (0 if none).
func (c CrewResult) UtilisationTotal() float64 {
	if c.AvailableHours <= 0 {
		return 0
	}
	return c.BusyHours / c.AvailableHours
}

// MeanWait returns the mean hours from fault to the start of work.
func (c CrewResult) MeanWait() float64 {
	if c.Started == 0 {
		return 0
	}
	return c.WaitHours / float64(c.Started)
}

// Result is the outcome of one run.
type Result struct {
	Scenario   string
	Seed       uint64
	Horizon    float64
	Resolution float64
	Networks   []NetResult
	Crew       CrewResult
	// Faults lists the stochastic faults of the run in the order they
	// happened (a fault under way at time 0 first), for pairing variants
	// of a scenario (see StreamID).
	Faults []FaultEvent
}

// FaultEvent is one stochastic fault of a run.
type FaultEvent struct {
	Network, Asset string
	// At is when the asset failed, in hours (0 for a repair under way at
	// the start of a steady-state run).
	At float64
	// Candidate is the number of the candidate of the asset's fault
	// process that failed it (from 1; 0 for a repair under way at time
	// 0): equal candidates in two variants are the same fault.
	Candidate int
	// Work is the hands-on repair time drawn for it, in hours (for a
	// repair under way at time 0, the part still to do).
	Work float64
	// Repaired is when the repair was done, −1 if not by the horizon.
	Repaired float64
}

// Net returns the result of the utility with the given ID.
func (r *Result) Net(id string) (*NetResult, bool) {
	for i := range r.Networks {
		if r.Networks[i].ID == id {
			return &r.Networks[i], true
		}
	}
	return nil, false
}
