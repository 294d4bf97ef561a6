package kpimath

import (
	"fmt"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
)

// Window is a half-open time range [From, To).
type Window struct {
	From, To time.Time
}

// Length is the window's duration.
func (w Window) Length() time.Duration { return w.To.Sub(w.From) }

// Shift moves a window back by d.
func (w Window) Shift(d time.Duration) Window {
	return Window{From: w.From.Add(-d), To: w.To.Add(-d)}
}

// ComparisonWindow is the period a range is compared against, with a label that
// names it for people ("previous 7 days", "previous calendar month").
func ComparisonWindow(c catalog.Comparison, current Window, loc *time.Location) (Window, string) {
	switch c.Type {
	case catalog.CompareOffset:
		d := time.Duration(c.Offset)
		return current.Shift(d), fmt.Sprintf("%s earlier", c.Offset)
	case catalog.CompareCalendar:
		return previousCalendar(c.Calendar, current.To, loc), "previous calendar " + c.Calendar
	default:
		return current.Shift(current.Length()), "previous " + HumanDuration(current.Length())
	}
}

// previousCalendar is the whole calendar unit before the one that contains t, in
// the KPI's time zone (so a month is a month and a day may be 23 or 25 hours).
func previousCalendar(unit string, t time.Time, loc *time.Location) Window {
	start := CalendarStart(unit, t, loc)
	prev := addCalendar(unit, start, -1)
	return Window{From: prev, To: start}
}

// CalendarStart is the start of the calendar unit (day, ISO week from Monday,
// month, quarter, year) that contains t, in loc.
func CalendarStart(unit string, t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	y, m, d := l.Date()
	switch unit {
	case "day":
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	case "week":
		back := (int(l.Weekday()) + 6) % 7
		return time.Date(y, m, d-back, 0, 0, 0, 0, loc)
	case "month":
		return time.Date(y, m, 1, 0, 0, 0, 0, loc)
	case "quarter":
		return time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, loc)
	default:
		return time.Date(y, 1, 1, 0, 0, 0, 0, loc)
	}
}

func addCalendar(unit string, t time.Time, n int) time.Time {
	switch unit {
	case "day":
		return t.AddDate(0, 0, n)
	case "week":
		return t.AddDate(0, 0, 7*n)
	case "month":
		return t.AddDate(0, n, 0)
	case "quarter":
		return t.AddDate(0, 3*n, 0)
	default:
		return t.AddDate(n, 0, 0)
	}
}

// BaselineWindows are the same range shifted back by 1..n periods.
func BaselineWindows(current Window, every time.Duration, n int) []Window {
	out := make([]Window, n)
	for i := range out {
		out[i] = current.Shift(time.Duration(i+1) * every)
	}
	return out
}

// HumanDuration writes a duration the way a card names a period: "7 days", "1 hour".
func HumanDuration(d time.Duration) string {
	units := []struct {
		size time.Duration
		name string
	}{{7 * 24 * time.Hour, "week"}, {24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}}
	for _, u := range units {
		if d >= u.size && d%u.size == 0 {
			n := int64(d / u.size)
			if u.name == "week" {
				return plural(n*7, "day")
			}
			return plural(n, u.name)
		}
	}
	return d.String()
}

func plural(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
