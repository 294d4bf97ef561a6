package rules

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/northstar/kpi/internal/promtest"
	"github.com/northstar/kpi/internal/seed"
)

// The rules run in a real Prometheus seeded with seed.Default(): they load and
// evaluate without error, and the recording rules, backfilled with promtool,
// record exactly what the seed's counters define.
//
// promtool evaluates a group at its own offset within the minute (a hash of the
// group), so a recorded sample sits at ts, up to a minute before a whole minute.
// The expectations below are computed for that ts from the seed's per-minute
// increments and PromQL's documented range semantics:
//   - a range [ts-w, ts] holds the whole-minute samples first..last, so a ratio
//     of sums is the ratio of the increments in (first, last];
//   - increase() extrapolates that increment to the range, by w / (last - first)
//     (the instants are far from any counter's start, so nothing clamps at zero);
//   - a subquery [w-1s:5m] evaluates at the multiples of 5m in [ts-w+1s, ts].
var (
	dataset = seed.Default()
	// Instants of the scenario: during the payments outage, during the slow burn,
	// and while the us region has no traffic.
	instants = map[string]time.Time{
		"outage":    dataset.End.Add(-2*time.Hour - 45*time.Minute),
		"slow burn": dataset.End.Add(-3 * 24 * time.Hour),
		"us quiet":  dataset.End.Add(-36 * time.Hour),
	}
)

