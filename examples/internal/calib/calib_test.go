package calib

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestApportion(t *testing.T) {
	// 10 over 1:1:1 → 3.33 each; the one extra goes to the first.
	assert.Equal(t, []int{4, 3, 3}, Apportion(10, []float64{1, 1, 1}))
	// 7 over 0.5:0.3:0.2 → 3.5, 2.1, 1.4: floors 3, 2, 1, the extra to 3.5.
	assert.Equal(t, []int{4, 2, 1}, Apportion(7, []float64{0.5, 0.3, 0.2}))
	assert.Equal(t, []int{0, 5}, Apportion(5, []float64{0, 2}))
}
