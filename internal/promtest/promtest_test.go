package promtest

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/northstar/kpi/internal/seed"
)

// The seeded history is what the dataset defines: the raw counter increase over a
// day equals the sum of its per-minute increments, reset or not.
func TestSeededHistoryMatchesDefinition(t *testing.T) {
	d := seed.Default()
	srv, err := Start(d)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	// The second day holds the reset of instance b.
	for _, at := range []time.Time{d.End.Add(-3 * 24 * time.Hour), d.End.Add(-10 * 24 * time.Hour)} {
		for _, c := range d.Series {
			q := fmt.Sprintf(`increase(%s%s[1d])`, c.Name, selectorOf(c.Labels))
			got := instant(t, srv.URL, q, at)
			want := c.Increase(at.Add(-24*time.Hour), at)
			if math.Abs(got-want) > 1e-9*want {
				t.Errorf("%s at %s: got %v want %v", q, at, got, want)
			}
		}
	}
}

func selectorOf(l map[string]string) string {
	s := "{"
	for k, v := range l {
		s += fmt.Sprintf("%s=%q,", k, v)
	}
	return s + "}"
}

func instant(t *testing.T, base, q string, at time.Time) float64 {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/query?query=" + url.QueryEscape(q) + "&time=" + strconv.FormatInt(at.Unix(), 10))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Data struct {
			Result []struct {
				Value [2]any `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if len(body.Data.Result) != 1 {
		t.Fatalf("%s: want 1 result, got %d", q, len(body.Data.Result))
	}
	v, _ := strconv.ParseFloat(body.Data.Result[0].Value[1].(string), 64)
	return v
}

// Rule files are loaded, and a restart serves the same data directory again.
func TestRuleFilesAndRestart(t *testing.T) {
	d := seed.Default()
	rules := filepath.Join(t.TempDir(), "rules.yaml")
	doc := "groups:\n  - name: t\n    rules:\n      - record: test:orders:increase1d\n        expr: sum(increase(orders_total[1d]))\n"
	if err := os.WriteFile(rules, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := StartWith(d, Options{RuleFiles: []string{rules}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	var body struct {
		Data struct {
			Groups []struct {
				Rules []struct {
					Name string `json:"name"`
				} `json:"rules"`
			} `json:"groups"`
		} `json:"data"`
	}
	resp, err := http.Get(srv.URL + "/api/v1/rules")
	if err != nil {
		t.Fatal(err)
	}
	err = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if err != nil || len(body.Data.Groups) != 1 || body.Data.Groups[0].Rules[0].Name != "test:orders:increase1d" {
		t.Fatalf("rules: %+v (%v)", body, err)
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	at := d.End.Add(-3 * 24 * time.Hour)
	want := seed.SumIncrease(d.Select("orders_total", nil), at.Add(-24*time.Hour), at)
	if got := instant(t, srv.URL, "sum(increase(orders_total[1d]))", at); math.Abs(got-want) > 1e-9*want {
		t.Errorf("after restart: %v, want %v", got, want)
	}
}
