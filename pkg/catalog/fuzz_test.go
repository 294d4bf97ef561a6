package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary documents to Parse, which reads catalogs that
// people write by hand (inline in the datasource settings or from a file). It
// must never panic, and:
//
//   - a rejected document has no catalog and at least one problem, each with a
//     non-empty message and no negative line;
//   - an accepted document parses again to the same catalog (Parse fills in
//     defaults in place, so a second run must not see leftovers of the first);
//   - an accepted catalog marshals to JSON (what GET kpis serves) and that JSON,
//     which is also YAML, is accepted again and marshals to the same JSON: the
//     defaults validation fills in (unit, aggregation, SLO names, alert pairs)
//     validate themselves, and nothing the API shows is lost or changed;
//   - Lines and Lenient, which run on documents Parse rejects, never panic.
//
// Seeds beyond these (the example catalogs of provisioning/ and of the tests,
// and broken variants of them) live in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sloCatalog))
	f.Add([]byte(sqlCatalog))
	f.Add([]byte(""))
	f.Add([]byte("apiVersion: northstar.kpi/v1\nkpis: []\n"))
	f.Add([]byte("apiVersion: northstar.kpi/v1\nkpis: {id: x}\n"))
	f.Add([]byte("- just\n- a list\n"))
	f.Add([]byte("&a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		line := Lines(data)
		for _, p := range []string{"", "apiVersion", "kpis", "kpis[0]", "kpis[0].query.ratio.good", "kpis[99].x[3].y"} {
			if l := line(p); l < 0 {
				t.Fatalf("Lines(%q) = %d", p, l)
			}
		}
		_ = Lenient(data)

		cat, problems := Parse(data)
		if len(problems) > 0 {
			checkProblems(t, cat, problems)
			return
		}
		if cat == nil {
			t.Fatal("no catalog and no problem")
		}
		first := mustJSON(t, cat)
		again, problems := Parse(data)
		if len(problems) > 0 {
			t.Fatalf("accepted once, then rejected: %v", problems)
		}
		if second := mustJSON(t, again); !bytes.Equal(first, second) {
			t.Fatalf("the same document parsed differently:\n%s\n%s", first, second)
		}
		round, problems := Parse(yamlSafe(first))
		if len(problems) > 0 {
			t.Fatalf("the catalog's own JSON is rejected: %v\n%s", problems, first)
		}
		if roundJSON := mustJSON(t, round); !bytes.Equal(first, roundJSON) {
			t.Fatalf("the JSON round trip changed the catalog:\n%s\n%s", first, roundJSON)
		}
	})
}

// yamlSafe escapes the characters that JSON leaves raw but YAML does not take
// raw (DEL, C1 controls, U+FFFE, U+FFFF; NEL it would read as a line break), so
// that the JSON means the same when read as YAML. JSON has them in strings only.
func yamlSafe(js []byte) []byte {
	var b strings.Builder
	for _, r := range string(js) {
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0xfffe || r == 0xffff {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return []byte(b.String())
}

func checkProblems(t *testing.T, cat *Catalog, problems []Problem) {
	t.Helper()
	if cat != nil {
		t.Fatalf("a catalog with problems: %v", problems)
	}
	for _, p := range problems {
		if strings.TrimSpace(p.Message) == "" || p.Line < 0 {
			t.Fatalf("unclear problem %#v among %v", p, problems)
		}
	}
	if msg := (&InvalidError{Problems: problems}).Error(); msg == "" {
		t.Fatal("empty InvalidError")
	}
}

func mustJSON(t *testing.T, cat *Catalog) []byte {
	t.Helper()
	b, err := json.Marshal(cat)
	if err != nil {
		t.Fatalf("an accepted catalog does not marshal to JSON: %v", err)
	}
	return b
}
