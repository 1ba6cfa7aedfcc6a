package crew

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A roster rebuilt from its Config answers every query as the original,
// and changing the Config leaves the original alone.
func TestRosterConfigRoundTrip(t *testing.T) {
	base := fixture(t).Config()
	base.Travel = []TravelTime{{From: "z1", To: "z2", Hours: 0.5}, {From: "z3", To: "z1", Hours: 2}}
	base.DefaultTravel, base.SameZoneTravel = 1.5, 0.1
	base.Entry = []EntryRule{{Level: Sealed, Delay: 3}, {Level: Controlled, Forbidden: true}}
	base.Policy = Nearest{}
	r, err := New(base)
	require.NoError(t, err)
	cfg := r.Config()
	again, err := New(cfg)
	require.NoError(t, err)
	assert.Equal(t, r, again)
	assert.Equal(t, 2.0, again.Travel("z1", "z3"))
	assert.Equal(t, 1.5, again.Travel("z2", "z3"))
	forbidden, _ := again.Entry(Controlled)
	assert.True(t, forbidden)
	assert.Equal(t, Nearest{}, again.Policy())
	cfg.Teams[0].Size = 99
	cfg.Teams[0].Homes = append(cfg.Teams[0].Homes, Home{Zone: "x", Count: 1})
	assert.NotEqual(t, 99, r.Team(0).Size)
	assert.Equal(t, r, again)

	empty, err := New(Config{})
	require.NoError(t, err)
	back, err := New(empty.Config())
	require.NoError(t, err)
	assert.Equal(t, empty, back)
	assert.Equal(t, DefaultTravelHours, back.Travel("a", "b"))
	assert.Equal(t, SealedEntryDelay, func() float64 { _, d := back.Entry(Sealed); return d }())
}
