package sqltest

import (
	"math"
	"time"
)

// The helpers below compute expected numbers straight from the events, with no
// SQL: they are the independent side of every SQL test.

// OrdersIn are the orders in [from, to) that pass keep (nil keeps all).
func (d Data) OrdersIn(from, to time.Time, keep func(Order) bool) []Order {
	var out []Order
	for _, o := range d.Orders {
		if within(o.CreatedAt, from, to) && (keep == nil || keep(o)) {
			out = append(out, o)
		}
	}
	return out
}

// RequestsIn are the requests in [from, to) that pass keep (nil keeps all).
func (d Data) RequestsIn(from, to time.Time, keep func(Request) bool) []Request {
	var out []Request
	for _, r := range d.Requests {
		if within(r.TS, from, to) && (keep == nil || keep(r)) {
			out = append(out, r)
		}
	}
	return out
}

// InRegion keeps one region's orders.
func InRegion(region string) func(Order) bool {
	return func(o Order) bool { return o.Region == region }
}

// RequestsInRegion keeps one region's requests.
func RequestsInRegion(region string) func(Request) bool {
	return func(r Request) bool { return r.Region == region }
}

// Availability is ok requests over all requests; NaN without requests.
func Availability(rs []Request) float64 {
	if len(rs) == 0 {
		return math.NaN()
	}
	ok := 0
	for _, r := range rs {
		if r.Outcome == "ok" {
			ok++
		}
	}
	return float64(ok) / float64(len(rs))
}

// Errors counts the error requests.
func Errors(rs []Request) int {
	n := 0
	for _, r := range rs {
		if r.Outcome == "error" {
			n++
		}
	}
	return n
}

// Amounts are the orders' amounts.
func Amounts(os []Order) []float64 {
	out := make([]float64, len(os))
	for i, o := range os {
		out[i] = o.Amount
	}
	return out
}
