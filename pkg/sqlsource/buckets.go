package sqlsource

import (
	"fmt"
	"strings"
	"time"

	"github.com/northstar/kpi/pkg/kpimath"
)

// buckets tile [origin, end) in steps. Whole-day steps follow the KPI's time
// zone: a bucket is n local days, 23 or 25 hours across a DST change; shorter
// steps are fixed lengths on the UTC step grid, as Prometheus's steps are. The
// boundaries are computed here and bound, so every dialect buckets alike with
// no time-zone tables.
type buckets struct {
	origin, end time.Time
	step        time.Duration
	loc         *time.Location
	days        int // > 0 for whole-day steps
	// shifts are the zone's UTC offsets over the range: from each instant on,
	// local time is UTC plus the offset (seconds).
	shifts []shift
}

type shift struct {
	from   time.Time
	offset int
}

// seriesBuckets are the buckets for a series over w at step: as the Prometheus
// source aligns its points, they cover the whole steps of the range, and a
// point at T stands for the bucket that ends at T.
func seriesBuckets(w kpimath.Window, step time.Duration, loc *time.Location) buckets {
	day := 24 * time.Hour
	if step >= day && step%day == 0 {
		days := int(step / day)
		origin := kpimath.CalendarStart("day", w.From, loc)
		b := buckets{origin: origin, step: step, loc: loc, days: days}
		n := 0
		for !b.endOf(n).After(w.To) {
			n++
		}
		b.end = b.endOf(n - 1)
		if n == 0 {
			b.end = origin
		}
		b.shifts = offsets(origin, b.end, loc)
		return b
	}
	return buckets{origin: w.From.Truncate(step), end: w.To.Truncate(step), step: step, loc: time.UTC}
}

// sliceBuckets tile [from, to) in fixed slices, for SLO events.
func sliceBuckets(from, to time.Time, slice time.Duration) buckets {
	return buckets{origin: from, end: to, step: slice, loc: time.UTC}
}

// count is the number of buckets.
func (b buckets) count() int {
	if b.days > 0 {
		n := 0
		for !b.endOf(n).After(b.end) {
			n++
		}
		return n
	}
	return int(b.end.Sub(b.origin) / b.step)
}

// endOf is the end of bucket i.
func (b buckets) endOf(i int) time.Time {
	if b.days > 0 {
		return b.origin.In(b.loc).AddDate(0, 0, (i+1)*b.days)
	}
	return b.origin.Add(time.Duration(i+1) * b.step)
}

// expression is the SQL of a row's bucket number: whole seconds from the origin
// (in local time for day steps) divided by the step.
func (g *structured) bucketExpression(b buckets) string {
	epoch := g.d.Epoch(g.time, g.q.TimeType)
	origin := b.origin.Unix()
	if len(b.shifts) > 1 || len(b.shifts) == 1 && b.shifts[0].offset != 0 {
		epoch = fmt.Sprintf("(%s + %s)", epoch, g.offsetCase(epoch, b.shifts))
		origin += int64(b.shifts[0].offset)
	}
	return g.d.Floor(fmt.Sprintf("(%s - %s) / %s", epoch, g.int(origin), g.int(int64(b.step/time.Second))))
}

func (b buckets) expression(g *structured) string { return g.bucketExpression(b) }

// offsetCase is the UTC offset in force at each row's instant.
func (g *structured) offsetCase(epoch string, shifts []shift) string {
	if len(shifts) == 1 {
		return g.int(int64(shifts[0].offset))
	}
	var c strings.Builder
	c.WriteString("CASE")
	for i := 1; i < len(shifts); i++ {
		fmt.Fprintf(&c, " WHEN %s < %s THEN %s", epoch, g.int(shifts[i].from.Unix()), g.int(int64(shifts[i-1].offset)))
	}
	fmt.Fprintf(&c, " ELSE %s END", g.int(int64(shifts[len(shifts)-1].offset)))
	return c.String()
}

// offsets lists the zone's offset changes in [from, to]: the offset at from,
// then each change found by scanning hours and bisecting to the second.
func offsets(from, to time.Time, loc *time.Location) []shift {
	offsetAt := func(t time.Time) int { _, o := t.In(loc).Zone(); return o }
	out := []shift{{from: from, offset: offsetAt(from)}}
	for t := from; t.Before(to); {
		next := t.Add(time.Hour)
		if next.After(to) {
			next = to
		}
		if o := offsetAt(next); o != out[len(out)-1].offset {
			lo, hi := t, next // offset(lo) is the old one, offset(hi) the new
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
				if offsetAt(mid) == o {
					hi = mid
				} else {
					lo = mid
				}
			}
			out = append(out, shift{from: hi, offset: o})
		}
		t = next
	}
	return out
}

// int binds an integer used in arithmetic.
func (g *structured) int(v int64) string { return g.d.Int(g.p.bind(v)) }
