// Package sqltest is the deterministic event tables the SQL tests load into
// real PostgreSQL, MariaDB and SQLite databases, and the same events as
// Prometheus counters. Every event is defined by a per-minute count, so a test
// computes its expected numbers from the events themselves, independently of
// the SQL under test.
package sqltest

import (
	"time"

	"github.com/northstar/kpi/internal/seed"
)

// Request is one row of the requests table.
type Request struct {
	TS        time.Time
	Region    string
	Outcome   string // ok or error
	LatencyMS float64
}

// Order is one row of the orders table.
type Order struct {
	ID         int
	CreatedAt  time.Time
	Region     string
	Status     string // paid, refunded or failed
	Amount     float64
	CustomerID int
}

// Data is the whole data set.
type Data struct {
	Start, End time.Time
	Requests   []Request
	Orders     []Order
}

// Regions of the data set; apac has a quiet period without any row.
var Regions = []string{"eu", "us", "apac"}

// Moments of the data set, in UTC.
var (
	// QuietFrom and QuietTo bound two days in which apac has no rows at all.
	QuietFrom = time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)
	QuietTo   = time.Date(2026, 11, 12, 0, 0, 0, 0, time.UTC)
	// OutageFrom and OutageTo bound an hour of errors in eu.
	OutageFrom = time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)
	OutageTo   = time.Date(2026, 11, 19, 11, 0, 0, 0, time.UTC)
	// SlowFrom and SlowTo bound a slow burn in us.
	SlowFrom = time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)
	SlowTo   = time.Date(2026, 11, 19, 12, 0, 0, 0, time.UTC)
)

// Default is 57 days ending 2026-11-20T00:00Z: two 28-day SLO windows, the
// month boundaries of October and November and the end of DST in Europe/Berlin
// (2026-10-25).
func Default() Data {
	end := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	return Generate(end.Add(-57*24*time.Hour), end)
}

func minuteOf(t time.Time) int { return int(t.Unix() / 60) }

func quiet(region string, t time.Time) bool {
	return region == "apac" && !t.Before(QuietFrom) && t.Before(QuietTo)
}

func within(t, from, to time.Time) bool { return !t.Before(from) && t.Before(to) }

// okPerMinute and errorsPerMinute are the request counts in the minute that
// starts at t.
func okPerMinute(region string, t time.Time) int {
	m := minuteOf(t)
	switch {
	case quiet(region, t):
		return 0
	case region == "eu":
		return 1 + b2i(m%3 == 0)
	case region == "us":
		return 1
	default:
		return b2i(m%2 == 0)
	}
}

func errorsPerMinute(region string, t time.Time) int {
	m := minuteOf(t)
	switch {
	case quiet(region, t):
		return 0
	case region == "eu" && within(t, OutageFrom, OutageTo):
		return 2
	case region == "us" && within(t, SlowFrom, SlowTo):
		return b2i(m%10 == 0)
	case region == "eu":
		return b2i(m%97 == 0)
	case region == "us":
		return b2i(m%89 == 0)
	default:
		return b2i(m%131 == 0)
	}
}

func ordersPerMinute(region string, t time.Time) int {
	m := minuteOf(t)
	switch {
	case quiet(region, t):
		return 0
	case region == "eu":
		return b2i(m%4 == 0)
	case region == "us":
		return b2i(m%6 == 0)
	default:
		return b2i(m%9 == 0)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// at places the j-th event of the minute that starts at t strictly inside the
// minute (seconds 1..59), so that minute-aligned windows never split a second.
func at(t time.Time, j int) time.Time {
	return t.Add(time.Duration(1+(j*23+minuteOf(t)*7)%59) * time.Second)
}

// Generate makes the events of [start, end).
func Generate(start, end time.Time) Data {
	d := Data{Start: start, End: end}
	for t := start; t.Before(end); t = t.Add(time.Minute) {
		for _, region := range Regions {
			j := 0
			for range okPerMinute(region, t) {
				d.Requests = append(d.Requests, Request{TS: at(t, j), Region: region, Outcome: "ok", LatencyMS: float64(50 + (minuteOf(t)*13+j)%200)})
				j++
			}
			for range errorsPerMinute(region, t) {
				d.Requests = append(d.Requests, Request{TS: at(t, j), Region: region, Outcome: "error", LatencyMS: 800})
				j++
			}
			for range ordersPerMinute(region, t) {
				d.Orders = append(d.Orders, newOrder(len(d.Orders)+1, at(t, 0), region))
			}
		}
	}
	return d
}

func newOrder(id int, t time.Time, region string) Order {
	status := "paid"
	switch id % 10 {
	case 7:
		status = "refunded"
	case 9:
		status = "failed"
	}
	return Order{ID: id, CreatedAt: t, Region: region, Status: status, Amount: 5 + float64(id*37%9000)/100, CustomerID: id % 500}
}

// Prometheus is the same events as counters, sampled every minute:
// shop_requests_total{region, outcome} and shop_orders_total{region, status}.
func (d Data) Prometheus() seed.Dataset {
	type key struct{ name, a, b string }
	counts := map[key]map[int]float64{}
	add := func(k key, t time.Time) {
		if counts[k] == nil {
			counts[k] = map[int]float64{}
		}
		// The sample at the end of the minute counts the minute's events.
		counts[k][minuteOf(t)+1]++
	}
	for _, r := range d.Requests {
		add(key{"shop_requests_total", r.Region, r.Outcome}, r.TS)
	}
	for _, o := range d.Orders {
		add(key{"shop_orders_total", o.Region, o.Status}, o.CreatedAt)
	}
	out := seed.Dataset{Start: d.Start, End: d.End}
	for _, region := range Regions {
		for _, outcome := range []string{"ok", "error"} {
			m := counts[key{"shop_requests_total", region, outcome}]
			out.Series = append(out.Series, seed.Counter{Name: "shop_requests_total", Labels: map[string]string{"region": region, "outcome": outcome},
				Inc: func(t time.Time) float64 { return m[minuteOf(t)] }})
		}
		for _, status := range []string{"paid", "refunded", "failed"} {
			m := counts[key{"shop_orders_total", region, status}]
			out.Series = append(out.Series, seed.Counter{Name: "shop_orders_total", Labels: map[string]string{"region": region, "status": status},
				Inc: func(t time.Time) float64 { return m[minuteOf(t)] }})
		}
	}
	return out
}
