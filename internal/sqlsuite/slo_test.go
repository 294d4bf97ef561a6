package sqlsuite_test

import (
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/internal/sqltest"
)

// counts are one region's requests in [from, to): all and errors.
func counts(from, to time.Time, region string) (total, bad float64) {
	rs := events.RequestsIn(from, to, sqltest.RequestsInRegion(region))
	return float64(len(rs)), float64(sqltest.Errors(rs))
}

func burn(from, to time.Time, region string, budget float64) float64 {
	total, bad := counts(from, to, region)
	if total == 0 {
		return math.NaN()
	}
	return bad / total / budget
}

func sloLabels(region, slo string) data.Labels {
	return data.Labels{"kpi": "availability", "region": region, "slo": slo}
}

// TestOccurrencesSLOsOnSQLAreExact: SLI, budget, every burn rate, every pair
// and the time to exhaustion of a rolling 28-day and a calendar-month SLO, at
// an off-grid instant during the eu outage, equal the row counts.
func TestOccurrencesSLOsOnSQLAreExact(t *testing.T) {
	cat := suiteKPIs(t)
	k, _ := cat.Find("availability")
	at := sqltest.OutageFrom.Add(40*time.Minute + 17*time.Second)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	windows := map[string]time.Time{
		"rolling": at.Add(-28 * 24 * time.Hour),
		"month":   time.Date(2026, 11, 1, 0, 0, 0, 0, berlin),
	}
	for _, dialect := range sqltest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ds := newDS(t, suiteCatalog, connection(dbs[dialect]))
			for _, s := range k.SLOs[:2] {
				r := run(t, ds, query("A", at.Add(-time.Hour), at, 0, map[string]any{"kpi": "availability", "slo": s.Name, "measures": []string{"slo"}})).Responses["A"]
				if r.Error != nil {
					t.Fatal(r.Error)
				}
				from := windows[s.Name]
				for _, region := range sqltest.Regions {
					l := sloLabels(region, s.Name)
					total, bad := counts(from, at, region)
					remaining := 1 - bad/(0.01*total)
					check(t, s.Name+" "+region+" sli", measure(t, r.Frames, "sli", l), 1-bad/total)
					check(t, s.Name+" "+region+" budget_remaining", measure(t, r.Frames, "budget_remaining", l), remaining)
					check(t, s.Name+" "+region+" budget_events_remaining", measure(t, r.Frames, "budget_events_remaining", l), 0.01*total-bad)
					for _, p := range s.Alerting.Pairs {
						long := burn(at.Add(-time.Duration(p.Long)), at, region, 0.01)
						short := burn(at.Add(-time.Duration(p.Short)), at, region, 0.01)
						check(t, s.Name+" "+region+" burn_rate_"+p.Long.String(), measure(t, r.Frames, "burn_rate_"+p.Long.String(), l), long)
						check(t, s.Name+" "+region+" burn_rate_"+p.Short.String(), measure(t, r.Frames, "burn_rate_"+p.Short.String(), l), short)
						longTotal, _ := counts(at.Add(-time.Duration(p.Long)), at, region)
						fires := 0.0
						if long >= p.Factor && short >= p.Factor && longTotal >= s.Alerting.MinEvents {
							fires = 1
						}
						pl := data.Labels{"kpi": "availability", "region": region, "slo": s.Name, "severity": p.Severity}
						check(t, s.Name+" "+region+" burn_pair_"+p.Short.String()+"_"+p.Long.String(), measure(t, r.Frames, "burn_pair_"+p.Short.String()+"_"+p.Long.String(), pl), fires)
					}
					first := burn(at.Add(-time.Duration(s.Alerting.Pairs[0].Long)), at, region, 0.01)
					length := at.Sub(from)
					if s.Window.Calendar != "" {
						length = time.Date(2026, 12, 1, 0, 0, 0, 0, berlin).Sub(from)
					}
					if s.Window.Rolling > 0 {
						length = time.Duration(s.Window.Rolling)
					}
					want := math.Inf(1)
					switch {
					case remaining <= 0:
						want = 0 // already spent
					case first > 0:
						want = remaining * length.Seconds() / first
					}
					got := measure(t, r.Frames, "time_to_exhaustion", l)
					if !(math.IsInf(want, 1) && math.IsInf(got, 1)) && math.Abs(got-want) > 1 {
						t.Errorf("%s %s time_to_exhaustion: got %v, want %v", s.Name, region, got, want)
					}
				}
			}
			// The outage pages in eu: its fast pair fires.
			r := run(t, ds, query("A", at.Add(-time.Hour), at, 0, map[string]any{"kpi": "availability", "slo": "rolling", "measures": []string{"burn_pair_5m_1h"}})).Responses["A"]
			if got := measure(t, r.Frames, "burn_pair_5m_1h", data.Labels{"kpi": "availability", "region": "eu", "slo": "rolling", "severity": "critical"}); got != 1 {
				t.Errorf("the eu outage must fire the 5m/1h pair, got %v", got)
			}
		})
	}
}

