package crew

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
)

// Default values used by New when a Config field is zero or a level has no
// entry rule.
const (
	DefaultTravelHours  = 1.0  // hours between two different zones not listed in Config.Travel
	SameZoneTravelHours = 0.25 // hours within one zone
	SealedEntryDelay    = 2.0  // hours for permits and protective equipment to enter a sealed zone
)

// Config describes a workforce. Its zero value is a valid, empty roster;
// every optional field states its default.
type Config struct {
	// Teams are the crews, in the order Roster indices follow.
	Teams []Team
	// Absences make shares of staff unavailable over time windows.
	Absences []Absence
	// Travel lists travel times between pairs of different zones, in
	// hours, both ways. Each unordered pair at most once.
	Travel []TravelTime
	// DefaultTravel is the time in hours between two different zones not
	// listed in Travel, and between a zone and "" (outside every zone).
	// If zero, 1 (DefaultTravelHours).
	DefaultTravel float64
	// SameZoneTravel is the time in hours within one zone. If zero, 0.25
	// (SameZoneTravelHours).
	SameZoneTravel float64
	// Entry gives the rule for outside crews entering a zone, per
	// lockdown level, each level at most once. Levels not listed: Sealed
	// needs a delay of 2 h (SealedEntryDelay) for permits and protective
	// equipment; the others need nothing.
	Entry []EntryRule
	// Policy dispatches repairs. If nil, ImpactFirst{}.
	Policy Policy
	// StartHour is the hour of day at the scenario start, in [0, 24); it
	// places shifts, which are given in hours of day. If zero, midnight.
	StartHour float64
}

// ErrInvalid is matched (errors.Is) by every error New returns.
var ErrInvalid = errors.New("crew: invalid configuration")

// FieldError is one problem with one field of one element of a Config.
// New returns these joined with errors.Join; read them with Problems or
// errors.As. Each matches ErrInvalid.
type FieldError struct {
	// Element is "team", "absence", "travel", "entry" or "config".
	Element string
	// Index is the element's position in its Config slice; -1 for
	// "config".
	Index int
	// ID is the team's ID for Element "team" when it is not empty.
	ID string
	// Field names the field at fault, e.g. "size" or "homes[1].count".
	Field string
	// Msg says what is wrong.
	Msg string
}

