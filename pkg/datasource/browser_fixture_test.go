package datasource

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/northstar/kpi/internal/seed"
)

// The panel's browser tests (tests/browser) render frames that this test gets
// from the real backend over the seeded Prometheus, for the example catalog. It
// writes them as a fixture, next to the values the cards must show, computed here
// from the seed (not from the frames).

const browserFixtures = "../../tests/browser/fixtures"

// expectedCard is what one card must show.
type expectedCard struct {
	KPI             string            `json:"kpi"`
	Labels          map[string]string `json:"labels"`
	Unit            string            `json:"unit"`
	Decimals        int               `json:"decimals"`
	Value           float64           `json:"value"`
	BudgetRemaining *float64          `json:"budgetRemaining,omitempty"`
	// FastBurnFiring tells whether the 1h/5m pair fires.
	FastBurnFiring *bool `json:"fastBurnFiring,omitempty"`
}

func TestWriteBackendFramesForBrowserTests(t *testing.T) {
	example, err := os.ReadFile("../../provisioning/catalog/catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ds := newDS(t, settingsJSON(t, string(example), promURL, nil))
	// During the seeded payments outage, so that the cards show a firing fast burn.
	to := dataset.End.Add(seed.Outage[0] + 20*time.Minute)
	from := to.Add(-7 * 24 * time.Hour)
	measures := []string{"series", "value", "previous", "delta", "delta_pct", "target", "attainment", "status", "slo"}
	r := run(t, ds, query("A", from, to, 2*time.Hour, map[string]any{"selector": map[string]any{}, "measures": measures})).Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	var expected []expectedCard
	for _, region := range []string{"eu", "us"} {
		// checkout_success_rate: bad 5xx over all checkout requests; SLO 99.5 % over 28 days.
		sloFrom := to.Add(-28 * 24 * time.Hour)
		remaining := 1 - (1-successRatio(region, sloFrom, to))/(1-0.995)
		expected = append(expected, expectedCard{
			KPI: "checkout_success_rate", Labels: map[string]string{"region": region}, Unit: "percentunit", Decimals: 2,
			Value: successRatio(region, from, to), BudgetRemaining: &remaining,
		})
	}
	for _, region := range []string{"eu", "us"} {
		// payments_availability: SLO 99.9 % over 28 days, pairs only page with 200 events.
		sloFrom := to.Add(-28 * 24 * time.Hour)
		remaining := 1 - errorRatio(region, sloFrom, to)/(1-0.999)
		firing := burn(region, time.Hour, to, 0.999) >= 13.44 && burn(region, 5*time.Minute, to, 0.999) >= 13.44 &&
			events(region, false, to.Add(-time.Hour), to) >= 200
		expected = append(expected, expectedCard{
			KPI: "payments_availability", Labels: map[string]string{"region": region}, Unit: "percentunit", Decimals: 3,
			Value: 1 - errorRatio(region, from, to), BudgetRemaining: &remaining, FastBurnFiring: &firing,
		})
	}
	writeFixture(t, "backend-example.json", r.Frames)
	writeFixture(t, "backend-example.expected.json", expected)
}

func writeFixture(t *testing.T, name string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(browserFixtures, name), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
