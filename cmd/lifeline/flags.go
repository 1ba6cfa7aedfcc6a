package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/supply"
)

// errHelp is returned when -h was asked for; the help has been printed.
var errHelp = errors.New("help requested")

// newFlags returns a flag set that prints usage, the flags and an example
// to w, and never exits the process.
func newFlags(name, args, about, example string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(w, "Usage: lifeline %s [flags] %s\n\n%s\n\nFlags:\n", name, args, about)
		fs.PrintDefaults()
		fmt.Fprintf(w, "\nExample:\n%s\n", example)
	}
	return fs
}

// parse parses args, flags before or after the positional arguments
// (see interleave), mapping -h to errHelp and other flag errors to bad
// input.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(interleave(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return badInput(err)
	}
	return nil
}

// netFlags are the flags of commands that read one network in one state:
// -kind (for CSV folders), -policy and -out.
type netFlags struct {
	kind, policy, outs *string
}

// addNetFlags declares -kind, -policy and -out on fs; outHelp describes -out.
func addNetFlags(fs *flag.FlagSet, outHelp string) *netFlags {
	return &netFlags{
		kind:   fs.String("kind", "power", "utility kind of a CSV folder: power, heat, water or gas"),
		policy: fs.String("policy", "priority-fair", "rationing policy: priority-fair or proportional"),
		outs:   fs.String("out", "", outHelp),
	}
}

// assetIDs returns the IDs of the nodes and links of net.
func assetIDs(net *network.Network) []string {
	ids := make([]string, 0, net.NumNodes()+net.NumLinks())
	for v := range net.NumNodes() {
		ids = append(ids, net.NodeID(v))
	}
	for l := range net.NumLinks() {
		ids = append(ids, net.LinkID(l))
	}
	return ids
}

// load reads the network named by fs's single argument and returns it with
// its state at the start (scenario.StartState: a storage holding no stock
// gives only what flows into it) in which the -out assets are out of
// service, and the -policy. Input problems come back as bad input.
func (nf *netFlags) load(fs *flag.FlagSet) (*network.Network, *supply.State, supply.Policy, error) {
	if fs.NArg() != 1 {
		fs.Usage()
		return nil, nil, 0, badInput(fmt.Errorf("want exactly one PATH, got %d arguments", fs.NArg()))
	}
	kind, err := network.ParseKind(*nf.kind)
	if err != nil {
		return nil, nil, 0, badInput(err)
	}
	policy, err := supply.ParsePolicy(*nf.policy)
	if err != nil {
		return nil, nil, 0, badInput(err)
	}
	kindSet := false
	fs.Visit(func(f *flag.Flag) { kindSet = kindSet || f.Name == "kind" })
	net, err := loadNetwork(fs.Arg(0), kind, kindSet)
	if err != nil {
		return nil, nil, 0, err
	}
	st := scenario.StartState(net)
	if *nf.outs != "" {
		for id := range strings.SplitSeq(*nf.outs, ",") {
			id = strings.TrimSpace(id)
			if _, ok := supply.Lookup(net, id); !ok {
				msg := "-out: no node or link " + network.Quote(id) + " in " + fs.Arg(0)
				if s := network.Suggest(id, assetIDs(net)); s != "" {
					msg += "; did you mean " + network.Quote(s) + "?"
				}
				return nil, nil, 0, badInput(errors.New(msg))
			}
			if err := st.SetOut(id, true); err != nil {
				return nil, nil, 0, badInput(fmt.Errorf("-out: %w", err))
			}
		}
	}
	return net, st, policy, nil
}
