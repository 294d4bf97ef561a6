package engine

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
)

// FuzzParseMeasures feeds arbitrary measure names (the "measures" of a panel's
// query, which anyone who can edit a dashboard controls) to ParseMeasures. It
// must never panic; a rejected name gets an error that quotes it, and an
// accepted burn_rate_<w> or burn_pair_<s>_<l> names windows that survive a round
// trip through the names the engine itself writes (BurnRateMeasure,
// BurnPairMeasure), since the frames of an SLO card are labelled with those.
// Seeds beyond these live in testdata/fuzz/FuzzParseMeasures.
func FuzzParseMeasures(f *testing.F) {
	for _, m := range AllMeasures {
		f.Add(string(m))
	}
	for _, m := range SLOMeasures {
		f.Add(string(m))
	}
	for _, s := range []string{
		"burn_rate_5m", "burn_rate_1h", "burn_rate_1w", "burn_rate_05m", "burn_rate_90m",
		"burn_pair_5m_1h", "burn_pair_1h_5m", "burn_pair_30m_6h", "burn_rate_0s", "burn_pair_0s_1h",
		"burn_rate_106751d", "burn_rate_106752d", "burn_rate_99999999999999y", "burn_rate_7q",
		"burn_rate_", "burn_rate_5m ", "BURN_RATE_5M", "burn_rate_5m\n", "burn_pair_5m", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		out, err := ParseMeasures([]string{name})
		if err != nil {
			msg := err.Error()
			if msg == "" || !strings.Contains(msg, strconv.Quote(name)) {
				t.Fatalf("%q: the error must name the measure, got %q", name, msg)
			}
			return
		}
		if len(out) != 1 || out[0] != Measure(name) {
			t.Fatalf("%q: accepted as %q", name, out)
		}
		m := out[0]
		if !slices.Contains(AllMeasures, m) && !IsSLOMeasure(m) {
			t.Fatalf("%q: accepted but neither a KPI nor an SLO measure", name)
		}
		// A repeated name is one measure: the frames would otherwise be doubled.
		if twice, err := ParseMeasures([]string{name, name}); err != nil || len(twice) != 1 {
			t.Fatalf("%q twice: %q, %v", name, twice, err)
		}
		if w, ok := BurnWindow(m); ok {
			checkBurnRate(t, name, w)
		} else if burnRateRE.MatchString(name) {
			t.Fatalf("%q: accepted, but BurnWindow cannot read its window", name)
		}
		if p := burnPairRE.FindStringSubmatch(name); p != nil {
			checkBurnPair(t, name, p[1], p[2])
		}
	})
}

// checkBurnRate: the window is positive and the engine's own name for it is
// accepted and reads back as the same window (burn_rate_1w becomes burn_rate_7d).
func checkBurnRate(t *testing.T, name string, w time.Duration) {
	t.Helper()
	if w <= 0 {
		t.Fatalf("%q: accepted with window %v", name, w)
	}
	again := BurnRateMeasure(w)
	if _, err := ParseMeasures([]string{string(again)}); err != nil {
		t.Fatalf("%q: window %v written as %q is rejected: %v", name, w, again, err)
	}
	if back, ok := BurnWindow(again); !ok || back != w {
		t.Fatalf("%q: %q reads back as %v (ok %v), want %v", name, again, back, ok, w)
	}
}

func checkBurnPair(t *testing.T, name, short, long string) {
	t.Helper()
	s, serr := catalog.ParseDuration(short)
	l, lerr := catalog.ParseDuration(long)
	if serr != nil || lerr != nil || s <= 0 || l <= 0 {
		t.Fatalf("%q: accepted with windows %q, %q (%v, %v)", name, short, long, serr, lerr)
	}
	again := BurnPairMeasure(catalog.BurnPair{Short: s, Long: l})
	if _, err := ParseMeasures([]string{string(again)}); err != nil {
		t.Fatalf("%q: written as %q is rejected: %v", name, again, err)
	}
	p := burnPairRE.FindStringSubmatch(string(again))
	if p == nil {
		t.Fatalf("%q: written as %q, which is no burn_pair name", name, again)
	}
	s2, _ := catalog.ParseDuration(p[1])
	l2, _ := catalog.ParseDuration(p[2])
	if s2 != s || l2 != l {
		t.Fatalf("%q: %q reads back as %v/%v, want %v/%v", name, again, s2, l2, s, l)
	}
}
