package crew

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cands builds candidates from (ID, Created, Impact, Travel) rows.
func cands(rows ...[4]float64) []Candidate {
	out := make([]Candidate, len(rows))
	for i, r := range rows {
		out[i] = Candidate{Task: &Task{ID: int(r[0]), Created: r[1], Impact: r[2]}, Travel: r[3]}
	}
	return out
}

func TestPolicies(t *testing.T) {
	team := &Team{ID: "t", Size: 3}
	//              ID  Created Impact Travel
	base := cands(
		[4]float64{1, 0, 10, 2},
		[4]float64{2, 1, 30, 1},
		[4]float64{3, 0.5, 30, 1},
		[4]float64{4, 0, 5, 0.5},
	)
	cases := []struct {
		name   string
		policy Policy
		cands  []Candidate
		want   int
	}{
		// Impact 30 twice: task 3 was created earlier.
		{"impact-first, tie on impact", ImpactFirst{}, base, 2},
		{"impact-first, single largest", ImpactFirst{}, base[:2], 1},
		// Impact and Created equal: lowest ID, wherever it sits.
		{"impact-first, full tie", ImpactFirst{}, cands([4]float64{9, 2, 7, 0}, [4]float64{5, 2, 7, 3}, [4]float64{6, 2, 7, 1}), 1},
		{"impact-first, NaN impact last", ImpactFirst{}, cands([4]float64{1, 0, math.NaN(), 0}, [4]float64{2, 5, 0, 0}), 1},
		{"nearest", Nearest{}, base, 3},
		// Travel 1 twice, impact 30 twice: lowest ID, task 2.
		{"nearest, tie on travel and impact", Nearest{}, base[:3], 1},
		{"nearest, tie on travel", Nearest{}, cands([4]float64{1, 0, 4, 1}, [4]float64{2, 0, 8, 1}, [4]float64{3, 0, 9, 1.5}), 1},
		{"nearest, NaN travel last", Nearest{}, cands([4]float64{1, 0, 9, math.NaN()}, [4]float64{2, 0, 0, 50}), 1},
		// Created 0 twice: tasks 1 and 4, lowest ID.
		{"first-come, tie on created", FirstCome{}, base, 0},
		{"first-come", FirstCome{}, base[1:3], 1},
		{"first-come, full tie", FirstCome{}, cands([4]float64{8, 1, 0, 0}, [4]float64{7, 1, 0, 0}), 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.policy.Pick(3, team, c.cands)
			assert.Equal(t, c.want, got)
			// Deterministic: the same input gives the same pick.
			assert.Equal(t, got, c.policy.Pick(3, team, c.cands))
		})
	}
}

func TestPoliciesSkipNilTasks(t *testing.T) {
	for _, p := range []Policy{ImpactFirst{}, Nearest{}, FirstCome{}} {
		assert.Equal(t, -1, p.Pick(0, nil, nil), "%v empty", p)
		assert.Equal(t, -1, p.Pick(0, nil, []Candidate{{Travel: 1}}), "%v all nil", p)
		c := []Candidate{{Travel: 0}, {Task: &Task{ID: 3}, Travel: 1}}
		assert.Equal(t, 1, p.Pick(0, nil, c), "%v", p)
	}
}

func TestPolicyByName(t *testing.T) {
	for name, want := range map[string]Policy{
		"impact-first": ImpactFirst{},
		"nearest":      Nearest{},
		"first-come":   FirstCome{},
	} {
		p, err := PolicyByName(name)
		require.NoError(t, err)
		assert.Equal(t, want, p)
		assert.Equal(t, name, p.(interface{ String() string }).String())
	}
	p, err := PolicyByName("random")
	assert.Nil(t, p)
	assert.EqualError(t, err, `crew: unknown policy "random" (want impact-first, nearest or first-come)`)
}

func TestConfigPolicy(t *testing.T) {
	r, err := New(Config{})
	require.NoError(t, err)
	assert.Equal(t, ImpactFirst{}, r.Policy())
	r, err = New(Config{Policy: Nearest{}})
	require.NoError(t, err)
	assert.Equal(t, Nearest{}, r.Policy())
}
