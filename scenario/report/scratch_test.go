package report_test

import (
	"context"
	"os"
	"testing"

	"github.com/lifeline-sim/lifeline/scenario/report"
)

func TestScratch(t *testing.T) {
	sc := cityScenario(t)
	c, err := report.Compute(context.Background(), sc, report.Options{Seed: 1, Trials: 20, Network: "power"})
	if err != nil {
		t.Fatal(err)
	}
	report.WriteText(os.Stdout, c.Document)
	files, err := report.WriteDir("/tmp/rep", c.Document)
	t.Log(files, err)
}
