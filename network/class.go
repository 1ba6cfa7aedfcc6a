package network

import (
	"slices"

	"github.com/shopspring/decimal"
)

// Class ranks consumers for rationing. Classes with a lower Rank are served
// first: under the priority-fair policy a class never loses supply to a class
// of higher Rank.
type Class struct {
	// Name identifies the class, e.g. "critical".
	Name string
	// Rank orders classes: 1 is served first. Classes may share a rank; they
	// are then rationed together.
	Rank int
	// VoLL is the value of lost load: money per unit of energy or volume not
	// supplied (per kWh for power and heat, per m³ for water and gas).
	VoLL decimal.Decimal
	// Description says who belongs in the class.
	Description string
}

// The names of the default classes.
const (
	Critical    = "critical"
	Essential   = "essential"
	Residential = "residential"
	Commercial  = "commercial"
	Industrial  = "industrial"
)

// DefaultClasses returns the default taxonomy, a new slice on every call:
//
//	rank  name         who                                               VoLL
//	1     critical     hospitals, epidemic command, testing sites        100
//	2     essential    isolation hotels, closed campuses, food, key ind.  50
//	3     residential  homes                                              10
//	4     commercial   shops, offices                                     20
//	5     industrial   other industry                                     15
//
// The values of lost load are assumed planning defaults in money per kWh (or
// per m³); they are not calibrated on any market and should be overridden
// with local figures. Ranks, not values, decide rationing.
func DefaultClasses() []Class {
	return []Class{
		{Name: Critical, Rank: 1, VoLL: decimal.NewFromInt(100), Description: "hospitals, epidemic command, testing sites"},
		{Name: Essential, Rank: 2, VoLL: decimal.NewFromInt(50), Description: "isolation hotels, closed campuses, food distribution, key industry"},
		{Name: Residential, Rank: 3, VoLL: decimal.NewFromInt(10), Description: "homes"},
		{Name: Commercial, Rank: 4, VoLL: decimal.NewFromInt(20), Description: "shops and offices"},
		{Name: Industrial, Rank: 5, VoLL: decimal.NewFromInt(15), Description: "other industry"},
	}
}

// sortClasses orders classes by rank, then name, so that indices are stable.
func sortClasses(cs []Class) {
	slices.SortStableFunc(cs, func(a, b Class) int {
		if a.Rank != b.Rank {
			return a.Rank - b.Rank
		}
		switch {
		case a.Name < b.Name:
			return -1
		case a.Name > b.Name:
			return 1
		}
		return 0
	})
}
