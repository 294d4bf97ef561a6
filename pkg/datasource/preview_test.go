package datasource

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/northstar/kpi/pkg/engine"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
	"github.com/northstar/kpi/pkg/sqlsource"
)

// recordingProxy stands in front of the test Prometheus and writes down every
// query that reaches it, as Prometheus reads it: the PromQL and the evaluation
// time (instant queries) or the start, end and step (range queries).
type recordingProxy struct {
	url   string
	mu    sync.Mutex
	calls []string
}

func newRecordingProxy(t *testing.T) *recordingProxy {
	t.Helper()
	target, err := url.Parse(promURL)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	p := &recordingProxy{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/query" || r.URL.Path == "/api/v1/query_range" {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			form, _ := url.ParseQuery(string(body))
			for k, v := range r.URL.Query() {
				form[k] = append(form[k], v...)
			}
			p.mu.Lock()
			p.calls = append(p.calls, sentCall(t, r.URL.Path, form))
			p.mu.Unlock()
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p.url = srv.URL
	return p
}

func (p *recordingProxy) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.calls
	p.calls = nil
	slices.Sort(out)
	return out
}

// promTime reads a Prometheus API time (seconds since the epoch, fractions allowed).
func promTime(t *testing.T, v string) time.Time {
	t.Helper()
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("time %q: %v", v, err)
	}
	return time.UnixMilli(int64(math.Round(f * 1000))).UTC()
}

func sentCall(t *testing.T, path string, form url.Values) string {
	if path == "/api/v1/query" {
		return fmt.Sprintf("instant %s at %s", form.Get("query"), promTime(t, form.Get("time")).Format(time.RFC3339))
	}
	step, err := strconv.ParseFloat(form.Get("step"), 64)
	if err != nil {
		t.Errorf("step %q: %v", form.Get("step"), err)
	}
	return fmt.Sprintf("range %s from %s to %s every %s", form.Get("query"),
		promTime(t, form.Get("start")).Format(time.RFC3339), promTime(t, form.Get("end")).Format(time.RFC3339),
		time.Duration(step*float64(time.Second)))
}

// previewedCall is a call of the preview, as the proxy would write it down.
type previewedCall struct {
	Parts      []string   `json:"parts"`
	Kind       string     `json:"kind"`
	Query      string     `json:"query"`
	Time       *time.Time `json:"time"`
	Start      *time.Time `json:"start"`
	End        *time.Time `json:"end"`
	StepMS     int64      `json:"stepMs"`
	Parameters []string   `json:"parameters"`
	Reduce     string     `json:"reduce"`
}

func (c previewedCall) String() string {
	if c.Kind == "instant" {
		return fmt.Sprintf("instant %s at %s", c.Query, c.Time.UTC().Format(time.RFC3339))
	}
	return fmt.Sprintf("range %s from %s to %s every %s", c.Query, c.Start.UTC().Format(time.RFC3339),
		c.End.UTC().Format(time.RFC3339), time.Duration(c.StepMS)*time.Millisecond)
}

type previewed struct {
	Language string            `json:"language"`
	StepMS   int64             `json:"stepMs"`
	Queries  map[string]string `json:"queries"`
	Params   map[string][]string
	Calls    []previewedCall `json:"calls"`
	Windows  struct {
		Range    previewWindow   `json:"range"`
		Previous previewWindow   `json:"previous"`
		Baseline []previewWindow `json:"baseline"`
	} `json:"windows"`
}

func getPreview(t *testing.T, ds *Datasource, kpi string, from, to time.Time, step time.Duration, params ...string) previewed {
	t.Helper()
	q := url.Values{}
	q.Set("from", fmt.Sprint(from.UnixMilli()))
	q.Set("to", fmt.Sprint(to.UnixMilli()))
	q.Set("step", fmt.Sprint(step.Milliseconds()))
	for i := 0; i+1 < len(params); i += 2 {
		q.Add(params[i], params[i+1])
	}
	status, _, body := callResourceRaw(t, ds, "kpis/"+kpi+"?"+q.Encode())
	if status != 200 {
		t.Fatalf("preview of %s: status %d: %s", kpi, status, body)
	}
	var out previewed
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Parameters map[string][]string `json:"parameters"`
	}
	_ = json.Unmarshal(body, &raw)
	out.Params = raw.Parameters
	return out
}

func (p previewed) strings() []string {
	out := make([]string, len(p.Calls))
	for i, c := range p.Calls {
		out[i] = c.String()
	}
	slices.Sort(out)
	return out
}