func TestRulesInRealPrometheus(t *testing.T) {
	cat := parseCatalog(t, testCatalog)
	path, file := writeRuleFile(t, cat)
	srv, err := promtest.StartWith(dataset, promtest.Options{RuleFiles: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()

	for name, at := range instants {
		backfill(t, srv, path, at.Add(-4*time.Minute), at, name)
	}
	// Evaluated at wall-clock time, after the seeded history: a rule that cannot
	// evaluate (bad vector matching, a wrong type) reports health "err".
	checkRuleHealth(t, srv.URL, countRules(file))

	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	checked, absent := 0, 0
	wants := expectations()
	for name, at := range instants {
		for _, want := range wants {
			vs := samples(t, srv.URL, want.series(), at)
			if len(vs) == 0 {
				if exp, ok := want.at(at); ok {
					t.Errorf("%s: %s: no sample before %s, want %v", name, want.series(), at, exp)
				} else {
					absent++
				}
				continue
			}
			ts, got := newest(t, want.series(), vs, at)
			exp, ok := want.at(ts)
			switch {
			case !ok:
				t.Errorf("%s: %s at %s: recorded %v, want no sample (no traffic)", name, want.series(), ts, got)
			case !near(got, exp):
				t.Errorf("%s: %s at %s: recorded %v, want %v", name, want.series(), ts.Format(time.RFC3339Nano), got, exp)
			default:
				checked++
			}
		}
	}
	// The scenario as internal/seed describes it: 20 of 100 payments fail each
	// minute of the outage, a burn rate of 0.2 / 0.001 = 200.
	if _, got := newest(t, "outage", samples(t, srv.URL, expectation{record: BurnRateRecord(5 * time.Minute), labels: labelSet("kpi", "payments", "slo", "99.9-28d", "region", "eu")}.series(), instants["outage"]), instants["outage"]); !near(got, 200) {
		t.Errorf("payments eu burn rate over 5m during the outage: %v, want 200", got)
	}
	t.Logf("%d recorded samples equal the seed's values, %d series rightly have no sample", checked, absent)

	checked, absent = 0, 0
	for name, at := range instants {
		c, a := checkInstant(t, srv.URL, file, wants, name, at)
		checked, absent = checked+c, absent+a
	}
	t.Logf("at the whole-minute instants themselves: %d rule results equal the seed's values, %d rightly absent", checked, absent)
}

// checkInstant evaluates every recording rule's expression at a whole-minute
// instant (also a multiple of 5m), where every range ends on a sample: the SLI is
// then exactly 1 - bad/total over (at-window, at], with no extrapolation, and
// timeslices count exactly window/5m slices.
func checkInstant(t *testing.T, base string, file *RuleFile, wants []expectation, name string, at time.Time) (checked, absent int) {
	t.Helper()
	for _, want := range wants {
		expr := ruleExpr(t, file, want)
		got, found := valueFor(t, base, expr, at, want.labels)
		exp, ok := want.at(at)
		switch {
		case !ok && !found:
			absent++
		case ok != found:
			t.Errorf("%s: %s at %s: result %v (found %v), want %v (expected %v)", name, want.series(), at, got, found, exp, ok)
		case !near(got, exp):
			t.Errorf("%s: %s at %s: %v, want %v", name, want.series(), at, got, exp)
		default:
			checked++
		}
	}
	return checked, absent
}

func ruleExpr(t *testing.T, file *RuleFile, want expectation) string {
	t.Helper()
	for _, g := range file.Groups {
		for _, r := range g.Rules {
			if r.Record == want.record && r.Labels[LabelKPI] == want.labels[LabelKPI] && r.Labels[LabelSLO] == want.labels[LabelSLO] {
				return r.Expr
			}
		}
	}
	t.Fatalf("no rule for %s", want.series())
	return ""
}

// valueFor runs an instant query and picks the result of one dimension set: the
// labels without kpi and slo, which the rule adds.
func valueFor(t *testing.T, base, expr string, at time.Time, labels map[string]string) (float64, bool) {
	t.Helper()
	var body struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			Result []struct {
				Metric map[string]string `json:"metric"`
				Value  [2]any            `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	q := url.Values{"query": {expr}, "time": {strconv.FormatInt(at.Unix(), 10)}}
	get(t, base+"/api/v1/query?"+q.Encode(), &body)
	if body.Status != "success" {
		t.Fatalf("%s: %s", expr, body.Error)
	}
	dims := map[string]string{}
	for k, v := range labels {
		if k != LabelKPI && k != LabelSLO {
			dims[k] = v
		}
	}
	for _, r := range body.Data.Result {
		if fmt.Sprint(r.Metric) == fmt.Sprint(dims) {
			v, err := strconv.ParseFloat(r.Value[1].(string), 64)
			if err != nil {
				t.Fatal(err)
			}
			return v, true
		}
	}
	return 0, false
}

func near(got, want float64) bool {
	return math.Abs(got-want) <= 1e-9*math.Max(math.Abs(want), 1)
}

// backfill runs promtool over [from, to] against the server and copies the blocks
// into the server's data directory (loaded on its next restart).
func backfill(t *testing.T, srv *promtest.Server, rules string, from, to time.Time, name string) {
	t.Helper()
	out := t.TempDir()
	cmd := exec.Command(promtool(t), "tsdb", "create-blocks-from", "rules",
		"--start="+strconv.FormatInt(from.Unix(), 10), "--end="+strconv.FormatInt(to.Unix(), 10),
		"--url="+srv.URL, "--output-dir="+out, "--eval-interval=1m", rules)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("backfill %s: %v\n%s", name, err, msg)
	}
	blocks, err := os.ReadDir(out)
	if err != nil || len(blocks) == 0 {
		t.Fatalf("backfill %s wrote no block (%v)", name, err)
	}
	for _, b := range blocks {
		if err := os.CopyFS(filepath.Join(srv.DataDir(), b.Name()), os.DirFS(filepath.Join(out, b.Name()))); err != nil {
			t.Fatal(err)
		}
	}
}

// checkRuleHealth waits until Prometheus has evaluated every rule once, then
// asserts that none failed.
func checkRuleHealth(t *testing.T, base string, want int) {
	t.Helper()
	deadline := time.Now().Add(150 * time.Second)
	for {
		health := ruleHealth(t, base)
		evaluated := 0
		for _, h := range health {
			if h.Health != "unknown" {
				evaluated++
			}
		}
		if len(health) == want && evaluated == want {
			for _, h := range health {
				if h.Health != "ok" {
					t.Errorf("rule %s %v: health %s: %s", h.Name, h.Labels, h.Health, h.LastError)
				}
			}
			t.Logf("all %d rules loaded and evaluated by Prometheus, none with health err", want)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 150s: %d rules loaded (want %d), %d evaluated", len(health), want, evaluated)
		}
		time.Sleep(2 * time.Second)
	}
}

type ruleState struct {
	Name      string            `json:"name"`
	Labels    map[string]string `json:"labels"`
	Health    string            `json:"health"`
	LastError string            `json:"lastError"`
}

func ruleHealth(t *testing.T, base string) []ruleState {
	t.Helper()
	var body struct {
		Data struct {
			Groups []struct {
				Rules []ruleState `json:"rules"`
			} `json:"groups"`
		} `json:"data"`
	}
	get(t, base+"/api/v1/rules", &body)
	var out []ruleState
	for _, g := range body.Data.Groups {
		out = append(out, g.Rules...)
	}
	return out
}

// samples returns the raw samples of one series in (at-5m, at].
func samples(t *testing.T, base, series string, at time.Time) [][2]any {
	t.Helper()
	var body struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			Result []struct {
				Values [][2]any `json:"values"`
			} `json:"result"`
		} `json:"data"`
	}
	q := url.Values{"query": {series + "[5m]"}, "time": {strconv.FormatInt(at.Unix(), 10)}}
	get(t, base+"/api/v1/query?"+q.Encode(), &body)
	if body.Status != "success" || len(body.Data.Result) > 1 {
		t.Fatalf("%s: %s %s, %d series", series, body.Status, body.Error, len(body.Data.Result))
	}
	if len(body.Data.Result) == 0 {
		return nil
	}
	return body.Data.Result[0].Values
}

// newest is the newest sample, which must lie within the minute up to at.
func newest(t *testing.T, series string, vs [][2]any, at time.Time) (time.Time, float64) {
	t.Helper()
	last := vs[len(vs)-1]
	ts := time.UnixMilli(int64(math.Round(last[0].(float64) * 1000))).UTC()
	if at.Sub(ts) >= time.Minute {
		t.Fatalf("%s: newest sample at %s, not within the minute before %s", series, ts, at)
	}
	v, err := strconv.ParseFloat(last[1].(string), 64)
	if err != nil {
		t.Fatal(err)
	}
	return ts, v
}

func get(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v: %s", u, err, b)
	}
}

// expectation is one recorded series and its value at a sample time; false when
// the window holds no events, so that the series must have no sample.
type expectation struct {
	record string
	labels map[string]string // kpi, slo and the KPI's dimensions
	at     func(ts time.Time) (float64, bool)
}

// series selects the recorded series.
func (e expectation) series() string {
	names := make([]string, 0, len(e.labels))
	for k := range e.labels {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = fmt.Sprintf("%s=%q", k, e.labels[k])
	}
	return e.record + "{" + strings.Join(parts, ",") + "}"
}

// eventCounters are the seed's good or bad counters and total counters of one
// dimension set.
type eventCounters struct {
	good, bad, total []seed.Counter
}

// over counts bad and total events in (from, to].
func (c eventCounters) over(from, to time.Time) (bad, total float64) {
	total = seed.SumIncrease(c.total, from, to)
	if c.bad != nil {
		return seed.SumIncrease(c.bad, from, to), total
	}
	return total - seed.SumIncrease(c.good, from, to), total
}

// sampled is the span of the whole-minute samples inside the range [ts-w, ts].
func sampled(ts time.Time, w time.Duration) (first, last time.Time) {
	last = ts.Truncate(seed.Step)
	first = ts.Add(-w).Truncate(seed.Step)
	if first.Before(ts.Add(-w)) {
		first = first.Add(seed.Step)
	}
	return first, last
}

// occurrences are the expected series of an occurrences SLO on one dimension set.
func occurrences(c eventCounters, sel map[string]string, window time.Duration, objective float64, burnWindows []time.Duration) []expectation {
	ratio := func(w time.Duration) func(time.Time) (float64, bool) {
		return func(ts time.Time) (float64, bool) {
			bad, total := c.over(sampled(ts, w))
			return bad / total, total > 0
		}
	}
	count := func(bad bool) func(time.Time) (float64, bool) {
		return func(ts time.Time) (float64, bool) {
			first, last := sampled(ts, window)
			b, total := c.over(first, last)
			n := total
			if bad {
				n = b
			}
			return n * float64(window) / float64(last.Sub(first)), true
		}
	}
	r := ratio(window)
	out := []expectation{
		{record: RequestsRecord(window), labels: sel, at: count(false)},
		{record: ErrorsRecord(window), labels: sel, at: count(true)},
		{record: SLIRecord(window), labels: sel, at: func(ts time.Time) (float64, bool) { e, ok := r(ts); return 1 - e, ok }},
		{record: BudgetRemainingRecord(window), labels: sel, at: func(ts time.Time) (float64, bool) { e, ok := r(ts); return 1 - e/(1-objective), ok }},
	}
	for _, w := range burnWindows {
		rw := ratio(w)
		out = append(out, expectation{record: BurnRateRecord(w), labels: sel, at: func(ts time.Time) (float64, bool) { e, ok := rw(ts); return e / (1 - objective), ok }})
	}
	return out
}

// sliceSLI is the SLI of the 5m slices that end at the multiples of 5m in
// [ts-w+1s, ts]: the share of good slices (target > 0) or the mean ratio.
func sliceSLI(c eventCounters, ts time.Time, w time.Duration, target float64) (float64, bool) {
	const slice = 5 * time.Minute
	sum, n := 0.0, 0
	for u := ts.Truncate(slice); !u.Before(ts.Add(-w + time.Second)); u = u.Add(-slice) {
		bad, total := c.over(u.Add(-slice), u)
		if total == 0 {
			continue
		}
		ratio := (total - bad) / total
		switch {
		case target == 0:
			sum += ratio
		case ratio >= target:
			sum++
		}
		n++
	}
	return sum / float64(n), n > 0
}

func timeslices(c eventCounters, sel map[string]string, window time.Duration, objective, target float64, burnWindows []time.Duration) []expectation {
	out := []expectation{
		{record: SLIRecord(window), labels: sel, at: func(ts time.Time) (float64, bool) { return sliceSLI(c, ts, window, target) }},
		{record: BudgetRemainingRecord(window), labels: sel, at: func(ts time.Time) (float64, bool) {
			s, ok := sliceSLI(c, ts, window, target)
			return 1 - (1-s)/(1-objective), ok
		}},
	}
	for _, w := range burnWindows {
		out = append(out, expectation{record: BurnRateRecord(w), labels: sel, at: func(ts time.Time) (float64, bool) {
			s, ok := sliceSLI(c, ts, w, target)
			return (1 - s) / (1 - objective), ok
		}})
	}
	return out
}

func labelSet(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

var (
	day          = 24 * time.Hour
	defaultBurns = []time.Duration{5 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 6 * time.Hour, day, 3 * day}
)

// expectations lists every recorded series of the test catalog around an instant,
// from the catalog's definitions (testCatalog) and the seed's counters.
func expectations() []expectation {
	var out []expectation
	// payments: bad = code 500, total = all, by region; 99.9 % over 28d.
	for _, region := range []string{"eu", "us"} {
		c := eventCounters{
			bad:   dataset.Select("payments_requests_total", map[string]string{"job": "payments", "region": region, "code": "500"}),
			total: dataset.Select("payments_requests_total", map[string]string{"job": "payments", "region": region}),
		}
		sel := labelSet("kpi", "payments", "slo", "99.9-28d", "region", region)
		out = append(out, occurrences(c, sel, 28*day, 0.999, defaultBurns)...)
	}
	// checkout: good = code 200 (not 5xx), by region and instance; calendar month
	// recorded as a rolling 30d; pairs 1h/5m and 1d/2h.
	for _, ri := range [][2]string{{"eu", "a"}, {"eu", "b"}, {"us", "c"}} {
		match := map[string]string{"job": "checkout", "region": ri[0], "instance": ri[1]}
		good := map[string]string{"job": "checkout", "region": ri[0], "instance": ri[1], "code": "200"}
		c := eventCounters{good: dataset.Select("http_requests_total", good), total: dataset.Select("http_requests_total", match)}
		sel := labelSet("kpi", "checkout", "slo", "monthly", "region", ri[0], "instance", ri[1])
		out = append(out, occurrences(c, sel, 30*day, 0.99, []time.Duration{5 * time.Minute, time.Hour, 2 * time.Hour, day})...)
	}
	// api_fast: good = le 0.25, total = le +Inf.
	c := eventCounters{
		good:  dataset.Select("http_request_duration_seconds_bucket", map[string]string{"job": "api", "le": "0.25"}),
		total: dataset.Select("http_request_duration_seconds_bucket", map[string]string{"job": "api", "le": "+Inf"}),
	}
	out = append(out, timeslices(c, labelSet("kpi", "api_fast", "slo", "slices"), 28*day, 0.5, 0.825, defaultBurns)...)
	out = append(out, timeslices(c, labelSet("kpi", "api_fast", "slo", "ratio-slices"), 7*day, 0.8, 0, []time.Duration{5 * time.Minute, time.Hour})...)
	return out
}
