package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/lifeline-sim/lifeline/scenario"
)

// WriteTimelineCSV writes the timelines of a run as CSV: a header row, then
// one row per timeline bucket per network, networks in scenario order. The
// columns are
//
//	network           the network's ID
//	start_hour        start of the bucket, h from the scenario start
//	coverage          coverage by volume in the bucket (fraction)
//	ecs               mean per-consumer coverage in the bucket (fraction)
//	unserved          energy or volume not supplied in the bucket (quantity_unit)
//	coverage_<class>  one per class with consumers, in any network: that
//	                  class's coverage by volume (fraction)
//	unserved_<zone>   one per zone with consumers, in any network: that
//	                  zone's unserved energy or volume (quantity_unit)
//	cold_customers    mean number of heat customers below the cold threshold
//	mean_indoor_c     customer-weighted mean indoor temperature, °C
//	crew_utilisation  busy over available crew member-hours (fraction; all networks)
//	quantity_unit     the unit of unserved and unserved_<zone>: kWh or m³
//
// Class columns come in order of first appearance (networks in order,
// classes by rank), then zone columns likewise (zones in declaration
// order). A cell is empty where it does not apply: a class or zone
// without consumers in the row's network, cold_customers and mean_indoor_c outside heat networks
// played with weather, crew_utilisation without a crew timeline. Numbers
// are written in their shortest exact decimal form, without exponent.
// It returns an error if res is nil or w fails. O(buckets × columns).
func WriteTimelineCSV(w io.Writer, res *scenario.Result) error {
	if res == nil {
		return errNilResult
	}
	var classes, zones []string
	for _, n := range res.Networks {
		for _, g := range n.ByClass {
			if hasConsumers(g) && !slices.Contains(classes, g.Name) {
				classes = append(classes, g.Name)
			}
		}
		for _, g := range n.ByZone {
			if hasConsumers(g) && !slices.Contains(zones, g.Name) {
				zones = append(zones, g.Name)
			}
		}
	}
	header := []string{"network", "start_hour", "coverage", "ecs", "unserved"}
	for _, c := range classes {
		header = append(header, "coverage_"+c)
	}
	for _, z := range zones {
		header = append(header, "unserved_"+z)
	}
	header = append(header, "cold_customers", "mean_indoor_c", "crew_utilisation", "quantity_unit")

	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	row := make([]string, len(header))
	for _, n := range res.Networks {
		tl := n.Timeline
		classCol := make([]int, len(n.ByClass)) // header column of each class, −1 if none
		for k, g := range n.ByClass {
			classCol[k] = -1
			if i := slices.Index(classes, g.Name); i >= 0 && hasConsumers(g) && k < len(tl.ClassCoverage) {
				classCol[k] = 5 + i
			}
		}
		zoneCol := make([]int, len(n.ByZone))
		for z, g := range n.ByZone {
			zoneCol[z] = -1
			if i := slices.Index(zones, g.Name); i >= 0 && hasConsumers(g) && z < len(tl.ZoneUnserved) {
				zoneCol[z] = 5 + len(classes) + i
			}
		}
		tail := 5 + len(classes) + len(zones)
		for b := range tl.Start {
			clear(row)
			row[0] = n.ID
			row[1] = num(tl.Start[b])
			row[2] = at(tl.Coverage, b)
			row[3] = at(tl.ECS, b)
			row[4] = at(tl.Unserved, b)
			for k, c := range classCol {
				if c >= 0 {
					row[c] = at(tl.ClassCoverage[k], b)
				}
			}
			for z, c := range zoneCol {
				if c >= 0 {
					row[c] = at(tl.ZoneUnserved[z], b)
				}
			}
			row[tail] = at(tl.ColdCustomers, b)
			row[tail+1] = at(tl.MeanIndoor, b)
			row[tail+2] = at(res.Crew.Utilisation, b)
			row[tail+3] = n.Kind.QuantityUnit()
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("report: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// num formats v in its shortest exact decimal form, without exponent.
func num(v float64) string {
	if v == 0 {
		return "0" // also for −0
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// at formats xs[b], or "" if xs is too short.
func at(xs []float64, b int) string {
	if b >= len(xs) {
		return ""
	}
	return num(xs[b])
}
