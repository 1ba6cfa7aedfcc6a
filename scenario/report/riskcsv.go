package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
)

// RiskFile is the file of the risk over time that WriteDir writes for a
// study (WriteRiskCSV).
const RiskFile = "risk.csv"

// WriteRiskCSV writes the risk over time of a study (Risk.Timeline) as
// CSV: a header row, then one row per timeline bucket. The columns are
//
//	network                       the ID of the network studied
//	start_hour, end_hour          the bucket, h from the scenario start
//	start_time                    its start on the calendar (RFC 3339), empty
//	                              when the scenario has no start date
//	lolp, lolp_stderr             LOLP_t: probability of any shortfall in the
//	                              bucket (fraction), its standard error
//	eue, eue_stderr               EUE_t: expected energy or volume unserved in
//	                              the bucket (quantity_unit), its standard error
//	short_hours, short_hours_stderr
//	                              expected time in shortfall in the bucket (h)
//	coverage_p5, _p50, _p95       bands of the coverage by volume over the
//	                              trials (fractions)
//	coverage_<class>_p5, _p50, _p95
//	                              the same per class with consumers, in rank order
//	cold_customers_mean, cold_customers_mean_stderr,
//	cold_customers_p5, _p50, _p95 heat customers below the cold threshold
//	                              (customers); empty unless the network is heat
//	                              played with weather
//	quantity_unit                 kWh or m³, the unit of eue
//
// Numbers are written in their shortest exact decimal form, without
// exponent. It returns an error if doc is nil or holds no risk over time
// (a single run, or a study from a summary without it), or if w fails.
// O(buckets × classes).
func WriteRiskCSV(w io.Writer, doc *Document) error {
	if doc == nil {
		return errors.New("report: nil document")
	}
	r := doc.Risk
	if r == nil || r.Timeline == nil {
		return errors.New("report: the document holds no risk over time (a study's risk.timeline)")
	}
	tl := r.Timeline
	classes := doc.riskClasses()
	header := []string{"network", "start_hour", "end_hour", "start_time", "lolp", "lolp_stderr", "eue", "eue_stderr",
		"short_hours", "short_hours_stderr", "coverage_p5", "coverage_p50", "coverage_p95"}
	for _, c := range classes {
		header = append(header, "coverage_"+c.Class+"_p5", "coverage_"+c.Class+"_p50", "coverage_"+c.Class+"_p95")
	}
	header = append(header, "cold_customers_mean", "cold_customers_mean_stderr", "cold_customers_p5", "cold_customers_p50",
		"cold_customers_p95", "quantity_unit")
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	clk := doc.clock()
	row := make([]string, 0, len(header))
	for b, s := range tl.Start {
		row = row[:0]
		start := ""
		if clk.dated {
			start = clk.at(s).Format("2006-01-02T15:04:05Z07:00")
		}
		row = append(row, r.Network, num(s), num(math.Min(doc.Horizon, s+doc.Resolution)), start, at(tl.LOLP, b), at(tl.LOLPStdErr, b),
			at(tl.EUE, b), at(tl.EUEStdErr, b), at(tl.ShortHours, b), at(tl.ShortHoursStdErr, b),
			at(tl.Coverage.P5, b), at(tl.Coverage.P50, b), at(tl.Coverage.P95, b))
		for _, c := range classes {
			row = append(row, at(c.P5, b), at(c.P50, b), at(c.P95, b))
		}
		if c := tl.ColdCustomers; c != nil {
			row = append(row, at(c.Mean, b), at(c.MeanStdErr, b), at(c.P5, b), at(c.P50, b), at(c.P95, b))
		} else {
			row = append(row, "", "", "", "", "")
		}
		row = append(row, r.QuantityUnit)
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
