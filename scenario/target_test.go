package scenario_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/scenario"
)

func TestParseTarget(t *testing.T) {
	for _, c := range []struct {
		in, canon string
		want      scenario.Target
	}{
		{"critical below 95% for more than 24 h: at most 5%", "",
			scenario.Target{Metric: scenario.MetricCriticalBelow, Risk: true, Level: 0.95, Above: true, Threshold: 24, AtMost: true, Limit: 0.05}},
		{"Critical below 0.9 for longer than 2 days in heat: ≤ 0.01", "critical below 90% for more than 48 h in heat: at most 1%",
			scenario.Target{Network: "heat", Metric: scenario.MetricCriticalBelow, Risk: true, Level: 0.9, Above: true, Threshold: 48, AtMost: true, Limit: 0.01}},
		{"critical below 97.5% for more than 90min: at most 0%", "critical below 97.5% for more than 1.5 h: at most 0%",
			scenario.Target{Metric: scenario.MetricCriticalBelow, Risk: true, Level: 0.975, Above: true, Threshold: 1.5, AtMost: true, Limit: 0}},
		{"ens: mean at most 500 MWh", "ens: mean at most 500 MWh",
			scenario.Target{Metric: "ens", AtMost: true, Limit: 5e5, Quantity: "kWh"}},
		{"ENS in water: mean <= 1,250 m3", "ens in water: mean at most 1250 m³",
			scenario.Target{Network: "water", Metric: "ens", AtMost: true, Limit: 1250, Quantity: "m³"}},
		{"eue: mean at most 2.5 GWh", "ens: mean at most 2.5 GWh",
			scenario.Target{Metric: "ens", AtMost: true, Limit: 2.5e6, Quantity: "kWh"}},
		{"ens above 50 MWh: at most 10%", "ens above 50 MWh: at most 10%",
			scenario.Target{Metric: "ens", Risk: true, Above: true, Threshold: 5e4, AtMost: true, Limit: 0.1, Quantity: "kWh"}},
		{"ens above 40000: at most 0.1", "ens above 40000: at most 10%",
			scenario.Target{Metric: "ens", Risk: true, Above: true, Threshold: 4e4, AtMost: true, Limit: 0.1}},
		{"saidi: mean at most 2 h", "saidi: mean at most 2 h",
			scenario.Target{Metric: "saidi", AtMost: true, Limit: 2}},
		{"SAIDI: mean at most 30 min", "saidi: mean at most 0.5 h",
			scenario.Target{Metric: "saidi", AtMost: true, Limit: 0.5}},
		{"coverage: mean at least 99.5%", "",
			scenario.Target{Metric: "coverage", Limit: 0.995}},
		{"min critical coverage below 80%: at most 2%", "min_critical_coverage below 80%: at most 2%",
			scenario.Target{Metric: "min_critical_coverage", Risk: true, Threshold: 0.8, AtMost: true, Limit: 0.02}},
		{"customer hours lost: mean at most 1e5", "customer_hours_lost: mean at most 100000",
			scenario.Target{Metric: "customer_hours_lost", AtMost: true, Limit: 1e5}},
		{"customer-hours-lost: mean at most 3000 customer-hours", "customer_hours_lost: mean at most 3000",
			scenario.Target{Metric: "customer_hours_lost", AtMost: true, Limit: 3000}},
		{"lole: mean at most 12 h", "loss_of_load_hours: mean at most 12 h",
			scenario.Target{Metric: "loss_of_load_hours", AtMost: true, Limit: 12}},
		{"lolp: mean at most 2%", "",
			scenario.Target{Metric: "lolp", AtMost: true, Limit: 0.02}},
		{"time to restore above 3 days: at most 5%", "time_to_restore above 72 h: at most 5%",
			scenario.Target{Metric: "time_to_restore", Risk: true, Above: true, Threshold: 72, AtMost: true, Limit: 0.05}},
		{"peak_cold_customers: mean at most 2,000 customers", "peak_cold_customers: mean at most 2000",
			scenario.Target{Metric: "peak_cold_customers", AtMost: true, Limit: 2000}},
	} {
		got, err := scenario.ParseTarget(c.in)
		require.NoError(t, err, c.in)
		assert.Equal(t, c.want, got, c.in)
		canon := c.canon
		if canon == "" {
			canon = c.in
		}
		assert.Equal(t, canon, got.String(), c.in)
		back, err := scenario.ParseTarget(got.String())
		require.NoError(t, err, got.String())
		assert.Equal(t, got, back, "round trip of %q", got.String())
	}
}

