package crew

import (
	"fmt"
	"math"
)

// Roster is a validated workforce: teams, absences, travel times and entry
// rules. Build it with New. A Roster is immutable and safe for concurrent
// use by any number of goroutines.
//
// Teams are addressed by their dense index 0..NumTeams()-1, in the order of
// Config.Teams. Methods taking a team index panic when it is out of range,
// a programming error; every other input is accepted and its handling is
// documented per method.
type Roster struct {
	teams      []Team
	teamIdx    map[string]int
	absences   [][]Absence // per team: the absences that apply to it
	absList    []Absence   // Config.Absences, in order
	travelList []TravelTime
	travel     map[zonePair]float64
	defTravel  float64
	sameTravel float64
	entry      [Sealed + 1]EntryRule
	policy     Policy
	startHour  float64
}

// zonePair is an unordered pair of zones, the smaller first.
type zonePair struct{ a, b string }

func pairOf(x, y string) zonePair {
	if y < x {
		x, y = y, x
	}
	return zonePair{x, y}
}

// NumTeams returns the number of teams.
func (r *Roster) NumTeams() int { return len(r.teams) }

// Team returns a copy of team i; changing it does not change the Roster.
func (r *Roster) Team(i int) Team { return r.team(i).clone() }

// TeamIndex returns the index of the team with the given ID, and false if
// there is none.
func (r *Roster) TeamIndex(id string) (int, bool) {
	i, ok := r.teamIdx[id]
	return i, ok
}

// StartHour returns the hour of day at the scenario start, in [0, 24).
func (r *Roster) StartHour() float64 { return r.startHour }

func (r *Roster) team(i int) *Team {
	if i < 0 || i >= len(r.teams) {
		panic(fmt.Sprintf("crew: team index %d out of range [0, %d)", i, len(r.teams)))
	}
	return &r.teams[i]
}

// fullDay reports whether the shift covers the whole day.
func fullDay(s Shift) bool { return s.Hours == 0 || s.Hours >= 24 }

// mod24 returns x modulo 24 in [0, 24).
func mod24(x float64) float64 {
	m := math.Mod(x, 24)
	if m < 0 {
		m += 24
	}
	if m >= 24 { // -tiny + 24 rounds to 24
		m = 0
	}
	return m
}

// OnShift reports whether team i is on duty at now (hours from the
// scenario start). A shift is the window [Start, Start+Hours) of every day,
// crossing midnight if it must; a closed-loop team, and a team with a zero
// or ≥ 24-hour shift, is always on duty. A NaN now is off duty for teams
// with a shift. Panics if i is out of range.
func (r *Roster) OnShift(i int, now float64) bool {
	t := r.team(i)
	if t.ClosedLoop() || fullDay(t.Shift) {
		return true
	}
	return mod24(r.startHour+now-t.Shift.Start) < t.Shift.Hours
}

// active reports whether the absence covers now: From ≤ now < To, or
// From ≤ now when To ≤ From (to the end).
func (a *Absence) active(now float64) bool {
	if now < a.From {
		return false
	}
	return a.To <= a.From || now < a.To
}

// absentTolerance absorbs rounding in Size × share before rounding up, so
// that 10 × 0.3 counts 3 members absent and not 4.
const absentTolerance = 1e-9

// Available returns how many members of team i can work at now (hours
// from the scenario start) on a site in siteZone, given the level of every
// zone (level may be nil: every zone open).
//
//   - A mobile team off shift has 0 available; a closed-loop team is always
//     on duty.
//   - Absences: those active at now that name the team, and for a mobile
//     team also those with an empty Team, combine as independent shares:
//     share = 1 − Π(1 − Shareₖ). The number absent is Size × share
//     rounded up (so availability is rounded down).
//   - Lockdowns: members of a mobile team whose Home zone is at level
//     Sealed are stuck at home and are subtracted as well, even when
//     siteZone is their own zone (they may not leave home). A closed-loop
//     team lives on site and loses nobody to lockdowns: its members living
//     in siteZone (the zone of its Site) are exactly the ones running the
//     site, and those living elsewhere are on site too. siteZone therefore
//     does not change the result; it says where the work is.
//
// The two losses are counted separately and added, which is conservative:
// available = max(0, Size − absent − stuck at home). Runs in O(absences of
// the team + homes). Panics if i is out of range; a NaN now is off duty
// and outside every absence window.
func (r *Roster) Available(i int, now float64, level func(zone string) Level, siteZone string) int {
	t := r.team(i)
	if !r.OnShift(i, now) {
		return 0
	}
	keep := 1.0
	for k := range r.absences[i] {
		if a := &r.absences[i][k]; a.active(now) {
			keep *= 1 - a.Share
		}
	}
	absent := 0
	if keep < 1 {
		x := float64(t.Size) * (1 - keep)
		absent = int(math.Ceil(x - absentTolerance*math.Max(1, x)))
	}
	stuck := 0
	if !t.ClosedLoop() && level != nil {
		for _, h := range t.Homes {
			if level(h.Zone) == Sealed {
				stuck += h.Count
			}
		}
	}
	return max(0, t.Size-absent-stuck)
}

