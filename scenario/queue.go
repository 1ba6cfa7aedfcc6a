package scenario

import "container/heap"

// event is one scheduled callback. Events at equal times run in the order
// they were scheduled (seq).
type event struct {
	t   float64
	seq uint64
	fn  func(*Run)
}

type eventHeap []event

func (h eventHeap) Len() int { return len(h) }
func (h eventHeap) Less(i, j int) bool {
	if h[i].t != h[j].t {
		return h[i].t < h[j].t
	}
	return h[i].seq < h[j].seq
}
func (h eventHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *eventHeap) Push(x any)   { *h = append(*h, x.(event)) }
func (h *eventHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = event{}
	*h = old[:len(old)-1]
	return e
}

// queue is the engine's agenda: a binary heap ordered by (time, sequence).
type queue struct {
	h   eventHeap
	seq uint64
}

func (q *queue) push(t float64, fn func(*Run)) {
	q.seq++
	heap.Push(&q.h, event{t: t, seq: q.seq, fn: fn})
}

func (q *queue) len() int { return len(q.h) }

func (q *queue) peek() float64 { return q.h[0].t }

func (q *queue) pop() event { return heap.Pop(&q.h).(event) }