func TestParseTargetErrors(t *testing.T) {
	for in, want := range map[string]string{
		"critical belw 95% for more than 24 h: at most 5%":       `target "critical belw 95% for more than 24 h: at most 5%": column 10: want "below" after "critical", found "belw" (did you mean "below"?)`,
		"critical below 95% for 24 h: at most 5%":                `target "critical below 95% for 24 h: at most 5%": column 24: want "for more than" after the level, found "24"`,
		"critical below 95% for more than 24 h at most 5%":       `target "critical below 95% for more than 24 h at most 5%": column 49: missing ":" between what is measured and the requirement, as in "ens: mean at most 500 MWh"`,
		"critical below 95 for more than 24 h: at most 5%":       `target "critical below 95 for more than 24 h: at most 5%": column 16: the service level is a share: write 95% or 0.95, not 95`,
		"critical below 0% for more than 24 h: at most 5%":       `target "critical below 0% for more than 24 h: at most 5%": column 16: the service level: want more than 0`,
		"critical below 95% for more than 24 kWh: at most 5%":    `target "critical below 95% for more than 24 kWh: at most 5%": column 37: unit "kWh" does not fit the duration (h): give h, min or days`,
		"critical below 95% for more than 24 h: at most 5":       `target "critical below 95% for more than 24 h: at most 5": column 48: the probability is a share: write 5% or 0.05, not 5`,
		"critical below 95% for more than 24 h: at least 5%":     `target "critical below 95% for more than 24 h: at least 5%": column 40: a risk target says how likely the event may be at most: want "at most P"`,
		"critical below 95% for more than 24 h: mean at most 5%": `target "critical below 95% for more than 24 h: mean at most 5%": column 40: a risk is a share of trials: want "at most P" after ":", not a mean (write "critical_below: mean at most VALUE" for a mean)`,
		"ens: at most 500 MWh":                                   `target "ens: at most 500 MWh": column 6: a metric's target is on its mean: write "mean at …"; for a risk write "ens above VALUE: at most P"`,
		"ens: mena at most 500 MWh":                              `target "ens: mena at most 500 MWh": column 6: want "mean at most VALUE" or "mean at least VALUE" after ":", found "mena" (did you mean "mean"?)`,
		"esn: mean at most 500 MWh":                              `target "esn: mean at most 500 MWh": column 1: unknown metric "esn" (did you mean "ens"?)`,
		"saidy: mean at most 2 h":                                `target "saidy: mean at most 2 h": column 1: unknown metric "saidy" (did you mean "saidi"?)`,
		"longest_critical_below_0: mean at most 2 h":             `target "longest_critical_below_0: mean at most 2 h": column 1: unknown metric "longest_critical_below_0" (write the service form, "critical below 95% for more than 24 h: at most 5%")`,
		"ens: mean at most 500 MW":                               `target "ens: mean at most 500 MW": column 23: unit "MW" does not fit ens (energy or volume): give kWh, MWh or GWh (power, heat) or m³ (water, gas)`,
		"saidi: mean at most 2 kWh":                              `target "saidi: mean at most 2 kWh": column 23: unit "kWh" does not fit saidi (h/customer): give h, min or days`,
		"coverage: mean at least 99":                             `target "coverage: mean at least 99": column 25: a limit is a share: write 99% or 0.99, not 99`,
		"coverage: mean at least 120%":                           `target "coverage: mean at least 120%": column 25: a limit: want at most 100%, got 120%`,
		"ens: mean at most -5 kWh":                               `target "ens: mean at most -5 kWh": column 19: a limit: want a number ≥ 0, got -5`,
		"ens: mean at most 5 kWh extra":                          `target "ens: mean at most 5 kWh extra": column 25: unexpected "extra" after the requirement`,
		"ens: mean at most":                                      `target "ens: mean at most": column 18: want a limit, found the end`,
		"ens:":                                                   `target "ens:": column 5: missing the requirement after ":": want "mean at most VALUE" or "mean at least VALUE"`,
		"ens above: at most 5%":                                  `target "ens above: at most 5%": column 10: want a threshold, found ":"`,
		"ens above 5 MWh in: at most 5%":                         `target "ens above 5 MWh in: at most 5%": column 17: unexpected "in" after the threshold (a network goes as "in ID" before ":")`,
		"in heat: at most 5%":                                    `target "in heat: at most 5%": column 1: missing what is measured before "in"`,
		"ens 5 kWh: mean at most 3":                              `target "ens 5 kWh: mean at most 3": column 5: unexpected number "5" in the metric's name (write "METRIC above VALUE" for a risk)`,
		"ens: mean at most 5 kWh and 3 m³":                       `target "ens: mean at most 5 kWh and 3 m³": column 25: unexpected "and" after the requirement`,
		"ens above 5 kWh: mean at most 3 m³":                     `target "ens above 5 kWh: mean at most 3 m³": column 18: a risk is a share of trials: want "at most P" after ":", not a mean (write "ens: mean at most VALUE" for a mean)`,
	} {
		_, err := scenario.ParseTarget(in)
		if !assert.Error(t, err, in) {
			continue
		}
		assert.Equal(t, want, err.Error(), in)
		var te *scenario.TargetError
		assert.ErrorAs(t, err, &te)
	}
	_, err := scenario.ParseTarget("   ")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "empty; write one of:\ncritical below LEVEL")
	_, err = scenario.ParseTarget(": at most 5%")
	assert.Contains(t, err.Error(), `column 1: missing what is measured before ":"; write one of:`)
}

// FuzzParseTarget checks that no text makes ParseTarget panic, that every
// error is a *TargetError with a column inside the text, and that an
// accepted target reads back from its canonical form unchanged.
func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{
		"critical below 95% for more than 24 h: at most 5%",
		"ens in heat: mean at most 500 MWh",
		"ens above 1,000 kWh: at most 0.1",
		"coverage: mean at least 99.5%",
		"saidi: mean ≤ 30 min",
		"critical below 1e-3% for more than 0 h: at most 100%",
		"ens: mean at most 1e308 GWh",
		"x:y:z",
		"%%::",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := scenario.ParseTarget(s)
		if err != nil {
			var te *scenario.TargetError
			if !assert.ErrorAs(t, err, &te) {
				return
			}
			if te.Col < 0 || te.Col > len([]rune(s))+1 {
				t.Fatalf("column %d outside %q", te.Col, s)
			}
			return
		}
		back, err := scenario.ParseTarget(tg.String())
		if err != nil {
			t.Fatalf("%q → %q: %v", s, tg.String(), err)
		}
		if back != tg {
			t.Fatalf("%q → %q → %+v, want %+v", s, tg.String(), back, tg)
		}
	})
}
