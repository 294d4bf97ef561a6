// Package seed is the deterministic history the integration tests, the plugin
// protocol test, the benchmark and the demo load into Prometheus. Every counter is
// defined by its per-minute increments, so a test can compute the expected
// numbers from the definition, independently of PromQL and of the code under test.
package seed

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Step is the sample interval of every seeded series.
const Step = time.Minute

// Dataset is a set of counters over [Start, End], one sample per minute.
type Dataset struct {
	Start, End time.Time
	Series     []Counter
}

// Counter is one seeded counter: its labels, its increment in each minute, and the
// minutes at which it resets (the process restarts and counts from zero).
type Counter struct {
	Name   string
	Labels map[string]string
	// Inc is the increment counted in the minute that ends at t.
	Inc    func(t time.Time) float64
	Resets []time.Time
	// Scrape is how often the counter is sampled (zero: every Step), and Offset
	// where its samples sit after each multiple of Scrape: a counter scraped
	// every 15 s at :07, :22, :37, :52 has Scrape 15s and Offset 7s. Between
	// samples the counter still grows minute by minute, as Inc says.
	Scrape, Offset time.Duration
}

// Default is the history the tests use: 56 days of minutes ending on
// 2026-11-20T00:00Z, long enough for weekly, monthly and calendar comparisons.
func Default() Dataset {
	return Ending(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), 56)
}

// Ending is the same history over the given number of days up to end (the demo
// uses it with end = now).
func Ending(end time.Time, days int) Dataset {
	end = end.Truncate(Step)
	return Dataset{Start: end.Add(-time.Duration(days) * 24 * time.Hour), End: end, Series: defaultSeries(end)}
}

// day is the number of whole days since the Unix epoch, a stable pattern source.
func day(t time.Time) int { return int(t.Unix() / 86400) }

func minute(t time.Time) int { return int(t.Unix() / 60) }

func defaultSeries(end time.Time) []Counter {
	req := func(region, instance, code string) map[string]string {
		return map[string]string{"job": "checkout", "region": region, "instance": instance, "code": code}
	}
	reset := []time.Time{end.Add(-10*24*time.Hour - 7*time.Hour - 13*time.Minute)}
	bucket := func(le string) map[string]string {
		return map[string]string{"job": "api", "region": "eu", "le": le}
	}
	return append([]Counter{
		{Name: "http_requests_total", Labels: req("eu", "a", "200"), Inc: func(t time.Time) float64 { return float64(60 + day(t)%7*5) }},
		{Name: "http_requests_total", Labels: req("eu", "a", "500"), Inc: every(10, 1)},
		{Name: "http_requests_total", Labels: req("eu", "b", "200"), Inc: func(t time.Time) float64 { return float64(40 + t.Hour()%5) }, Resets: reset},
		{Name: "http_requests_total", Labels: req("eu", "b", "500"), Inc: every(20, 1), Resets: reset},
		{Name: "http_requests_total", Labels: req("us", "c", "200"), Inc: func(t time.Time) float64 { return float64(30 + day(t)%4) }},
		{Name: "http_requests_total", Labels: req("us", "c", "500"), Inc: every(15, 2)},
		{Name: "http_request_duration_seconds_bucket", Labels: bucket("0.1"), Inc: func(t time.Time) float64 { return float64(50 + day(t)%10) }},
		{Name: "http_request_duration_seconds_bucket", Labels: bucket("0.25"), Inc: func(t time.Time) float64 { return float64(80 + day(t)%5) }},
		{Name: "http_request_duration_seconds_bucket", Labels: bucket("0.5"), Inc: func(time.Time) float64 { return 95 }},
		{Name: "http_request_duration_seconds_bucket", Labels: bucket("+Inf"), Inc: func(time.Time) float64 { return 100 }},
		{Name: "orders_total", Labels: map[string]string{"region": "eu"}, Inc: func(t time.Time) float64 { return float64(10 + day(t)%7) }},
		{Name: "orders_total", Labels: map[string]string{"region": "us"}, Inc: func(t time.Time) float64 { return float64(5 + t.Hour()%3) }},
	}, paymentsSeries(end)...)
}

// The payments service is the SLO scenario. Relative to the end E of the history:
//
//	eu: 100 requests a minute, 1 bad in every 40th minute (burn rate 0.25 at 99.9 %),
//	    a slow burn of 1 bad every 3rd minute from E-5d to E-2d (burn 3.3),
//	    an outage of 20 bad a minute from E-3h to E-2h30m (burn 200),
//	    and a process restart (counter reset) at E-8d+3h17m;
//	us: a low-traffic region, 2 requests a minute with 1 bad every 30th minute,
//	    and no traffic at all from E-2d to E-1d.
//
// The history also crosses the calendar-month boundaries and the Europe/Berlin
// daylight-saving change of 2026-10-25.
var (
	SlowBurn = [2]time.Duration{-5 * 24 * time.Hour, -2 * 24 * time.Hour}
	Outage   = [2]time.Duration{-3 * time.Hour, -150 * time.Minute}
	Quiet    = [2]time.Duration{-2 * 24 * time.Hour, -24 * time.Hour}
	Restart  = -8*24*time.Hour + 3*time.Hour + 17*time.Minute
)

