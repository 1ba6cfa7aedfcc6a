package scenario_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/scenfile"
)

// hohhotTemplate is a 100-trial study of the Hohhot example (heat, 336
// hourly buckets, cold customers), the template of the scale benchmarks.
var hohhotTemplate = sync.OnceValues(func() (*scenario.Summary, error) {
	sc, err := scenfile.Load(filepath.Join("..", "examples", "hohhot", "hohhot.yaml"))
	if err != nil {
		return nil, err
	}
	plan, err := sc.Compile()
	if err != nil {
		return nil, err
	}
	return scenario.Study{Plan: plan, Seed: 1, Trials: 100}.Run(context.Background())
})

func template(b *testing.B) *scenario.Summary {
	b.Helper()
	s, err := hohhotTemplate()
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// counter counts the bytes written to it.
type counter int64

func (c *counter) Write(p []byte) (int, error) { *c += counter(len(p)); return len(p), nil }

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkSummaryMillion measures a summary of 10^6 trials of the Hohhot
// example (its 100-trial study repeated): memory in use, size on disk in
// the summary format, and the time to write and read it back.
//
//	go test ./scenario -run XXX -bench SummaryMillion -benchtime 1x
func BenchmarkSummaryMillion(b *testing.B) {
	tmpl := template(b)
	const n = 1_000_000
	before := heapInUse()
	big := scenario.ReplicateForTest(tmpl, n/tmpl.Trials(), 0, n)
	mem := heapInUse() - before
	var size counter
	if err := big.WriteJSON(&size); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "million.json")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := big.WriteJSON(f); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.ResetTimer()
	for range b.N {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		back, err := scenario.ReadSummary(f, path)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		if back.Trials() != n {
			b.Fatal("trials", back.Trials())
		}
	}
	b.StopTimer()
	b.SetBytes(int64(size))
	b.ReportMetric(float64(mem)/1e6, "MB-in-memory")
	b.ReportMetric(float64(size)/1e6, "MB-on-disk")
	b.ReportMetric(float64(mem)/n, "B-in-memory/trial")
	b.ReportMetric(float64(size)/n, "B-on-disk/trial")
	runtime.KeepAlive(big)
}

// BenchmarkMergeShards merges shard files of 1,000 trials each of the
// Hohhot example, read one after another as lifeline merge does; ns/op
// over the shards' total size (MB/s) stays flat from 10 to 1,000 shards
// if the merge is linear. MB-held is the heap the merged summary holds,
// the merge's memory beyond one shard being read.
//
//	go test ./scenario -run XXX -bench MergeShards -benchtime 1x
func BenchmarkMergeShards(b *testing.B) {
	tmpl := template(b)
	for _, shards := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("shards=%d", shards), func(b *testing.B) {
			const per = 1000
			dir := b.TempDir()
			var total int64
			paths := make([]string, shards)
			for k := range shards {
				part := scenario.ReplicateForTest(tmpl, per/tmpl.Trials(), k*per, shards*per)
				paths[k] = filepath.Join(dir, fmt.Sprintf("shard-%04d.json", k))
				f, err := os.Create(paths[k])
				if err != nil {
					b.Fatal(err)
				}
				w := bufio.NewWriter(io.MultiWriter(f, (*counter)(&total)))
				if err := part.WriteJSON(w); err != nil {
					b.Fatal(err)
				}
				w.Flush()
				f.Close()
			}
			b.SetBytes(total)
			var held uint64
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				before := heapInUse()
				b.StartTimer()
				m := scenario.Merger{Complete: true}
				for _, p := range paths {
					f, err := os.Open(p)
					if err != nil {
						b.Fatal(err)
					}
					err = m.Read(p, f)
					f.Close()
					if err != nil {
						b.Fatal(err)
					}
				}
				sum, err := m.Summary()
				if err != nil {
					b.Fatal(err)
				}
				if sum.Trials() != shards*per {
					b.Fatal("trials", sum.Trials())
				}
				b.StopTimer()
				held = heapInUse() - before
				runtime.KeepAlive(sum)
				b.StartTimer()
			}
			b.StopTimer()
			b.ReportMetric(float64(held)/1e6, "MB-held")
			b.ReportMetric(float64(total)/float64(shards)/1e3, "kB/shard")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(shards*per), "ns/trial")
		})
	}
}

// BenchmarkExampleTrials runs trials of each example scenario on one
// worker (one core) and reports trials per core-second, the figure that
// tells whether a study fits one machine (docs/scale-out.md), with the
// size of the network and of the summary of the 16 trials.
//
//	go test ./scenario -run XXX -bench ExampleTrials -benchtime 3x
func BenchmarkExampleTrials(b *testing.B) {
	for _, name := range []string{"changchun/changchun", "heihe/heihe", "hohhot/hohhot", "pingdingshan/pingdingshan",
		"pingdingshan/pingdingshan-steam", "yantai/yantai"} {
		b.Run(filepath.Base(name), func(b *testing.B) {
			sc, err := scenfile.Load(filepath.Join("..", "examples", name+".yaml"))
			if err != nil {
				b.Fatal(err)
			}
			plan, err := sc.Compile()
			if err != nil {
				b.Fatal(err)
			}
			const trials = 16
			var sum *scenario.Summary
			b.ResetTimer()
			for i := range b.N {
				sum, err = scenario.Study{Plan: plan, Seed: uint64(i + 1), Trials: trials, Workers: 1}.Run(context.Background())
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			var size counter
			if err := sum.WriteJSON(&size); err != nil {
				b.Fatal(err)
			}
			nodes, links := 0, 0
			for _, u := range sc.Utilities {
				nodes += u.Net.NumNodes()
				links += u.Net.NumLinks()
			}
			b.ReportMetric(float64(trials*b.N)/b.Elapsed().Seconds(), "trials/core-s")
			b.ReportMetric(float64(nodes), "nodes")
			b.ReportMetric(float64(links), "links")
			b.ReportMetric(float64(size)/1e3, "summary-kB")
		})
	}
}
