package supply_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// Values written straight into a State's slices are checked by Solve, with
// the element named.
func TestSolveRejectsBadState(t *testing.T) {
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "s", Role: network.Source, Capacity: 10})
	b.AddNode(network.Node{ID: "c", Role: network.Consumer, Demand: 5})
	b.AddLink(network.Link{ID: "l", From: "s", To: "c"})
	net, err := b.Build()
	require.NoError(t, err)
	s := supply.NewSolver(net, supply.Options{})
	var res supply.Result
	cases := []struct {
		set  func(st *supply.State)
		want string
	}{
		{func(st *supply.State) { st.NodeScale[0] = math.NaN() }, `supply: node "s": scale NaN is not a finite value ≥ 0`},
		{func(st *supply.State) { st.NodeScale[1] = -1 }, `supply: node "c": scale -1 is not a finite value ≥ 0`},
		{func(st *supply.State) { st.Demand[1] = math.Inf(1) }, `supply: node "c": demand +Inf is not a finite value ≥ 0`},
		{func(st *supply.State) { st.Demand[0] = 3 }, `supply: node "s": demand 3 on a source`},
		{func(st *supply.State) { st.LinkScale[0] = math.Inf(1) }, `supply: link "l": scale +Inf is not a finite value ≥ 0`},
	}
	for _, c := range cases {
		st := supply.NewState(net)
		c.set(st)
		assert.EqualError(t, s.Solve(st, &res), c.want)
	}
	st := supply.NewState(net)
	require.NoError(t, s.Solve(st, &res))
	assert.Equal(t, 5.0, res.Total.Served)
	assert.EqualError(t, st.SetScale("l", math.NaN()), `supply: asset "l": scale NaN is not a finite value ≥ 0`)
	assert.EqualError(t, st.SetDemand("s", 1), `supply: node "s" is a source, not a consumer`)
	assert.EqualError(t, st.SetDemand("zz", 1), `supply: unknown consumer "zz"`)
	other, err := network.NewBuilder(network.Power).Build()
	require.NoError(t, err)
	assert.ErrorIs(t, s.Solve(supply.NewState(other), &res), supply.ErrStateMismatch)
}
