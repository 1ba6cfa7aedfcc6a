package crew_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
)

// A heat utility in a lockdown: a mobile repair team on the night shift,
// part of it living in a sealed compound, and a closed-loop team running a
// heat station inside that compound.
func Example() {
	roster, err := crew.New(crew.Config{
		StartHour: 20, // the scenario starts at 20:00
		Teams: []crew.Team{
			{
				ID: "repair", Size: 18, Base: "depot", Vehicles: 3,
				Skills: []crew.Skill{{Kind: network.Heat}},
				Homes:  []crew.Home{{Zone: "compound", Count: 5}},
				Shift:  crew.Shift{Start: 22, Hours: 12}, // 22:00–10:00
			},
			{ID: "hs7", Size: 4, Site: "hs7", Homes: []crew.Home{{Zone: "compound", Count: 4}}},
		},
		Absences: []crew.Absence{{Share: 0.2, From: 0}}, // a fifth of mobile staff out
		Travel:   []crew.TravelTime{{From: "depot", To: "compound", Hours: 0.5}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	level := func(zone string) crew.Level {
		if zone == "compound" {
			return crew.Sealed
		}
		return crew.Open
	}

	// At 23:00: 18 − ⌈18 × 0.2⌉ − 5 stuck at home = 9.
	now := 3.0
	repair, _ := roster.TeamIndex("repair")
	avail := roster.Available(repair, now, level, "compound")
	fmt.Println("repair available:", avail, "slots for 2-person jobs:", roster.Slots(repair, avail, 2))
	fmt.Println("hs7 available:", roster.Available(1, now, level, "compound"))
	fmt.Println("shift ends at hour:", roster.NextChange(repair, now))

	// Travel to the sealed compound includes the entry delay.
	_, delay := roster.Entry(crew.Sealed)
	fmt.Println("depot → compound:", roster.Travel("depot", "compound")+delay, "h")

	tasks := []crew.Candidate{
		{Task: &crew.Task{ID: 1, Zone: "compound", Impact: 900, Created: 1}, Travel: 2.5},
		{Task: &crew.Task{ID: 2, Zone: "depot", Impact: 300, Created: 0}, Travel: 0.25},
	}
	team := roster.Team(repair)
	fmt.Println("impact-first picks task", tasks[roster.Policy().Pick(now, &team, tasks)].Task.ID)
	fmt.Println("nearest picks task", tasks[crew.Nearest{}.Pick(now, &team, tasks)].Task.ID)

	work := crew.LogNormal(3, 0.5)
	r := rand.New(rand.NewPCG(1, 2))
	fmt.Printf("%s: mean %.2f h, first draw %.2f h\n", work, work.Mean, work.Sample(r))
	// Output:
	// repair available: 9 slots for 2-person jobs: 3
	// hs7 available: 4
	// shift ends at hour: 14
	// depot → compound: 2.5 h
	// impact-first picks task 1
	// nearest picks task 2
	// lognormal(median=3, sigma=0.5): mean 3.40 h, first draw 3.63 h
}
