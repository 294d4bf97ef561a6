package catalog

import "testing"

func TestLines(t *testing.T) {
	doc := []byte("apiVersion: northstar.kpi/v1\nkpis:\n  - id: a\n    source: prom\n    query:\n      ratio:\n        good: up\n")
	line := Lines(doc)
	for path, want := range map[string]int{
		"apiVersion":               1,
		"kpis":                     2,
		"kpis[0]":                  3,
		"kpis[0].source":           4,
		"kpis[0].query.ratio.good": 7,
		"kpis[0].tags":             3, // missing: the nearest ancestor's line
		"":                         0,
	} {
		if got := line(path); got != want {
			t.Errorf("Lines(%q) = %d, want %d", path, got, want)
		}
	}
	if got := Lines([]byte("kpis: [\n"))("kpis"); got != 0 {
		t.Errorf("unparsable YAML: %d", got)
	}
	withLines := WithLines([]Problem{{Path: "kpis[0].source", Message: "x"}, {Path: "kpis[0].id", Line: 9}}, line)
	if withLines[0].Line != 4 || withLines[1].Line != 9 {
		t.Errorf("WithLines: %v", withLines)
	}
}

func TestLenientDecodesAnInvalidCatalog(t *testing.T) {
	cat := Lenient([]byte("apiVersion: northstar.kpi/v1\nkpis:\n  - id: Bad!\n    source: other\n    unknownField: 1\n"))
	if cat == nil || len(cat.KPIs) != 1 || cat.KPIs[0].Source != "other" {
		t.Fatalf("Lenient: %+v", cat)
	}
	if Lenient([]byte("kpis: [\n")) != nil {
		t.Error("unparsable YAML must give nil")
	}
}