// NextChange returns the next time after now (hours from the scenario
// start) at which the availability of team i can change by itself: the
// next start or end of its shift (mobile teams with a shift shorter than
// 24 h) or the next edge of an absence window that applies to it. It
// returns +Inf if there is none. Lockdown changes are not included: they
// are the caller's events. Panics if i is out of range; a NaN now gives
// +Inf.
func (r *Roster) NextChange(i int, now float64) float64 {
	t := r.team(i)
	next := math.Inf(1)
	if math.IsNaN(now) {
		return next
	}
	consider := func(x float64) {
		if x > now && x < next {
			next = x
		}
	}
	if !t.ClosedLoop() && !fullDay(t.Shift) {
		for _, edge := range [2]float64{t.Shift.Start, t.Shift.Start + t.Shift.Hours} {
			// Scenario times at which the hour of day equals edge are
			// edge − startHour + 24k; take the first after now.
			d := mod24(now + r.startHour - edge)
			consider(now - d + 24)
		}
	}
	for k := range r.absences[i] {
		a := &r.absences[i][k]
		if a.Share == 0 {
			continue
		}
		consider(a.From)
		if a.To > a.From {
			consider(a.To)
		}
	}
	return next
}

// Travel returns the travel time in hours between two zones, the same both
// ways: Config.SameZoneTravel when the zones are equal (also for "" and
// ""), the time listed in Config.Travel for the pair, and
// Config.DefaultTravel otherwise. The empty zone "" is outside every zone
// and is DefaultTravel away from any other zone. Unknown zones get
// DefaultTravel.
func (r *Roster) Travel(fromZone, toZone string) float64 {
	if fromZone == toZone {
		return r.sameTravel
	}
	if h, ok := r.travel[pairOf(fromZone, toZone)]; ok {
		return h
	}
	return r.defTravel
}

// Entry returns the rule for outside crews entering a zone at level:
// whether entry is forbidden, and otherwise the delay in hours for permits
// and protective equipment, added to the travel time. Levels without a
// rule in Config.Entry: Sealed has a 2 h delay, the others none; an
// unknown level gives (false, 0).
func (r *Roster) Entry(level Level) (forbidden bool, delay float64) {
	if !level.Valid() {
		return false, 0
	}
	e := r.entry[level]
	return e.Forbidden, e.Delay
}

// Slots returns how many jobs team i can run at once with available
// members when each job needs minSize members (minSize ≤ 0 counts as 1):
// available / minSize rounded down, capped by Vehicles for a mobile team
// with Vehicles > 0. A negative available gives 0. Panics if i is out of
// range.
func (r *Roster) Slots(i int, available int, minSize int) int {
	t := r.team(i)
	if available <= 0 {
		return 0
	}
	if minSize < 1 {
		minSize = 1
	}
	n := available / minSize
	if !t.ClosedLoop() && t.Vehicles > 0 {
		n = min(n, t.Vehicles)
	}
	return n
}

// CanDo reports whether team i has a skill matching need (Skill.Matches);
// a team with no skills can do anything. It does not check where the work
// is: a closed-loop team works only at its Site, which is the caller's to
// enforce. Panics if i is out of range.
func (r *Roster) CanDo(i int, need Skill) bool {
	t := r.team(i)
	if len(t.Skills) == 0 {
		return true
	}
	for _, s := range t.Skills {
		if s.Matches(need) {
			return true
		}
	}
	return false
}

// Policy returns the dispatch policy: Config.Policy, or ImpactFirst{} if
// it was nil.
func (r *Roster) Policy() Policy { return r.policy }

// Absences returns a copy of the absences of the Config, in order.
func (r *Roster) Absences() []Absence { return append([]Absence(nil), r.absList...) }

// TravelTimes returns a copy of the travel times of the Config, in order.
func (r *Roster) TravelTimes() []TravelTime { return append([]TravelTime(nil), r.travelList...) }

// Config returns a configuration that New turns into a roster equal to r:
// copies of its teams, absences and travel times in order, its travel
// defaults, an entry rule for every level and its policy. Change it and
// call New for a variant of the workforce (a team added, a team larger).
func (r *Roster) Config() Config {
	cfg := Config{
		Teams:          make([]Team, len(r.teams)),
		Absences:       r.Absences(),
		Travel:         r.TravelTimes(),
		DefaultTravel:  r.defTravel,
		SameZoneTravel: r.sameTravel,
		Entry:          append([]EntryRule(nil), r.entry[:]...),
		Policy:         r.policy,
		StartHour:      r.startHour,
	}
	for i := range r.teams {
		cfg.Teams[i] = r.teams[i].clone()
	}
	return cfg
}
