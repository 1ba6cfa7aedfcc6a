package scenfile

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/lifeline-sim/lifeline/scenario"
)

// targetKeys are the keys of the target block.
var targetKeys = []string{"team", "members", "teams", "min", "max", "confidence", "require"}

// targetBlock is the decoded target block, with the paths of its
// requirements and teams (a single string or a list) for placing problems.
type targetBlock struct {
	sizing      *scenario.Sizing
	requirePath []string
	teamsPath   []string
}

// target decodes the target block: what crew to size and the service
// targets to meet.
func (d *decoder) target(o *obj) *targetBlock {
	t := o.sub("target", targetKeys)
	if t == nil {
		if !isNull(o.vals["target"]) {
			return nil
		}
		d.errorf(o.lineOf("target"), "target", "want a mapping, got null")
		return nil
	}
	nErr := len(d.errs)
	sz := &scenario.Sizing{Team: t.str("team"), Min: t.integer("min"), Max: t.integer("max"), Confidence: t.num("confidence")}
	b := &targetBlock{sizing: sz}
	members := t.boolean("members")
	switch {
	case t.has("team") && t.has("teams"):
		d.errorf(t.lineOf("teams"), t.field("teams"), "give team (copies of it, or its members) or teams (how many of them), not both")
	case t.has("teams"):
		sz.Mode = scenario.SizeTeams
		if members {
			d.errorf(t.lineOf("members"), t.field("members"), "only with team (the team whose members are counted)")
		}
		sz.Teams, b.teamsPath = d.strings(t, "teams")
	case t.has("team"):
		if members {
			sz.Mode = scenario.SizeMembers
		}
	default:
		d.errorf(t.line, t.field("team"), "missing: give team (copies of it, or its members with members: true) or teams (how many of a list are needed)")
	}
	if t.require("require") {
		before := len(d.errs)
		texts, paths := d.strings(t, "require")
		b.requirePath = paths
		if len(texts) == 0 && len(d.errs) == before {
			d.errorf(t.lineOf("require"), t.field("require"), "no targets")
		}
		for i, s := range texts {
			tg, err := scenario.ParseTarget(s)
			if err != nil {
				var te *scenario.TargetError
				msg := err.Error()
				if errors.As(err, &te) {
					msg = te.Msg
					if te.Col > 0 {
						msg = fmt.Sprintf("column %d of the target: %s", te.Col, te.Msg)
					}
				}
				d.errorf(d.lines[paths[i]], paths[i], "%s", msg)
				continue
			}
			sz.Targets = append(sz.Targets, tg)
		}
	}
	if len(d.errs) > nErr {
		return nil
	}
	return b
}

// strings reads a string or a list of strings at key, with the path of
// each.
func (d *decoder) strings(o *obj, key string) ([]string, []string) {
	raw := o.vals[key]
	n := d.resolve(raw)
	if n == nil {
		return nil, nil
	}
	if s, ok := d.pair(raw); ok {
		return []string{s}, []string{o.field(key)}
	}
	if n.Kind == yaml.ScalarNode {
		s := d.str(raw, o.field(key))
		if s == "" {
			return nil, nil
		}
		return []string{s}, []string{o.field(key)}
	}
	var vals, paths []string
	for i, it := range o.list(key) {
		p := indexPath(o.field(key), i)
		if isNull(it) {
			d.errorf(it.Line, p, "want a string, got null")
			continue
		}
		if s, ok := d.pair(it); ok {
			// An unquoted "ens: mean at most 3 MWh" is a mapping of one
			// key: read it as the text it was meant to be.
			vals = append(vals, s)
			paths = append(paths, p)
			continue
		}
		if s := d.str(it, p); s != "" {
			vals = append(vals, s)
			paths = append(paths, p)
		}
	}
	return vals, paths
}

// pair returns the text "key: value" of a mapping of one plain scalar
// key to one plain scalar value, as YAML reads a target written without
// quotes.
func (d *decoder) pair(raw *yaml.Node) (string, bool) {
	n := d.resolve(raw)
	if n == nil || n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return "", false
	}
	k, v := n.Content[0], n.Content[1]
	if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode || k.Style != 0 || v.Style != 0 ||
		!utf8.ValidString(k.Value) || !utf8.ValidString(v.Value) {
		return "", false
	}
	return k.Value + ": " + v.Value, true
}

// sizingProblems checks the sizing against the decoded scenario and
// places its problems on the lines of the target block.
func (d *decoder) sizingProblems(b *targetBlock, sc *scenario.Scenario) []*Error {
	b.sizing.Scenario = sc
	err := b.sizing.Check()
	if err == nil {
		return nil
	}
	var out []*Error
	probs := scenario.Problems(err)
	if len(probs) == 0 {
		return []*Error{{File: d.file, Line: d.lines["target"], Field: "target", Msg: strings.TrimPrefix(err.Error(), "scenario: "), Err: err}}
	}
	for _, p := range probs {
		path := "target." + p.Field
		if k, ok := fieldIndex(p.Field, "targets"); ok && k < len(b.requirePath) {
			path = b.requirePath[k]
		} else if k, ok := fieldIndex(p.Field, "teams"); ok && k < len(b.teamsPath) {
			path = b.teamsPath[k]
		} else if p.Field == "targets" {
			path = "target.require"
		}
		out = append(out, &Error{File: d.file, Line: d.lineFor(path, d.lines["target"]), Field: path, Msg: p.Msg, Err: p})
	}
	return out
}

// fieldIndex reads the index of a field "name[i]".
func fieldIndex(field, name string) (int, bool) {
	rest, ok := strings.CutPrefix(field, name+"[")
	if !ok || !strings.HasSuffix(rest, "]") {
		return 0, false
	}
	k, err := strconv.Atoi(strings.TrimSuffix(rest, "]"))
	return k, err == nil
}
