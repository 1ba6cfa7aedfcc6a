package netfile_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/netfile"
)

func TestLoadByKindOfFile(t *testing.T) {
	cases := []struct {
		path  string
		kind  network.Kind
		want  network.Kind
		nodes int
	}{
		{"../../testdata/city/network.yaml", "", network.Power, 17},
		{"../csv/testdata/city", network.Heat, network.Heat, 0},
		{"../epanet/testdata/Net1.inp", "", network.Water, 0},
		{"../matpower/testdata/case9.m", "", network.Power, 15},
	}
	for _, c := range cases {
		net, err := netfile.Load(c.path, c.kind)
		require.NoError(t, err, c.path)
		assert.Equal(t, c.want, net.Kind(), c.path)
		if c.nodes > 0 {
			assert.Equal(t, c.nodes, net.NumNodes(), c.path)
		}
	}
	_, err := netfile.Load("../csv/testdata/city", "")
	assert.True(t, errors.Is(err, netfile.ErrKindNeeded))
	_, err = netfile.Load("nope.yaml", "")
	assert.Error(t, err)
}
