package datasource

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/northstar/kpi/internal/seed"
)

// The app's overview and KPI pages (tests/browser/overview.browser.ts and
// kpi-page.browser.ts) render what the real backend answers for the example
// catalog over the seeded Prometheus (and the demo shop in PostgreSQL). This test
// sends the backend exactly the QueryData requests the pages send (docs/app.md)
// and writes each request next to its answer, in the JSON of Grafana's
// POST /api/ds/query, to tests/browser/fixtures/overview*.json. The browser
// tests answer the pages' requests with these answers and check that the pages
// sent these requests: the same queries, ranges and steps.
//
// "Now" is during the seeded payments outage, so that burn pairs fire.

// overviewNow is the instant the pages are opened at in the browser tests.
func overviewNow() time.Time { return dataset.End.Add(seed.Outage[0] + 20*time.Minute) }

const (
	fixtureDatasourceUID  = "northstar-kpi"
	fixtureDatasourceType = "northstar-kpi-datasource"
	// overviewRange is the pages' default range, the last 7 days.
	overviewRange = 7 * 24 * time.Hour
	// overviewStep is what Grafana's rangeUtil.calculateInterval gives for 7 days
	// and 300 points (the pages' resolution): 30m.
	overviewStep = 30 * time.Minute
	// sloStep is the step of the KPI page's SLO query (budget burndown and
	// burn-rate series): what
	// calculateInterval gives at 300 points for the longest window of the KPI's
	// SLOs (a calendar month counts 31 days): 2h for 28 days and for a month.
	sloStep = 2 * time.Hour
)

// dsQuery is one query of a POST /api/ds/query body as the pages send it.
type dsQuery struct {
	RefID         string            `json:"refId"`
	Datasource    map[string]string `json:"datasource"`
	KPI           string            `json:"kpi,omitempty"`
	Selector      json.RawMessage   `json:"selector,omitempty"`
	SLO           string            `json:"slo,omitempty"`
	Measures      []string          `json:"measures"`
	IntervalMs    int64             `json:"intervalMs"`
	MaxDataPoints int64             `json:"maxDataPoints"`
}

// dsRequest is a POST /api/ds/query body.
type dsRequest struct {
	Queries []dsQuery `json:"queries"`
	From    string    `json:"from"`
	To      string    `json:"to"`
}

// recordedQuery is one request and the backend's answer to it.
type recordedQuery struct {
	Request  dsRequest       `json:"request"`
	Response json.RawMessage `json:"response"`
}

func ms(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

func newDSQuery(refID string, q dsQuery) dsQuery {
	q.RefID = refID
	q.Datasource = map[string]string{"type": fixtureDatasourceType, "uid": fixtureDatasourceUID}
	q.IntervalMs = overviewStep.Milliseconds()
	q.MaxDataPoints = 300
	return q
}

// sendQueries answers a request the way Grafana's POST /api/ds/query hands it to
// the backend: every query with the request's range.
func sendQueries(t *testing.T, ds *Datasource, req dsRequest) recordedQuery {
	t.Helper()
	parse := func(v string) time.Time {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("time %q: %v", v, err)
		}
		return time.UnixMilli(n).UTC()
	}
	var queries []backend.DataQuery
	for _, q := range req.Queries {
		model, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		from, to := parse(req.From), parse(req.To)
		queries = append(queries, backend.DataQuery{
			RefID: q.RefID, JSON: model, TimeRange: backend.TimeRange{From: from, To: to},
			Interval: time.Duration(q.IntervalMs) * time.Millisecond, MaxDataPoints: q.MaxDataPoints,
		})
	}
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: queries})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range req.Queries {
		if r := resp.Responses[q.RefID]; r.Error != nil {
			t.Fatalf("query %s: %v", q.RefID, r.Error)
		}
	}
	body, err := json.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	return recordedQuery{Request: req, Response: body}
}

// overviewKPI is what the fixture test reads of GET kpis.
type overviewKPI struct {
	ID       string `json:"id"`
	Timezone string `json:"timezone"`
	SLOs     []struct {
		Name   string `json:"name"`
		Window struct {
			Rolling  string `json:"rolling"`
			Calendar string `json:"calendar"`
		} `json:"window"`
	} `json:"slos"`
}

