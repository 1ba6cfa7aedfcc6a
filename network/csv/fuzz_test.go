package csv_test

import (
	"bytes"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/csv"
)

// FuzzReadCSV checks that Read never panics, that every problem it reports
// names its file, and that whatever it accepts, Write writes and Read reads
// back unchanged.
func FuzzReadCSV(f *testing.F) {
	const nodeHead = "id,role,zone,capacity,demand,class,customers"
	const linkHead = "id,from,to,capacity,oneway"
	seeds := [][2]string{
		{nodeHead + ",needs_operators,x,y,note\ns,source,z,unlimited,,,,true,1,2,a\nc,consumer,z,,4,critical,7,,,,\"b,c\"\n",
			linkHead + ",loss,dn\nl,s,c,6,true,0.5,300\n"},
		{nodeHead + ",level,max_level,charge_rate,area\nt,storage,,5,,,,1,2,3,\nh,consumer,,,1,,,,,,9\n",
			linkHead + "\nl,t,h,,false\n"},
		{"\uFEFFrole,id,customers,class,demand,zone,capacity\r\nsource,s,,,,,1\r\n", "oneway,to,from,capacity,id\r\n"},
		{"", ""},
		{"id,role\n", "id\n"},
		{nodeHead + "\ns,source,,abc,,,\n\"c,consumer\n", linkHead + "\nl,s,\"c\"x,,\n"},
		{nodeHead + ",x\ns,source,,1,,,,1\n", linkHead + "\nl,s,s,,yes\n"},
		{nodeHead + ",\ns,source,,-1,,,,z\nc,consumer,,,1,vip,1.5\n", linkHead + "\nl,s,nowhere,,\n"},
	}
	for _, s := range seeds {
		f.Add([]byte(s[0]), []byte(s[1]))
	}
	f.Fuzz(func(t *testing.T, nodes, links []byte) {
		n, err := csv.Read(bytes.NewReader(nodes), bytes.NewReader(links), "nodes.csv", "links.csv", network.Power)
		if err != nil {
			if n != nil {
				t.Fatalf("both a network and an error: %v", err)
			}
			probs := network.Problems(err)
			if len(probs) == 0 {
				t.Fatalf("error without a FieldError: %v", err)
			}
			for _, p := range probs {
				if p.Pos.File != "nodes.csv" && p.Pos.File != "links.csv" {
					t.Fatalf("problem without the file name: %#v", *p)
				}
			}
			return
		}
		var nb, lb bytes.Buffer
		if err := csv.Write(&nb, &lb, n); err != nil {
			t.Fatalf("Write: %v", err)
		}
		back, err := csv.Read(&nb, &lb, "nodes2.csv", "links2.csv", network.Power)
		if err != nil {
			t.Fatalf("Read after Write: %v\n%s\n%s", err, nb.String(), lb.String())
		}
		assertSameNetwork(t, n, back)
	})
}
