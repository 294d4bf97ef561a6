package slo

import (
	"math"
	"testing"
	"time"
)

func TestClean(t *testing.T) {
	cases := []struct {
		name    string
		in      float64
		want    float64
		wantNaN bool
	}{
		{"budget of 99.9 %", 1 - 0.999, 0.001, false},
		{"remaining share", 1 - (0.0004/(1-0.999))*1, 0.6, false},
		{"sum noise", 0.1 + 0.2, 0.3, false},
		{"tiny negative", -4.69e-13, 0, false},
		{"tiny positive", 1e-13, 0, false},
		{"large count", 7200000, 7200000, false},
		{"twelve digits kept", 0.123456789012, 0.123456789012, false},
		{"zero", 0, 0, false},
		{"NaN stays NaN", math.NaN(), 0, true},
		{"infinity stays", math.Inf(1), math.Inf(1), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Clean(tc.in)
			if tc.wantNaN {
				if !math.IsNaN(got) {
					t.Errorf("want NaN, got %v", got)
				}
				return
			}
			if got != tc.want {
				t.Errorf("Clean(%v) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestCleanDuration(t *testing.T) {
	cases := []struct {
		name string
		ns   float64
		want time.Duration
	}{
		{"43.2 minutes", (1 - 0.999) * float64(30*24*time.Hour), 43*time.Minute + 12*time.Second},
		{"5m2.4s", (1 - 0.9995) * float64(7*24*time.Hour), 5*time.Minute + 2400*time.Millisecond},
		{"16h48m", (1 - 0.95) * float64(14*24*time.Hour), 16*time.Hour + 48*time.Minute},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := cleanDuration(tc.ns); got != tc.want {
				t.Errorf("want %v, got %v", tc.want, got)
			}
		})
	}
}