func paymentsSeries(end time.Time) []Counter {
	in := func(t time.Time, span [2]time.Duration) bool {
		return t.After(end.Add(span[0])) && !t.After(end.Add(span[1]))
	}
	euBad := func(t time.Time) float64 {
		switch {
		case in(t, Outage):
			return 20
		case in(t, SlowBurn):
			return every(3, 1)(t)
		}
		return every(40, 1)(t)
	}
	usTotal := func(t time.Time) float64 {
		if in(t, Quiet) {
			return 0
		}
		return 2
	}
	usBad := func(t time.Time) float64 { return every(30, 1)(t) * usTotal(t) / 2 }
	pay := func(region, code string) map[string]string {
		return map[string]string{"job": "payments", "region": region, "code": code}
	}
	restart := []time.Time{end.Add(Restart)}
	return []Counter{
		{Name: "payments_requests_total", Labels: pay("eu", "500"), Inc: euBad, Resets: restart},
		{Name: "payments_requests_total", Labels: pay("eu", "200"), Inc: func(t time.Time) float64 { return 100 - euBad(t) }, Resets: restart},
		{Name: "payments_requests_total", Labels: pay("us", "500"), Inc: usBad},
		{Name: "payments_requests_total", Labels: pay("us", "200"), Inc: func(t time.Time) float64 { return usTotal(t) - usBad(t) }},
	}
}

// every counts n events in each k-th minute.
func every(k int, n float64) func(time.Time) float64 {
	return func(t time.Time) float64 {
		if minute(t)%k == 0 {
			return n
		}
		return 0
	}
}

// Increase is the sum of a counter's increments over the minutes in (from, to]:
// what an ideal increase() over that window must return, resets or not.
func (c Counter) Increase(from, to time.Time) float64 {
	total := 0.0
	for t := from.Truncate(Step).Add(Step); !t.After(to); t = t.Add(Step) {
		total += c.Inc(t)
	}
	return total
}

// Select returns the counters with a name whose labels include all of match.
func (d Dataset) Select(name string, match map[string]string) []Counter {
	var out []Counter
	for _, c := range d.Series {
		if c.Name == name && includes(c.Labels, match) {
			out = append(out, c)
		}
	}
	return out
}

// SumIncrease adds Increase over several counters.
func SumIncrease(cs []Counter, from, to time.Time) float64 {
	total := 0.0
	for _, c := range cs {
		total += c.Increase(from, to)
	}
	return total
}

func includes(labels, match map[string]string) bool {
	for k, v := range match {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// WriteOpenMetrics writes the dataset in the OpenMetrics text format that
// `promtool tsdb create-blocks-from openmetrics` reads.
func (d Dataset) WriteOpenMetrics(w io.Writer) error {
	// No TYPE lines: untyped samples need no OpenMetrics suffix rules, and
	// PromQL treats every series alike.
	bw := bufio.NewWriterSize(w, 1<<20)
	for _, c := range d.Series {
		d.writeCounter(bw, c)
	}
	fmt.Fprintln(bw, "# EOF")
	return bw.Flush()
}

func (d Dataset) writeCounter(w *bufio.Writer, c Counter) {
	series := c.Name + formatLabels(c.Labels)
	resets := map[int64]bool{}
	for _, r := range c.Resets {
		resets[r.Truncate(Step).Unix()] = true
	}
	every := c.Scrape
	if every <= 0 {
		every = Step
	}
	value := 0.0
	minute := d.Start // the increments of minutes up to here are counted
	for t := d.Start.Add(c.Offset); !t.After(d.End); t = t.Add(every) {
		for next := minute.Add(Step); !next.After(t); next = next.Add(Step) {
			if resets[next.Unix()] {
				value = 0
			}
			value += c.Inc(next)
			minute = next
		}
		fmt.Fprintf(w, "%s %s %s\n", series, strconv.FormatFloat(value, 'f', -1, 64), strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64))
	}
}

// Scraped is the dataset's counters named in names, as a scraper sampling every
// `every` at `offset` past each multiple would see them, each with the label
// scrape=<label> added so that several samplings can share one Prometheus.
func (d Dataset) Scraped(every, offset time.Duration, label string, names ...string) Dataset {
	out := Dataset{Start: d.Start, End: d.End}
	for _, c := range d.Series {
		if !slices.Contains(names, c.Name) {
			continue
		}
		c.Labels = maps.Clone(c.Labels)
		c.Labels["scrape"] = label
		c.Scrape, c.Offset = every, offset
		out.Series = append(out.Series, c)
	}
	return out
}

func formatLabels(l map[string]string) string {
	keys := make([]string, 0, len(l))
	for k := range l {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%q", k, l[k])
	}
	return "{" + strings.Join(parts, ",") + "}"
}
