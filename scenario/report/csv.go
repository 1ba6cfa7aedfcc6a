package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
)

// WriteTimelineCSV writes the timelines of a report as CSV: a header row,
// then one row per timeline bucket per network, networks in scenario
// order. The columns are
//
//	network           the network's ID
//	start_hour        start of the bucket, h from the scenario start
//	start_time        the same moment on the calendar (RFC 3339), empty
//	                  when the scenario has no start date
//	coverage          coverage by volume in the bucket (fraction)
//	ecs               mean per-consumer coverage in the bucket (fraction)
//	unserved          energy or volume not supplied in the bucket (quantity_unit)
//	coverage_<class>  one per class with consumers, in any network: that
//	                  class's coverage by volume (fraction)
//	unserved_<zone>   one per zone with consumers, in any network: that
//	                  zone's unserved energy or volume (quantity_unit)
//	cold_customers    mean number of heat customers below the cold threshold
//	mean_indoor_c     customer-weighted mean indoor temperature, °C
//	outdoor_c         mean outdoor temperature, °C
//	crew_utilisation  busy over available crew member-hours (fraction; all networks)
//	quantity_unit     the unit of unserved and unserved_<zone>: kWh or m³
//
// Class columns come in order of first appearance (networks in order,
// classes by rank), then zone columns likewise (zones in declaration
// order). A cell is empty where it does not apply: a class or zone
// without consumers in the row's network, cold_customers and
// mean_indoor_c outside heat networks played with weather, outdoor_c
// without weather, crew_utilisation without a crew timeline. Numbers are
// written in their shortest exact decimal form, without exponent. It
// returns an error if doc is nil or w fails. O(buckets × columns).
func WriteTimelineCSV(w io.Writer, doc *Document) error {
	if doc == nil {
		return errors.New("report: nil document")
	}
	var classes, zones []string
	for _, n := range doc.Networks {
		for _, g := range n.Classes {
			if used(g) && !slices.Contains(classes, g.Name) {
				classes = append(classes, g.Name)
			}
		}
		for _, g := range n.Zones {
			if used(g) && !slices.Contains(zones, g.Name) {
				zones = append(zones, g.Name)
			}
		}
	}
	const lead = 6
	header := []string{"network", "start_hour", "start_time", "coverage", "ecs", "unserved"}
	for _, c := range classes {
		header = append(header, "coverage_"+c)
	}
	for _, z := range zones {
		header = append(header, "unserved_"+z)
	}
	header = append(header, "cold_customers", "mean_indoor_c", "outdoor_c", "crew_utilisation", "quantity_unit")
	c := doc.clock()
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	row := make([]string, len(header))
	for _, n := range doc.Networks {
		tl := n.Timeline
		tail := lead + len(classes) + len(zones)
		for b := range tl.Start {
			clear(row)
			row[0] = n.ID
			row[1] = num(tl.Start[b])
			if c.dated {
				row[2] = c.at(tl.Start[b]).Format("2006-01-02T15:04:05Z07:00")
			}
			row[3] = at(tl.Coverage, b)
			row[4] = at(tl.ECS, b)
			row[5] = at(tl.Unserved, b)
			for _, g := range n.Classes {
				if i := slices.Index(classes, g.Name); i >= 0 && used(g) {
					row[lead+i] = at(tl.ClassCoverage[g.Name], b)
				}
			}
			for _, g := range n.Zones {
				if i := slices.Index(zones, g.Name); i >= 0 && used(g) {
					row[lead+len(classes)+i] = at(tl.ZoneUnserved[g.Name], b)
				}
			}
			row[tail] = at(tl.ColdCustomers, b)
			row[tail+1] = at(tl.MeanIndoor, b)
			row[tail+2] = at(doc.Outdoor, b)
			row[tail+3] = at(doc.Crew.UtilisationTimeline, b)
			row[tail+4] = n.QuantityUnit
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

// num formats v in its shortest exact decimal form, without exponent;
// empty for NaN.
func num(v float64) string {
	switch {
	case v == 0:
		return "0" // also for −0
	case math.IsNaN(v) || math.IsInf(v, 0):
		return ""
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
