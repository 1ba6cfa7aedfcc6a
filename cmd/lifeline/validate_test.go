package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidate(t *testing.T) {
	code, out, errs := runCmd("validate", sample, "../../testdata/scenarios/district-lockdown.yaml", "../../network/matpower/testdata/case9.m")
	require.Equal(t, 0, code, errs)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	assert.Equal(t, sample+": ok: power network, 17 nodes, 17 links, 12 consumers, 13880 kW demand", lines[0])
	assert.Contains(t, lines[1], `ok: scenario "district-lockdown"`)
	assert.Contains(t, lines[2], "ok: power network, 15 nodes")

	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("format: lifeline-network\nversion: 1\nkind: power\nnodes:\n  - {id: s, role: source}\n  - {id: c, role: consumer, demand: -1}\n"), 0o644))
	code, out, errs = runCmd("validate", sample, bad)
	assert.Equal(t, 2, code)
	assert.Contains(t, out, sample+": ok")
	assert.Contains(t, errs, "bad.yaml:5")
	assert.Contains(t, errs, "bad.yaml:6")
	assert.Contains(t, errs, `node "c": demand: negative value -1`)
}

func TestProgressBar(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, "trials", false)
	p.update(5, 10)
	assert.Empty(t, buf.String(), "a buffer is not a terminal: silent")

	p = &progress{w: &buf, on: true, start: time.Now().Add(-2 * time.Second), prefix: "trials"}
	p.update(5, 10)
	assert.Contains(t, buf.String(), "trials [###############...............] 5/10")
	p.done()
	assert.True(t, strings.HasSuffix(buf.String(), "\r"))

	buf.Reset()
	p = &progress{w: &buf, on: true, start: time.Now(), prefix: "trials"}
	p.update(1, 10)
	assert.Empty(t, buf.String(), "nothing in the first second")
}