// TestTimesliceSLOAndBurndownOnSQL: 5-minute timeslices over 7 days, each good
// when at least 90 % of its requests are ok, the burndown ending at
// budget_remaining, and ratio timeslices scoring each slice's bad share.
func TestTimesliceSLOAndBurndownOnSQL(t *testing.T) {
	to := sqltest.OutageTo.Add(30 * time.Minute)
	from := to.Add(-7 * 24 * time.Hour)
	slice := 5 * time.Minute
	type want struct{ badSlices, slices, badLastHour, slicesLastHour, badShares float64 }
	// Per-slice counts from one pass over the rows.
	type tally struct{ total, bad float64 }
	perSlice := map[string]map[int]*tally{}
	for _, r := range events.RequestsIn(from, to, nil) {
		if perSlice[r.Region] == nil {
			perSlice[r.Region] = map[int]*tally{}
		}
		i := int(r.TS.Sub(from) / slice)
		if perSlice[r.Region][i] == nil {
			perSlice[r.Region][i] = &tally{}
		}
		perSlice[r.Region][i].total++
		if r.Outcome == "error" {
			perSlice[r.Region][i].bad++
		}
	}
	expect := func(region string) want {
		var w want
		n := int(to.Sub(from) / slice)
		for i := 0; i < n; i++ {
			c := perSlice[region][i]
			if c == nil || c.total == 0 {
				continue
			}
			isBad := 0.0
			if (c.total-c.bad)/c.total < 0.9 {
				isBad = 1
			}
			w.badSlices += isBad
			w.badShares += c.bad / c.total
			w.slices++
			if i >= n-12 {
				w.badLastHour += isBad
				w.slicesLastHour++
			}
		}
		return w
	}
	for _, dialect := range sqltest.Dialects {
		ds := newDS(t, suiteCatalog, connection(dbs[dialect]))
		r := run(t, ds, query("A", to.Add(-24*time.Hour), to, 0, map[string]any{"kpi": "availability", "slo": "slices",
			"measures": []string{"sli", "budget_remaining", "burn_rate_1h", "budget_burndown"}})).Responses["A"]
		if r.Error != nil {
			t.Fatal(r.Error)
		}
		for _, region := range sqltest.Regions {
			w := expect(region)
			l := sloLabels(region, "slices")
			remaining := 1 - w.badSlices/(0.05*float64(7*24*time.Hour/slice))
			check(t, dialect+" "+region+" timeslice sli", measure(t, r.Frames, "sli", l), 1-w.badSlices/w.slices)
			check(t, dialect+" "+region+" timeslice budget_remaining", measure(t, r.Frames, "budget_remaining", l), remaining)
			check(t, dialect+" "+region+" timeslice burn_rate_1h", measure(t, r.Frames, "burn_rate_1h", l), w.badLastHour/w.slicesLastHour/0.05)
			last := math.NaN()
			for _, f := range r.Frames {
				if len(f.Fields) == 2 && f.Fields[1].Name == "budget_burndown" && f.Fields[1].Labels.String() == l.String() {
					v, _ := f.Fields[1].ConcreteAt(f.Rows() - 1)
					last = v.(float64)
				}
			}
			check(t, dialect+" "+region+" burndown ends at budget_remaining", last, remaining)
		}
		// ratioTimeslices: each slice scores its bad share.
		r = run(t, ds, query("A", to.Add(-24*time.Hour), to, 0, map[string]any{"kpi": "availability", "slo": "ratio_slices",
			"measures": []string{"sli", "budget_remaining"}})).Responses["A"]
		if r.Error != nil {
			t.Fatal(r.Error)
		}
		for _, region := range sqltest.Regions {
			w := expect(region)
			l := sloLabels(region, "ratio_slices")
			check(t, dialect+" "+region+" ratioTimeslices sli", measure(t, r.Frames, "sli", l), 1-w.badShares/w.slices)
			check(t, dialect+" "+region+" ratioTimeslices budget_remaining", measure(t, r.Frames, "budget_remaining", l), 1-w.badShares/(0.05*float64(7*24*time.Hour/slice)))
		}
	}
}