// attainmentPeriod is one past period of an SLO's attainment table.
type attainmentPeriod struct{ From, To time.Time }

// attainmentPeriods are the SLO's periods the KPI page shows, newest first: for
// a calendar window the current period so far and the whole periods before it
// (6 months, 12 weeks or 4 quarters in all), starting at midnight in the KPI's
// time zone; for a rolling window W, the 6 windows ending now, now-W, now-2W...
func attainmentPeriods(t *testing.T, rolling, calendar, timezone string, now time.Time) []attainmentPeriod {
	t.Helper()
	if calendar == "" {
		w, err := time.ParseDuration(strings.Replace(rolling, "d", "h", 1))
		if err != nil || !strings.HasSuffix(rolling, "d") {
			t.Fatalf("rolling window %q: write it in days for this test", rolling)
		}
		w *= 24
		var out []attainmentPeriod
		for k := range 6 {
			to := now.Add(-time.Duration(k) * w)
			out = append(out, attainmentPeriod{From: to.Add(-w), To: to})
		}
		return out
	}
	loc := time.UTC
	if timezone != "" {
		var err error
		if loc, err = time.LoadLocation(timezone); err != nil {
			t.Fatal(err)
		}
	}
	local := now.In(loc)
	y, m, d := local.Date()
	var start time.Time
	var count int
	var back func(time.Time) time.Time
	switch calendar {
	case "week":
		start = time.Date(y, m, d-(int(local.Weekday())+6)%7, 0, 0, 0, 0, loc)
		count, back = 12, func(t time.Time) time.Time { return t.AddDate(0, 0, -7) }
	case "month":
		start = time.Date(y, m, 1, 0, 0, 0, 0, loc)
		count, back = 6, func(t time.Time) time.Time { return t.AddDate(0, -1, 0) }
	case "quarter":
		start = time.Date(y, time.Month((int(m)-1)/3*3+1), 1, 0, 0, 0, 0, loc)
		count, back = 4, func(t time.Time) time.Time { return t.AddDate(0, -3, 0) }
	default:
		t.Fatalf("calendar window %q", calendar)
	}
	out := []attainmentPeriod{{From: start, To: now}}
	for len(out) < count {
		end := out[len(out)-1].From
		out = append(out, attainmentPeriod{From: back(end), To: end})
	}
	return out
}

// kpiPageRequests are the KPI page's requests: its own (the value and series,
// the SLO measures and burndown over each SLO's window ending now), one per end
// of a past period of its SLOs (Grafana's POST /api/ds/query gives every query of
// a request the request's range, and the backend evaluates an SLO over its window
// ending at the range's end: the periods that end at the same instant share a
// request), and, once the first answer names the comparison period, the series
// over that period.
func kpiPageRequests(t *testing.T, ds *Datasource, kpi overviewKPI, now time.Time) (main recordedQuery, history []recordedQuery, comparison recordedQuery) {
	t.Helper()
	history = []recordedQuery{}
	from := now.Add(-overviewRange)
	queries := []dsQuery{
		newDSQuery("value", dsQuery{KPI: kpi.ID, Measures: []string{"series", "value", "previous", "target", "status"}}),
	}
	if len(kpi.SLOs) > 0 {
		slo := newDSQuery("slo", dsQuery{KPI: kpi.ID, Measures: []string{"slo", "budget_burndown", "burn_rate_series"}})
		slo.IntervalMs = sloStep.Milliseconds()
		queries = append(queries, slo)
	}
	main = sendQueries(t, ds, dsRequest{Queries: queries, From: ms(from), To: ms(now)})
	if len(kpi.SLOs) > 0 {
		checkBurnSeries(t, main, kpi)
	}

	// The past periods (the current one is the SLO query's), grouped by their end.
	type group struct {
		from, to time.Time
		queries  []dsQuery
	}
	var groups []*group
	byEnd := map[int64]*group{}
	for i, s := range kpi.SLOs {
		for k, p := range attainmentPeriods(t, s.Window.Rolling, s.Window.Calendar, kpi.Timezone, now) {
			if k == 0 {
				continue
			}
			g := byEnd[p.To.UnixMilli()]
			if g == nil {
				g = &group{from: p.From, to: p.To}
				byEnd[p.To.UnixMilli()] = g
				groups = append(groups, g)
			}
			if p.From.Before(g.from) {
				g.from = p.From
			}
			g.queries = append(g.queries, newDSQuery(fmt.Sprintf("attainment-%d-%d", i, k), dsQuery{
				KPI: kpi.ID, SLO: s.Name, Measures: []string{"sli", "budget_remaining"},
			}))
		}
	}
	sort.Slice(groups, func(a, b int) bool { return groups[a].to.After(groups[b].to) })
	for _, g := range groups {
		history = append(history, sendQueries(t, ds, dsRequest{Queries: g.queries, From: ms(g.from), To: ms(g.to)}))
	}

	// The comparison period, as the answer's frames name it (meta.custom.comparison).
	var answer struct {
		Results map[string]struct {
			Frames []struct {
				Schema struct {
					Meta struct {
						Custom struct {
							Comparison *struct{ From, To time.Time } `json:"comparison"`
						} `json:"custom"`
					} `json:"meta"`
				} `json:"schema"`
			} `json:"frames"`
		} `json:"results"`
	}
	if err := json.Unmarshal(main.Response, &answer); err != nil {
		t.Fatal(err)
	}
	var period *struct{ From, To time.Time }
	for _, f := range answer.Results["value"].Frames {
		if period = f.Schema.Meta.Custom.Comparison; period != nil {
			break
		}
	}
	if period == nil {
		t.Fatalf("KPI %s: no frame names the comparison period", kpi.ID)
	}
	comparison = sendQueries(t, ds, dsRequest{
		Queries: []dsQuery{newDSQuery("comparison", dsQuery{KPI: kpi.ID, Measures: []string{"series"}})},
		From:    ms(period.From), To: ms(period.To),
	})
	return main, history, comparison
}

