package engine

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
)

func sloWithPairs(window time.Duration, budgeting catalog.Budgeting) *catalog.SLO {
	return &catalog.SLO{
		Name: "s", Objective: 0.999,
		Window:    catalog.SLOWindow{Rolling: catalog.Duration(window)},
		Budgeting: budgeting,
		Alerting:  catalog.AlertPolicy{Pairs: catalog.DefaultPairs(window)},
	}
}

func TestParseMeasures(t *testing.T) {
	cases := []struct {
		names   []string
		wantErr string
	}{
		{[]string{"value", "sli", "burn_rate_1h", "burn_pair_5m_1h", "slo"}, ""},
		{[]string{"burn_rate_90m", "budget_burndown"}, ""},
		{[]string{"burn_rate_7q"}, `unknown measure "burn_rate_7q"`},
		{[]string{"burn_pair_5m"}, `unknown measure "burn_pair_5m"`},
		{[]string{"budget"}, `unknown measure "budget"`},
		{[]string{"burn_rate_0m"}, `"0m" is not a valid window`},
		{[]string{"burn_pair_0s_1h"}, `"0s" is not a valid window`},
	}
	for _, c := range cases {
		_, err := ParseMeasures(c.names)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%v: unexpected error %v", c.names, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%v: want error %q, got %v", c.names, c.wantErr, err)
		}
	}
}

func TestResolutionDividesEveryWindow(t *testing.T) {
	cases := []struct {
		name     string
		slo      *catalog.SLO
		measures []Measure
		want     time.Duration
	}{
		// Default pairs: 5m, 30m, 1h, 2h, 6h, 1d, 3d.
		{"default pairs", sloWithPairs(28*24*time.Hour, catalog.Budgeting{}), nil, 5 * time.Minute},
		{"one-minute slices", sloWithPairs(14*24*time.Hour, catalog.Budgeting{Method: catalog.Timeslices, Slice: catalog.Duration(time.Minute)}), nil, time.Minute},
		{"an extra 7m burn window", sloWithPairs(28*24*time.Hour, catalog.Budgeting{}), []Measure{"burn_rate_7m"}, time.Minute},
	}
	for _, c := range cases {
		if got := resolution(c.slo, c.measures); got != c.want {
			t.Errorf("%s: got %s want %s", c.name, got, c.want)
		}
	}
}

func TestExpandSLOMeasures(t *testing.T) {
	s := sloWithPairs(28*24*time.Hour, catalog.Budgeting{})
	cases := []struct {
		asked []Measure
		want  []Measure
	}{
		{[]Measure{MBurnPairs}, []Measure{"burn_pair_5m_1h", "burn_pair_30m_6h", "burn_pair_2h_1d", "burn_pair_6h_3d"}},
		{[]Measure{MBurnRates}, []Measure{"burn_rate_5m", "burn_rate_30m", "burn_rate_1h", "burn_rate_2h", "burn_rate_6h", "burn_rate_1d", "burn_rate_3d"}},
		// A pair the SLO does not have is not made up.
		{[]Measure{"burn_pair_10m_2h", "sli"}, []Measure{"sli"}},
		// KPI measures are not SLO measures.
		{[]Measure{MValue, MBudgetRemaining}, []Measure{MBudgetRemaining}},
	}
	for _, c := range cases {
		got := Request{Measures: c.asked}.expandSLO(s)
		if !slices.Equal(got, c.want) {
			t.Errorf("%v: got %v want %v", c.asked, got, c.want)
		}
	}
	card := Request{Measures: []Measure{MSLO}}.expandSLO(s)
	if len(card) != len(sloCard)+7+4 {
		t.Errorf("the SLO card has %d measures, want %d: %v", len(card), len(sloCard)+11, card)
	}
}

func TestSLOWindowSnapsToTheSliceGrid(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	month := &catalog.SLO{Window: catalog.SLOWindow{Calendar: catalog.CalendarMonth}}
	rolling := &catalog.SLO{Window: catalog.SLOWindow{Rolling: catalog.Duration(28 * 24 * time.Hour)}}
	end := time.Date(2026, 11, 2, 10, 7, 23, 0, time.UTC)
	cases := []struct {
		name     string
		slo      *catalog.SLO
		wantFrom time.Time
		wantTo   time.Time
	}{
		{"rolling", rolling, time.Date(2026, 10, 5, 10, 5, 0, 0, time.UTC), time.Date(2026, 11, 2, 10, 5, 0, 0, time.UTC)},
		{"calendar month in Berlin", month, time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC), time.Date(2026, 11, 2, 10, 5, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		from, to, _ := sloWindow(c.slo, berlin, end, 5*time.Minute)
		if !from.Equal(c.wantFrom) || !to.Equal(c.wantTo) {
			t.Errorf("%s: got (%s, %s] want (%s, %s]", c.name, from, to, c.wantFrom, c.wantTo)
		}
	}
}
