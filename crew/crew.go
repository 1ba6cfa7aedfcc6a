package crew

import "github.com/lifeline-sim/lifeline/network"

// Level is the lockdown level of a zone. Levels are ordered: a larger
// Level is stricter.
type Level int

// Lockdown levels, from none to the strictest.
const (
	Open       Level = iota // no restriction
	Precaution              // 防范区: movement limited to the area
	Controlled              // 管控区: people stay in their compound
	Sealed                  // 封控区: nobody leaves home; entry only by permit
)

// String returns "open", "precaution", "controlled" or "sealed", and
// "unknown" for any other value.
func (l Level) String() string {
	switch l {
	case Open:
		return "open"
	case Precaution:
		return "precaution"
	case Controlled:
		return "controlled"
	case Sealed:
		return "sealed"
	}
	return "unknown"
}

// Valid reports whether l is one of the four levels.
func (l Level) Valid() bool { return l >= Open && l <= Sealed }

// Skill is what a team can repair: assets of one network kind and role. An
// empty Kind or Role matches any. New rejects a Kind or Role that is not
// empty and not valid (network.Kind.Valid, network.Role.Valid).
type Skill struct {
	Kind network.Kind
	Role network.Role
}

// Matches reports whether a team with skill s can work on need: each of
// Kind and Role is equal, or empty on either side.
func (s Skill) Matches(need Skill) bool {
	return (s.Kind == "" || need.Kind == "" || s.Kind == need.Kind) &&
		(s.Role == "" || need.Role == "" || s.Role == need.Role)
}

// Home counts the members of a team who live in one zone.
type Home struct {
	Zone  string // zone ID; must not be empty
	Count int    // members, ≥ 0
}

// Shift is a team's daily duty window, [Start, Start+Hours) in hours of
// the day; it may cross midnight (Start 22, Hours 8 is 22:00–06:00). The
// zero Shift is 24-hour duty. Hours of day are turned into hours from the
// scenario start with Config.StartHour.
type Shift struct {
	Start float64 // hour of day the shift starts, in [0, 24)
	Hours float64 // length in hours, ≥ 0; 0 or ≥ 24 means always on duty
}

// Team is a repair or operating crew. A team is mobile when Site is empty
// and closed-loop otherwise.
type Team struct {
	ID     string  // unique, not empty
	Skills []Skill // what it can repair; empty means anything
	Size   int     // members, ≥ 1
	// Base is the zone the team starts from and travels from.
	Base string
	// Vehicles limits how many jobs away from its base the team runs at
	// once; 0 means one per MinSize members (no vehicle limit). Must not
	// be negative. Ignored for closed-loop teams.
	Vehicles int
	// Homes says where members live; members not listed live outside
	// every zone. The counts must not sum above Size. Members living in a
	// sealed zone cannot come to work unless the team is a closed-loop
	// team whose site is in that zone (see Roster.Available).
	Homes []Home
	// Shift is the duty window of a mobile team; the zero value is
	// 24-hour duty. Closed-loop teams are always on duty.
	Shift Shift
	// Site binds a closed-loop team to one node (a plant or station): the
	// team lives on site, is never absent through lockdowns, never
	// travels, works only at Site, and keeps Site operating.
	Site string
}

// ClosedLoop reports whether t is a closed-loop team (Site is not empty).
func (t Team) ClosedLoop() bool { return t.Site != "" }

func (t Team) clone() Team {
	t.Skills = append([]Skill(nil), t.Skills...)
	t.Homes = append([]Home(nil), t.Homes...)
	return t
}

// Absence makes a share of staff unavailable (sickness, quarantine,
// caring for family) over the window [From, To). Several absences active
// at once on one team combine as independent shares: the share absent is
// 1 − Π(1 − Share). See Roster.Available.
type Absence struct {
	Team  string  // team ID; "" for every team that is not closed-loop
	Share float64 // in [0, 1]
	From  float64 // hours from the scenario start; may be negative
	To    float64 // hours from the scenario start; ≤ From means to the end
}

// EntryRule says how outside crews enter a zone at a lockdown level.
type EntryRule struct {
	Level     Level
	Forbidden bool    // no entry at all
	Delay     float64 // hours for permits and protective equipment, ≥ 0, finite
}

// TravelTime is the time between two different zones, in hours, both
// ways. Zones are not empty; Hours is ≥ 0 and finite.
type TravelTime struct {
	From, To string
	Hours    float64
}

// Task is a repair waiting for a crew.
type Task struct {
	ID      int     // sequence number, unique in a run
	Network string  // network the asset belongs to
	Asset   string  // ID of the failed node or link
	Zone    string  // zone of the asset ("" for none)
	Need    Skill   // skill required
	MinSize int     // members required on site; 0 means 1
	Created float64 // hours from the start when the fault happened
	// Impact is the value-weighted unserved demand the fault causes now
	// (money per hour); the engine keeps it current.
	Impact float64
	// Work is the hands-on repair time in hours; draw it with
	// Work.Sample.
	Work WorkTime
}

// Candidate is a task a team could take now, with what it would cost.
type Candidate struct {
	Task   *Task
	Travel float64 // hours from the team's base to the asset, including entry delay
}

// Policy picks the next task for a team. Implementations must be
// deterministic: equal inputs give equal picks.
type Policy interface {
	// Pick returns the index in cands of the task team should take next,
	// or -1 to leave the team idle. cands is never empty and is ordered by
	// task ID.
	Pick(now float64, team *Team, cands []Candidate) int
}
