package lifelinetest

import (
	"math"
	"testing"
)

func TestNum(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{0, "0"},
		{0.81234, "0.8123"},
		{812.34, "812.3"},
		{1000, "1000"},
		{12000, "12000"},
		{43488.6, "43489"},
		{0.5, "0.5"},
		{0.95, "0.95"},
		{5.0 / 6, "0.8333"},
		{0.0012345, "0.001234"},
		{-2.5, "-2.5"},
		{1e-20, "1e-20"},
		{-1e-20, "-1e-20"},
		{1.5e-12, "0.0000000000015"},
		{math.Inf(1), "+Inf"},
		{math.Inf(-1), "-Inf"},
		{math.NaN(), "NaN"},
	} {
		if got := num(c.x); got != c.want {
			t.Errorf("num(%g) = %q, want %q", c.x, got, c.want)
		}
	}
}

// nums never prints a value equal to its limit unless they are equal.
func TestNumsDisambiguates(t *testing.T) {
	for _, c := range []struct {
		v, limit float64
		wv, wl   string
	}{
		{0.8, 0.95, "0.8", "0.95"},
		{0.94996, 0.95, "0.94996", "0.95"},
		{1030.0 / 1430, 0.72028, "0.7202797", "0.72028"},
		{0.95, 0.95, "0.95", "0.95"},
		{4000.0001, 4000, "4000.0001", "4000"},
	} {
		gv, gl := nums(c.v, c.limit)
		if gv != c.wv || gl != c.wl {
			t.Errorf("nums(%v, %v) = %q, %q; want %q, %q", c.v, c.limit, gv, gl, c.wv, c.wl)
		}
	}
}

func TestTolerance(t *testing.T) {
	if !atLeast(0.95-1e-12, 0.95) || atLeast(0.95-1e-6, 0.95) {
		t.Error("atLeast: wrong slack below 1")
	}
	if !atMost(4000+1e-7, 4000) || atMost(4000+1e-5, 4000) {
		t.Error("atMost: slack should be relative above 1")
	}
	if atLeast(math.NaN(), 0) || atMost(math.NaN(), 1) {
		t.Error("NaN must never pass")
	}
}
