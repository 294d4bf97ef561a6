// Package promsuite tests that the numbers the datasource reports from
// Prometheus equal what Prometheus itself computes for the same window and
// instant: burn rates, time to exhaustion, SLIs and budgets, and the values of
// increase and sum KPIs, for counters scraped every 15 s, 30 s and 60 s at
// offsets off the minute, at instants on and off any grid. The expected
// values come from instant queries the tests write themselves, and from the
// seeded events (internal/seed) where extrapolation cannot matter.
package promsuite