// Error formats the problem as `crew: team "t3": size: -2 is negative;
// want a number of members ≥ 1`;
// an element without an ID is named by its position: `crew: absence 1:
// share: value 1.5 outside [0, 1]`.
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("crew: ")
	b.WriteString(e.Element)
	switch {
	case e.ID != "":
		b.WriteString(" " + network.Quote(e.ID))
	case e.Index >= 0:
		fmt.Fprintf(&b, " %d", e.Index)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Is reports whether target is ErrInvalid.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Problems returns every *FieldError inside err, in order, unwrapping
// joined and wrapped errors. It returns nil for nil.
func Problems(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if fe, ok := e.(*FieldError); ok {
			out = append(out, fe)
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}

type problems []error

func (p *problems) add(elem string, index int, id, field, format string, args ...any) {
	*p = append(*p, &FieldError{Element: elem, Index: index, ID: id, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// number reports a NaN, a negative value (saying what is allowed: want)
// and, if finite, an infinite one.
func (p *problems) number(elem string, index int, id, field string, v float64, finite bool, want string) bool {
	switch {
	case math.IsNaN(v):
		p.add(elem, index, id, field, "not a number")
	case v < 0:
		p.add(elem, index, id, field, "%g is negative; want %s", v, want)
	case finite && math.IsInf(v, 1):
		p.add(elem, index, id, field, "infinite value")
	default:
		return true
	}
	return false
}

// unknownTeam formats a reference to a team that does not exist, with
// the nearest team ID, or the teams when there are at most eight.
func unknownTeam(id string, teams []Team) string {
	var ids []string
	seen := map[string]bool{}
	for _, t := range teams {
		if t.ID != "" && !seen[t.ID] {
			seen[t.ID] = true
			ids = append(ids, t.ID)
		}
	}
	msg := "unknown team " + network.Quote(id)
	if s := network.Suggest(id, ids); s != "" && network.Quote(s) != network.Quote(id) {
		return msg + "; did you mean " + network.Quote(s) + "?"
	}
	switch {
	case len(ids) == 0:
		return msg + " (there are no teams)"
	case len(ids) <= 8:
		q := make([]string, len(ids))
		for i, t := range ids {
			q[i] = network.Quote(t)
		}
		return msg + " (the teams are " + strings.Join(q, ", ") + ")"
	}
	return msg
}

// hourOfDay reports a value that is NaN or outside [0, 24).
func (p *problems) hourOfDay(elem string, index int, id, field string, v float64) {
	switch {
	case math.IsNaN(v):
		p.add(elem, index, id, field, "not a number")
	case v < 0 || v >= 24:
		p.add(elem, index, id, field, "value %g outside [0, 24)", v)
	}
}

// New validates cfg and returns the immutable Roster it describes. cfg is
// copied: changing it afterwards does not change the Roster.
//
// New reports every problem at once, joined with errors.Join, each a
// *FieldError naming the element and the field (the returned error also
// matches ErrInvalid). Checked:
//   - config: StartHour in [0, 24); DefaultTravel and SameZoneTravel not
//     NaN, negative or infinite;
//   - teams: non-empty, unique IDs; Size ≥ 1; Vehicles ≥ 0; skills with a
//     Kind and Role that are empty or valid; homes with a non-empty zone
//     and a count ≥ 0, counts summing to at most Size; Shift.Start in
//     [0, 24); Shift.Hours not NaN or negative;
//   - absences: a known team or ""; Share in [0, 1]; From and To not NaN;
//   - travel: non-empty, different zones; each unordered pair once; Hours
//     not NaN, negative or infinite;
//   - entry rules: a valid level, each at most once; Delay not NaN,
//     negative or infinite.
//
// New runs in O(t + a + r + e) time for t teams, a absences, r travel
// times and e entry rules, plus hashing the IDs.
func New(cfg Config) (*Roster, error) {
	var p problems
	const conf = "config"
	p.hourOfDay(conf, -1, "", "start_hour", cfg.StartHour)
	p.number(conf, -1, "", "default_travel", cfg.DefaultTravel, true, "a travel time ≥ 0 h")
	p.number(conf, -1, "", "same_zone_travel", cfg.SameZoneTravel, true, "a travel time ≥ 0 h")

	r := &Roster{
		teams:      make([]Team, len(cfg.Teams)),
		teamIdx:    make(map[string]int, len(cfg.Teams)),
		absences:   make([][]Absence, len(cfg.Teams)),
		travel:     make(map[zonePair]float64, len(cfg.Travel)),
		defTravel:  cfg.DefaultTravel,
		sameTravel: cfg.SameZoneTravel,
		policy:     cfg.Policy,
		startHour:  cfg.StartHour,
		absList:    append([]Absence(nil), cfg.Absences...),
		travelList: append([]TravelTime(nil), cfg.Travel...),
	}
	if r.defTravel == 0 {
		r.defTravel = DefaultTravelHours
	}
	if r.sameTravel == 0 {
		r.sameTravel = SameZoneTravelHours
	}
	if r.policy == nil {
		r.policy = ImpactFirst{}
	}
	for l := Open; l <= Sealed; l++ {
		r.entry[l] = EntryRule{Level: l}
	}
	r.entry[Sealed].Delay = SealedEntryDelay

	// Teams.
	for i, t := range cfg.Teams {
		r.teams[i] = t.clone()
		checkTeam(&p, r, i, &r.teams[i])
	}

	// Absences.
	for i, a := range cfg.Absences {
		const el = "absence"
		teams := []int(nil)
		if a.Team != "" {
			if k, ok := r.teamIdx[a.Team]; ok {
				teams = []int{k}
			} else {
				p.add(el, i, "", "team", "%s", unknownTeam(a.Team, cfg.Teams))
			}
		} else {
			for k := range r.teams {
				if !r.teams[k].ClosedLoop() {
					teams = append(teams, k)
				}
			}
		}
		switch {
		case math.IsNaN(a.Share):
			p.add(el, i, "", "share", "not a number")
		case a.Share < 0 || a.Share > 1:
			p.add(el, i, "", "share", "value %g outside [0, 1]", a.Share)
		}
		if math.IsNaN(a.From) {
			p.add(el, i, "", "from", "not a number")
		}
		if math.IsNaN(a.To) {
			p.add(el, i, "", "to", "not a number")
		}
		for _, k := range teams {
			r.absences[k] = append(r.absences[k], a)
		}
	}

	// Travel.
	seenPair := make(map[zonePair]int, len(cfg.Travel))
	for i, tt := range cfg.Travel {
		const el = "travel"
		ok := true
		if tt.From == "" {
			p.add(el, i, "", "from", "empty zone (\"\" is outside every zone and uses default_travel)")
			ok = false
		}
		if tt.To == "" {
			p.add(el, i, "", "to", "empty zone (\"\" is outside every zone and uses default_travel)")
			ok = false
		}
		if ok && tt.From == tt.To {
			p.add(el, i, "", "to", "same zone %s as from (travel within a zone is same_zone_travel)", network.Quote(tt.To))
			ok = false
		}
		k := pairOf(tt.From, tt.To)
		if ok {
			if j, dup := seenPair[k]; dup {
				p.add(el, i, "", "to", "duplicate pair %s–%s (also travel %d)", network.Quote(tt.From), network.Quote(tt.To), j)
				ok = false
			} else {
				seenPair[k] = i
			}
		}
		if p.number(el, i, "", "hours", tt.Hours, true, "a travel time ≥ 0 h") && ok {
			r.travel[k] = tt.Hours
		}
	}

	// Entry rules.
	seenLevel := make(map[Level]int, len(cfg.Entry))
	for i, e := range cfg.Entry {
		const el = "entry"
		ok := true
		if !e.Level.Valid() {
			p.add(el, i, "", "level", "unknown level %d (want %d..%d, open to sealed)", int(e.Level), int(Open), int(Sealed))
			ok = false
		} else if j, dup := seenLevel[e.Level]; dup {
			p.add(el, i, "", "level", "duplicate rule for level %s (also entry %d)", e.Level, j)
			ok = false
		} else {
			seenLevel[e.Level] = i
		}
		if p.number(el, i, "", "delay", e.Delay, true, "a delay ≥ 0 h") && ok {
			r.entry[e.Level] = e
		}
	}

	if len(p) > 0 {
		return nil, errors.Join(p...)
	}
	return r, nil
}

func checkTeam(p *problems, r *Roster, i int, t *Team) {
	const el = "team"
	id := t.ID
	if strings.TrimSpace(id) == "" {
		p.add(el, i, id, "id", "empty ID")
	} else if j, dup := r.teamIdx[id]; dup {
		p.add(el, i, id, "id", "duplicate team ID (teams %d and %d)", j, i)
	} else {
		r.teamIdx[id] = i
	}
	switch {
	case t.Size < 0:
		p.add(el, i, id, "size", "%d is negative; want a number of members ≥ 1", t.Size)
	case t.Size == 0:
		p.add(el, i, id, "size", "a team needs at least 1 member")
	}
	if t.Vehicles < 0 {
		p.add(el, i, id, "vehicles", "%d is negative; want a number of vehicles ≥ 0 (0: no limit)", t.Vehicles)
	}
	for k, s := range t.Skills {
		if s.Kind != "" && !s.Kind.Valid() {
			p.add(el, i, id, fmt.Sprintf("skills[%d].kind", k), "unknown kind %s (want power, heat, water or gas)", network.Quote(string(s.Kind)))
		}
		if s.Role != "" && !s.Role.Valid() {
			p.add(el, i, id, fmt.Sprintf("skills[%d].role", k), "unknown role %s (want source, station, storage, junction or consumer)", network.Quote(string(s.Role)))
		}
	}
	sum, countsOK := 0, true
	for k, h := range t.Homes {
		if strings.TrimSpace(h.Zone) == "" {
			p.add(el, i, id, fmt.Sprintf("homes[%d].zone", k), "empty zone")
		}
		if h.Count < 0 {
			p.add(el, i, id, fmt.Sprintf("homes[%d].count", k), "%d is negative; want a number of members ≥ 0", h.Count)
			countsOK = false
		} else {
			sum += h.Count
		}
	}
	if countsOK && t.Size > 0 && sum > t.Size {
		p.add(el, i, id, "homes", "counts sum to %d, above size %d", sum, t.Size)
	}
	p.hourOfDay(el, i, id, "shift.start", t.Shift.Start)
	p.number(el, i, id, "shift.hours", t.Shift.Hours, false, "hours ≥ 0 (0: always on duty)")
}
