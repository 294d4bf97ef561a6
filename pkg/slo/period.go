package slo

import (
	"time"

	"github.com/northstar/kpi/pkg/catalog"
)

// Period returns the SLO window ending at `to`: rolling → (to-P, to]; calendar →
// from the start of the calendar week (Monday 00:00) / month / quarter containing
// `to` in loc, to `to`. Length is the full period length used for "budget as time"
// and exhaustion: P for rolling; for calendar the real length of the whole calendar
// period in loc (October 2026 in Europe/Berlin is 31 days + 1 hour because of DST).
//
// Windows are (from, to], so a `to` exactly on a boundary (midnight of 1 November)
// ends the period before it (October) instead of starting an empty one.
func Period(w catalog.SLOWindow, loc *time.Location, to time.Time) (from time.Time, length time.Duration) {
	if w.Calendar == "" {
		p := time.Duration(w.Rolling)
		return to.Add(-p), p
	}
	if loc == nil {
		loc = time.UTC
	}
	start, ok := calendarStart(w.Calendar, to.Add(-time.Nanosecond).In(loc))
	if !ok {
		return to, 0
	}
	return start, calendarEnd(w.Calendar, start).Sub(start)
}

// calendarStart is midnight in t's location at the start of the week (Monday),
// month or quarter containing t.
func calendarStart(calendar string, t time.Time) (time.Time, bool) {
	y, m, d := t.Date()
	switch calendar {
	case catalog.CalendarWeek:
		sinceMonday := (int(t.Weekday()) + 6) % 7
		return time.Date(y, m, d-sinceMonday, 0, 0, 0, 0, t.Location()), true
	case catalog.CalendarMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, t.Location()), true
	case catalog.CalendarQuarter:
		first := time.Month((int(m)-1)/3*3 + 1)
		return time.Date(y, first, 1, 0, 0, 0, 0, t.Location()), true
	}
	return time.Time{}, false
}

// calendarEnd adds calendar days, not hours, so a period with a DST change is an
// hour longer or shorter.
func calendarEnd(calendar string, start time.Time) time.Time {
	switch calendar {
	case catalog.CalendarWeek:
		return start.AddDate(0, 0, 7)
	case catalog.CalendarMonth:
		return start.AddDate(0, 1, 0)
	default:
		return start.AddDate(0, 3, 0)
	}
}