// part is the call of the preview that answers a part; the test fails unless exactly one does.
func (p previewed) part(t *testing.T, name string) previewedCall {
	t.Helper()
	var found []previewedCall
	for _, c := range p.Calls {
		if slices.Contains(c.Parts, name) {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one call for %s, got %d: %+v", name, len(found), p.Calls)
	}
	return found[0]
}

// previewCatalog is testCatalog and a value KPI whose value is reduced from its series.
const previewCatalog = testCatalog + `  - id: orders_avg
    name: Orders per minute
    owner: team-orders
    direction: higher
    version: "1"
    source: prom
    dimensions: [region]
    aggregation: avg
    query:
      expr: sum by (region) (rate(orders_total[$__window])) * 60
`

func TestPreviewListsTheCallsSentWithTheirTimes(t *testing.T) {
	proxy := newRecordingProxy(t)
	to := dataset.End.Add(-24 * time.Hour).Truncate(time.Hour)
	from := to.Add(-24 * time.Hour)
	cases := []struct {
		kpi      string
		measures []string
		// want is the number of distinct calls: what the proxy counts.
		want int
		// previous is the previous window's end (an instant query's time).
		previous time.Time
	}{
		// A ratio: the series, and instant queries at the ends of the range and of the week before.
		{kpi: "checkout_success", measures: []string{"series", "value", "previous", "delta"}, want: 3, previous: to.Add(-7 * 24 * time.Hour)},
		// A latency KPI compared with the previous calendar month (in Berlin); a scheduled target sends nothing.
		{kpi: "api_fast", want: 3},
		// A sum over $__window: one instant query per window; the baseline target adds four weeks.
		{kpi: "orders", want: 3 + 4, previous: from},
		{kpi: "orders", measures: []string{"value", "previous"}, want: 2, previous: from},
		// An average, reduced from the series: the series' range query, and one over the day before.
		{kpi: "orders_avg", measures: []string{"series", "value", "previous"}, want: 2, previous: from},
		{kpi: "orders_avg", measures: []string{"value"}, want: 1},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s %v", tc.kpi, tc.measures), func(t *testing.T) {
			proxy.take()
			q := map[string]any{"kpi": tc.kpi}
			params := []string{}
			if tc.measures != nil {
				q["measures"] = tc.measures
				params = append(params, "measures", strings.Join(tc.measures, ","))
			}
			// A fresh datasource: no answer cached by an earlier case.
			ds := newDS(t, settingsJSON(t, previewCatalog, proxy.url, nil))
			resp := run(t, ds, query("A", from, to, time.Hour, q))
			if err := resp.Responses["A"].Error; err != nil {
				t.Fatal(err)
			}
			sent := proxy.take()
			p := getPreview(t, ds, tc.kpi, from, to, time.Hour, params...)
			if !slices.Equal(p.strings(), sent) {
				t.Fatalf("the preview's calls differ from those sent:\npreview:\n  %s\nsent:\n  %s", strings.Join(p.strings(), "\n  "), strings.Join(sent, "\n  "))
			}
			if len(sent) != tc.want {
				t.Errorf("%d calls sent, want %d", len(sent), tc.want)
			}
			if slices.Contains(tc.measures, "previous") || tc.measures == nil {
				value, previous := p.part(t, partValue), p.part(t, partPrevious)
				if value.String() == previous.String() {
					t.Errorf("value and previous period are the same call: %s", value)
				}
				if !tc.previous.IsZero() {
					end := previous.Time
					if previous.Kind == "range" {
						end = previous.End
					}
					if !end.Equal(tc.previous) {
						t.Errorf("the previous period is evaluated at %s, want %s", end, tc.previous)
					}
				}
			}
		})
	}
}

