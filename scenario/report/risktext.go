package report

import (
	"fmt"
	"math"
)

// shortfallRows returns the rows of the study's shortfalls: LOLE as clock
// hours with a shortfall (the PRAS convention), which follows LOLE as time
// in shortfall, and the shortfall events (count per trial, mean duration
// and size). None without risk.shortfalls.
func (d *Document) shortfallRows() (clock, events []row) {
	r := d.Risk
	if r == nil || r.Shortfalls == nil {
		return nil, nil
	}
	s := r.Shortfalls
	all := math.Ceil(r.Horizon - 1e-9*r.Horizon) // clock hours begun within the horizon
	clock = []row{{label: "LOLE as clock hours with a shortfall",
		value: fmt.Sprintf("%s ± %s clock hours with any demand unserved, of %s", sig(s.LOLEClockHours, 4), sig(s.LOLEClockHoursStdErr, 2), fixed(all, 0))}}
	ev := fmt.Sprintf("%s ± %s per trial", sig(s.Events, 4), sig(s.EventsStdErr, 2))
	if dur, size := float64(s.MeanEventDuration), float64(s.MeanEventSize); !math.IsNaN(dur) && !math.IsNaN(size) {
		ev += fmt.Sprintf("; each %s and %s on average", hours(dur), qty(size, r.Kind))
	}
	return clock, []row{{label: "Shortfall events", value: ev}}
}
