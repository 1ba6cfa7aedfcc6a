package csv_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/csv"
)

// links.csv may give a link's zone; a zone only a link uses is declared by
// that use, after the nodes' zones, and the column is written back.
func TestLinkZoneColumn(t *testing.T) {
	nodes := "id,role,zone,capacity,demand,class,customers\nsub,source,,10,,,\nflats,consumer,old-town,,5,,3\n"
	links := "id,from,to,capacity,oneway,zone\nfeeder,sub,flats,,,old-town\ntie,sub,flats,,,river\nspur,sub,flats,,,\n"
	net, err := csv.Read(strings.NewReader(nodes), strings.NewReader(links), "nodes.csv", "links.csv", network.Power)
	require.NoError(t, err)
	require.Equal(t, 2, net.NumZones())
	assert.Equal(t, "old-town", net.ZoneID(0))
	assert.Equal(t, "river", net.ZoneID(1))
	assert.Equal(t, []int{0, 1, -1}, []int{net.LinkZone(0), net.LinkZone(1), net.LinkZone(2)})
	var nb, lb bytes.Buffer
	require.NoError(t, csv.Write(&nb, &lb, net))
	assert.Equal(t, "id,from,to,capacity,oneway,zone\nfeeder,sub,flats,,false,old-town\ntie,sub,flats,,false,river\nspur,sub,flats,,false,\n", lb.String())
}