func TestPreviewOfTheComparisonPeriods(t *testing.T) {
	ds := newDS(t, settingsJSON(t, previewCatalog, promURL, nil))
	to := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	from := to.Add(-24 * time.Hour)

	t.Run("an offset of 7 days: the same PromQL a week earlier", func(t *testing.T) {
		p := getPreview(t, ds, "checkout_success", from, to, time.Hour)
		value, previous := p.part(t, partValue), p.part(t, partPrevious)
		if value.Kind != "instant" || !value.Time.Equal(to) || !previous.Time.Equal(to.Add(-7*24*time.Hour)) {
			t.Errorf("value at %v, previous at %v", value.Time, previous.Time)
		}
		if value.Query != previous.Query || !strings.Contains(value.Query, "[1d]") {
			t.Errorf("both windows are a day long: %q, %q", value.Query, previous.Query)
		}
		if p.Windows.Previous.Label != "7d earlier" || !p.Windows.Previous.From.Equal(from.Add(-7*24*time.Hour)) {
			t.Errorf("previous window: %+v", p.Windows.Previous)
		}
		series := p.part(t, partSeries)
		if series.Kind != "range" || !series.Start.Equal(from.Add(time.Hour)) || !series.End.Equal(to) || series.StepMS != 3600000 {
			t.Errorf("series: %+v", series)
		}
	})

	t.Run("the previous calendar month in the KPI's time zone", func(t *testing.T) {
		p := getPreview(t, ds, "api_fast", from, to, time.Hour)
		berlin, _ := time.LoadLocation("Europe/Berlin")
		monthStart := time.Date(2026, 11, 1, 0, 0, 0, 0, berlin)
		previous := p.part(t, partPrevious)
		// October 2026 in Berlin is 31 days and the hour summer time gives back.
		if !previous.Time.Equal(monthStart) || !strings.Contains(previous.Query, "[31d1h]") {
			t.Errorf("previous: October in Berlin, evaluated on 1 November: %s", previous)
		}
		if p.part(t, partValue).Query == previous.Query {
			t.Errorf("a day and a month have different windows")
		}
	})

	t.Run("a baseline target lists its periods", func(t *testing.T) {
		p := getPreview(t, ds, "orders", from, to, time.Hour, "measures", "value,target")
		if len(p.Windows.Baseline) != 4 {
			t.Fatalf("baseline windows: %+v", p.Windows.Baseline)
		}
		var times []time.Time
		for _, c := range p.Calls {
			if slices.Contains(c.Parts, partBaseline) {
				times = append(times, *c.Time)
			}
		}
		for i, w := range p.Windows.Baseline {
			if !slices.ContainsFunc(times, w.To.Equal) {
				t.Errorf("no call for baseline period %d (%v)", i, w)
			}
		}
	})

	t.Run("filters and measures", func(t *testing.T) {
		p := getPreview(t, ds, "checkout_success", from, to, time.Hour, "measures", "series", "filter", "region=eu")
		if len(p.Calls) != 1 || !strings.Contains(p.Calls[0].Query, `region="eu"`) {
			t.Errorf("one series call, filtered: %+v", p.Calls)
		}
		for url, want := range map[string]int{
			"kpis/checkout_success?measures=nope":         400,
			"kpis/checkout_success?filter=tenant%3Da":     400,
			"kpis/checkout_success?filter=region":         400,
			"kpis/checkout_success?measures=burn_rate_1h": 200,
		} {
			if status, _, body := callResourceRaw(t, ds, url); status != want {
				t.Errorf("%s: status %d, want %d: %s", url, status, want, body)
			}
		}
	})
}

func TestPreviewOfSQLStatements(t *testing.T) {
	ds := newDS(t, settingsJSON(t, valuesShopCatalog, promURL, nil))
	to := dataset.End.Truncate(time.Hour)
	from := to.Add(-24 * time.Hour)
	prev := from.Add(-24 * time.Hour)
	measures := []engine.Measure{engine.MSeries, engine.MValue, engine.MPrevious}
	for _, tc := range []struct {
		kpi  string
		want int
	}{
		// A structured measure: the buckets of the series, and one scan for the range and the day before.
		{kpi: "shop_orders", want: 2},
		// Raw SQL: its series over the range and over the day before, the values reduced from them.
		{kpi: "shop_raw", want: 2},
	} {
		t.Run(tc.kpi, func(t *testing.T) {
			p := getPreview(t, ds, tc.kpi, from, to, time.Hour, "measures", "series,value,previous")
			if p.Language != "sql" || len(p.Calls) != tc.want {
				t.Fatalf("calls: %+v", p.Calls)
			}
			// As many statements as the engine runs (identical statements run once).
			cat, err := ds.catalog()
			if err != nil {
				t.Fatal(err)
			}
			k, _ := cat.Find(tc.kpi)
			src, err := ds.newSources().get(k)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := engine.Evaluate(context.Background(), src, k, engine.Request{Range: kpimath.Window{From: from, To: to}, Step: time.Hour, Measures: measures}); err != nil {
				t.Fatal(err)
			}
			if src.Calls() != len(p.Calls) {
				t.Errorf("the engine ran %d statements, the preview lists %d", src.Calls(), len(p.Calls))
			}
			// The previous period's statement binds the previous window, as Statements of that window does.
			previous := p.part(t, partPrevious)
			bound := strings.Join(previous.Parameters, " ")
			if !strings.Contains(bound, prev.Format(time.RFC3339)) {
				t.Errorf("the previous statement does not bind the day before (%s): %v", prev.Format(time.RFC3339), previous.Parameters)
			}
			sq := src.(*sqlsource.Source)
			if tc.kpi == "shop_raw" {
				want, err := sq.Statements(k, source.Filters{}, kpimath.Window{From: prev, To: from}, time.Hour)
				if err != nil {
					t.Fatal(err)
				}
				if previous.Query != want["series"].SQL || !slices.Equal(previous.Parameters, sqlsource.FormatArgs(want["series"].Args)) {
					t.Errorf("previous: %+v, want %v", previous, want["series"])
				}
				if value := p.part(t, partValue); slices.Equal(value.Parameters, previous.Parameters) || value.Reduce != "last" {
					t.Errorf("value %+v and previous %+v", value, previous)
				}
			} else if !slices.Equal(p.part(t, partValue).Parts, []string{partValue, partPrevious}) {
				t.Errorf("one scan computes the value and the previous period: %+v", p.Calls)
			}
			if !slices.Equal(p.Params["previous"], previous.Parameters) || p.Queries["previous"] != previous.Query {
				t.Errorf("queries/parameters of the previous part: %v %v", p.Queries, p.Params)
			}
		})
	}
}