// textResourceAnswer is a recorded answer of a resource route that is not JSON (rules/grafana is YAML).
type textResourceAnswer struct {
	Request     string `json:"request"`
	Status      int    `json:"status"`
	ContentType string `json:"contentType"`
	Text        string `json:"text"`
}

func callTextResource(t *testing.T, ds *Datasource, url string) textResourceAnswer {
	t.Helper()
	var c capture
	path := strings.SplitN(url, "?", 2)[0]
	if err := ds.CallResource(context.Background(), &backend.CallResourceRequest{Method: "GET", Path: path, URL: url}, &c); err != nil {
		t.Fatal(err)
	}
	contentType := ""
	if values := c.resp.Headers["Content-Type"]; len(values) > 0 {
		contentType = values[0]
	}
	return textResourceAnswer{Request: url, Status: c.resp.Status, ContentType: contentType, Text: string(c.resp.Body)}
}

func TestWriteOverviewFixturesForBrowserTests(t *testing.T) {
	example, err := os.ReadFile("../../provisioning/catalog/catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ds := newDS(t, settingsJSON(t, string(example), promURL, nil))
	now := overviewNow()
	from := now.Add(-overviewRange)

	list := callResourceAnswer(t, ds, "kpis")
	if list.Status != 200 {
		t.Fatalf("GET kpis: status %d: %s", list.Status, list.Body)
	}
	var listed struct {
		KPIs []overviewKPI `json:"kpis"`
	}
	if err := json.Unmarshal(list.Body, &listed); err != nil {
		t.Fatal(err)
	}

	// The overview: one query for the whole catalog.
	overview := sendQueries(t, ds, dsRequest{
		Queries: []dsQuery{newDSQuery("overview", dsQuery{Selector: json.RawMessage(`{}`), Measures: []string{"value", "status", "slo"}})},
		From:    ms(from), To: ms(now),
	})
	checkOverviewAnswer(t, overview, now)
	writeCompactFixture(t, "overview.json", map[string]any{
		"comment": "Written by TestWriteOverviewFixturesForBrowserTests (pkg/datasource/overview_fixture_test.go) from the real backend, provisioning/catalog/catalog.yaml and the seeded Prometheus and PostgreSQL. Do not edit.",
		"now":     now.UnixMilli(),
		"kpis":    list.Body,
		"query":   overview,
	})

	// The KPI pages: a PromQL KPI with a rolling and a calendar SLO, and a SQL KPI without SLO.
	pages := map[string]any{}
	resources := map[string]any{"kpis": list}
	for _, id := range []string{"payments_availability", "shop_payment_success"} {
		var kpi *overviewKPI
		for i := range listed.KPIs {
			if listed.KPIs[i].ID == id {
				kpi = &listed.KPIs[i]
			}
		}
		if kpi == nil {
			t.Fatalf("the example catalog has no KPI %s", id)
		}
		main, history, comparison := kpiPageRequests(t, ds, *kpi, now)
		pages[id] = map[string]any{"main": main, "history": history, "comparison": comparison}
		// The page asks for the KPI's definition and generated queries over its range.
		detail := callResourceAnswer(t, ds, fmt.Sprintf("kpis/%s?from=%d&to=%d&step=%d", id, from.UnixMilli(), now.UnixMilli(), (10*time.Minute).Milliseconds()))
		if detail.Status != 200 {
			t.Fatalf("GET kpis/%s: status %d: %s", id, detail.Status, detail.Body)
		}
		resources["kpis/"+id] = detail
	}
	rules := callTextResource(t, ds, "rules/grafana?datasourceUid="+fixtureDatasourceUID)
	if rules.Status != 200 || !strings.Contains(rules.Text, "kpi: payments_availability") {
		t.Fatalf("GET rules/grafana: status %d: %.300s", rules.Status, rules.Text)
	}
	writeCompactFixture(t, "overview-kpi-pages.json", map[string]any{
		"comment":      "Written by TestWriteOverviewFixturesForBrowserTests (pkg/datasource/overview_fixture_test.go) from the real backend, provisioning/catalog/catalog.yaml and the seeded Prometheus and PostgreSQL. Do not edit.",
		"now":          now.UnixMilli(),
		"resources":    resources,
		"rulesGrafana": rules,
		"pages":        pages,
	})
}

// writeCompactFixture writes v as compact JSON: the answers hold thousands of
// points, which indented JSON would triple.
func writeCompactFixture(t *testing.T, name string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(browserFixtures, name), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkOverviewAnswer checks the recorded answer against numbers computed from
// the seed: the payments SLO's budget in both regions and its fast pair, which
// fires in eu during the outage.
func checkOverviewAnswer(t *testing.T, rec recordedQuery, now time.Time) {
	t.Helper()
	var answer backend.QueryDataResponse
	if err := json.Unmarshal(rec.Response, &answer); err != nil {
		t.Fatal(err)
	}
	frames := answer.Responses["overview"].Frames
	sloFrom := now.Add(-28 * 24 * time.Hour)
	for _, region := range []string{"eu", "us"} {
		labels := map[string]string{"kpi": "payments_availability", "region": region, "slo": "99.9-28d"}
		got, ok := measure(t, frames, "budget_remaining", labels)
		want := 1 - errorRatio(region, sloFrom, now)/(1-0.999)
		if !ok || math.Abs(got-want) > 1e-9 {
			t.Errorf("payments_availability %s budget_remaining: got %v (%v), want %v", region, got, ok, want)
		}
	}
	labels := map[string]string{"kpi": "payments_availability", "region": "eu", "slo": "99.9-28d", "severity": "critical"}
	if firing, ok := measure(t, frames, "burn_pair_5m_1h", labels); !ok || firing != 1 {
		t.Errorf("payments_availability eu 5m/1h pair: got %v (%v), want firing during the outage", firing, ok)
	}
}

// checkBurnSeries checks that the KPI page's SLO answer has a burn_rate series
// with points for every SLO (one frame per window and dimension set).
func checkBurnSeries(t *testing.T, rec recordedQuery, kpi overviewKPI) {
	t.Helper()
	var answer backend.QueryDataResponse
	if err := json.Unmarshal(rec.Response, &answer); err != nil {
		t.Fatal(err)
	}
	for _, s := range kpi.SLOs {
		windows := map[string]bool{}
		for _, f := range answer.Responses["slo"].Frames {
			if len(f.Fields) == 2 && f.Fields[1].Name == "burn_rate" && f.Fields[1].Labels["slo"] == s.Name && f.Rows() > 0 {
				windows[f.Fields[1].Labels["window"]] = true
			}
		}
		if len(windows) == 0 {
			t.Errorf("%s SLO %s: no burn_rate_series frames", kpi.ID, s.Name)
		}
	}
}
