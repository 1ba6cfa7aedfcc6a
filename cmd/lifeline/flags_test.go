package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// An asset named by -out that the network lacks suggests the nearest.
func TestOutSuggestsNearest(t *testing.T) {
	code, _, errs := runCmd("solve", "-out", "tei", contCity)
	assert.Equal(t, 2, code)
	assert.Equal(t, `lifeline solve: -out: no node or link "tei" in `+contCity+`; did you mean "tie"?`+"\n", errs)
	code, _, errs = runCmd("contingency", "-out", "sub-north, line-sout", contCity)
	assert.Equal(t, 2, code)
	assert.Equal(t, `lifeline contingency: -out: no node or link "line-sout" in `+contCity+`; did you mean "line-south"?`+"\n", errs)
}
