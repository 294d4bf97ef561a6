package slo

import (
	"testing"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
)

func TestPeriod(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	day := 24 * time.Hour
	at := func(y int, m time.Month, d, h int, loc *time.Location) time.Time {
		return time.Date(y, m, d, h, 0, 0, 0, loc)
	}
	rolling := func(d time.Duration) catalog.SLOWindow { return catalog.SLOWindow{Rolling: catalog.Duration(d)} }
	calendar := func(c string) catalog.SLOWindow { return catalog.SLOWindow{Calendar: c} }
	cases := []struct {
		name       string
		window     catalog.SLOWindow
		loc        *time.Location
		to         time.Time
		wantFrom   time.Time
		wantLength time.Duration
	}{
		{"rolling 28d", rolling(28 * day), berlin, at(2026, 10, 15, 12, time.UTC), at(2026, 9, 17, 12, time.UTC), 28 * day},
		// Berlin leaves summer time on Sunday 25 October 2026: October has 31 days
		// and one hour, and starts at midnight CEST (UTC+2).
		{"October in Berlin", calendar("month"), berlin, at(2026, 10, 20, 15, berlin), at(2026, 9, 30, 22, time.UTC), 31*day + time.Hour},
		{"the instant October ends", calendar("month"), berlin, at(2026, 11, 1, 0, berlin), at(2026, 9, 30, 22, time.UTC), 31*day + time.Hour},
		{"November in Berlin", calendar("month"), berlin, at(2026, 11, 1, 1, berlin), at(2026, 10, 31, 23, time.UTC), 30 * day},
		{"February in UTC", calendar("month"), time.UTC, at(2026, 2, 14, 0, time.UTC), at(2026, 2, 1, 0, time.UTC), 28 * day},
		{"no location is UTC", calendar("month"), nil, at(2026, 2, 14, 0, time.UTC), at(2026, 2, 1, 0, time.UTC), 28 * day},
		// 22 October 2026 is a Thursday; its week holds the DST change.
		{"week with the DST change", calendar("week"), berlin, at(2026, 10, 22, 10, berlin), at(2026, 10, 19, 0, berlin), 7*day + time.Hour},
		{"week on its Monday", calendar("week"), berlin, at(2026, 10, 12, 9, berlin), at(2026, 10, 12, 0, berlin), 7 * day},
		{"week on its Sunday", calendar("week"), berlin, at(2026, 10, 18, 23, berlin), at(2026, 10, 12, 0, berlin), 7 * day},
		{"week across a month", calendar("week"), time.UTC, at(2026, 10, 2, 9, time.UTC), at(2026, 9, 28, 0, time.UTC), 7 * day},
		// Q4: October (31 days + 1 h), November (30), December (31).
		{"fourth quarter in Berlin", calendar("quarter"), berlin, at(2026, 11, 15, 8, berlin), at(2026, 10, 1, 0, berlin), 92*day + time.Hour},
		// Q1: 31 + 28 + 31 days, less the hour lost on 29 March 2026.
		{"first quarter in Berlin", calendar("quarter"), berlin, at(2026, 2, 10, 8, berlin), at(2026, 1, 1, 0, berlin), 90*day - time.Hour},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			from, length := Period(tc.window, tc.loc, tc.to)
			if !from.Equal(tc.wantFrom) || length != tc.wantLength {
				t.Errorf("want from %v length %v, got from %v length %v", tc.wantFrom, tc.wantLength, from, length)
			}
		})
	}
}

// The calendar period's real length is the base of the budget as time: 0.1 % of
// October 2026 in Berlin (745 h) is 44.7 minutes.
func TestCalendarBudgetTime(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	to := time.Date(2026, 10, 10, 0, 0, 0, 0, berlin)
	from, length := Period(catalog.SLOWindow{Calendar: "month"}, berlin, to)
	s := catalog.SLO{Objective: 0.999, Window: catalog.SLOWindow{Calendar: "month"}}
	got := Evaluate(s, []Slice{{End: to, Bad: 1, Total: 100}}, time.Hour, from, to, length, nil).Budget.Time.Total
	if want := 44*time.Minute + 42*time.Second; got != want {
		t.Errorf("want %v, got %v", want, got)
	}
}
