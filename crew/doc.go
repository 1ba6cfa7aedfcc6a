// Package crew models the people who repair and operate a city's utilities
// during a lockdown: teams with skills, sizes, bases, vehicles and daily
// shifts; where their members live; absences; travel times between zones;
// the rules for entering zones at each lockdown level; closed-loop teams
// living on site at one plant; and the dispatch policies that assign
// waiting repairs to teams.
//
// A Roster is built once from a Config by New, which validates everything
// and reports all problems together, each naming the element and field. A
// Roster is immutable and safe for concurrent use; it answers questions at
// an instant (how many members of a team can work now, when that can next
// change by itself, how long a trip takes, how many jobs a team can run at
// once) and keeps no state of a run: the scenario engine owns the queue of
// tasks, the clock and the lockdown levels, and asks.
//
// Units: every time is in hours. Times of a run are hours from the scenario
// start; shifts are given in hours of the day, placed by Config.StartHour
// (the hour of day at the scenario start).
//
// Randomness: the package holds none. A WorkTime (Exponential, LogNormal,
// Weibull, Uniform, built on gonum's stat/distuv, or Fixed) draws from the
// *rand.Rand its caller passes, so a run is reproducible from its seed.
// Dispatch policies are deterministic: equal inputs give equal picks.
package crew
