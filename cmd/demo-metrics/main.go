// Command demo-metrics serves the demo counters live on /metrics, continuing the
// patterns of the backfilled history, so that `docker compose up` shows KPIs that
// move. Each counter grows by its per-minute increment, spread over the minute.
//
//	go run ./cmd/demo-metrics -listen :9100
package main

import (
	"flag"
	"log"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/northstar/kpi/internal/seed"
)

type liveCounters struct {
	mu     sync.Mutex
	series []seed.Counter
	values []float64
	descs  []*prometheus.Desc
}

func newLiveCounters() *liveCounters {
	d := seed.Ending(time.Now(), 1)
	lc := &liveCounters{series: d.Series, values: make([]float64, len(d.Series))}
	for _, c := range d.Series {
		names := make([]string, 0, len(c.Labels))
		for k := range c.Labels {
			names = append(names, k)
		}
		sort.Strings(names)
		lc.descs = append(lc.descs, prometheus.NewDesc(c.Name, "Northstar KPI demo counter.", names, nil))
	}
	return lc
}

// tick adds the share of each counter's current per-minute increment that falls
// into the elapsed time.
func (lc *liveCounters) tick(now time.Time, elapsed time.Duration) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	for i, c := range lc.series {
		lc.values[i] += c.Inc(now) * elapsed.Minutes()
	}
}

func (lc *liveCounters) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range lc.descs {
		ch <- d
	}
}

func (lc *liveCounters) Collect(ch chan<- prometheus.Metric) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	for i, c := range lc.series {
		names := make([]string, 0, len(c.Labels))
		for k := range c.Labels {
			names = append(names, k)
		}
		sort.Strings(names)
		values := make([]string, len(names))
		for j, n := range names {
			values[j] = c.Labels[n]
		}
		ch <- prometheus.MustNewConstMetric(lc.descs[i], prometheus.CounterValue, lc.values[i], values...)
	}
}

func main() {
	listen := flag.String("listen", ":9100", "address to serve /metrics on")
	flag.Parse()
	lc := newLiveCounters()
	reg := prometheus.NewRegistry()
	reg.MustRegister(lc)
	go func() {
		const every = 5 * time.Second
		for now := range time.Tick(every) {
			lc.tick(now, every)
		}
	}()
	http.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	log.Printf("serving demo metrics on %s/metrics", *listen)
	log.Fatal(http.ListenAndServe(*listen, nil))
}
