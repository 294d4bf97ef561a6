package sqlsuite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/internal/promtest"
	"github.com/northstar/kpi/internal/sqltest"
	"github.com/northstar/kpi/pkg/datasource"
)

var (
	events  = sqltest.Default()
	dbs     = map[string]*sqltest.DB{}
	promURL string
)

func TestMain(m *testing.M) {
	// Datasources keep their last valid catalog on disk: in a folder of the test run.
	stateDir, err := os.MkdirTemp("", "northstar-state-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("NORTHSTAR_STATE_DIR", stateDir)
	dir, err := os.MkdirTemp("", "northstar-sqlsuite-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := func() int {
		for _, dialect := range sqltest.Dialects {
			db, err := sqltest.Open(dialect, events, dir)
			if err != nil {
				fmt.Fprintln(os.Stderr, "FAIL: cannot set up the test databases:", err)
				return 1
			}
			defer db.Close()
			dbs[dialect] = db
		}
		srv, err := promtest.Start(events.Prometheus())
		if err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: cannot start the test Prometheus:", err)
			return 1
		}
		defer srv.Stop()
		promURL = srv.URL
		return m.Run()
	}()
	os.RemoveAll(dir)
	os.RemoveAll(stateDir)
	os.Exit(code)
}

// connection is the datasource's jsonData entry of a test database, named db.
func connection(db *sqltest.DB) map[string]any {
	c := db.Conn
	out := map[string]any{"name": "db", "type": c.Type, "timeoutSeconds": 10}
	if c.Type == "sqlite" {
		out["path"] = c.Path
	} else {
		out["host"], out["database"], out["user"] = c.Host, c.Database, c.User
	}
	return out
}

func newDS(t *testing.T, catalogYAML string, conns ...map[string]any) *datasource.Datasource {
	t.Helper()
	b, err := json.Marshal(map[string]any{"catalog": catalogYAML, "connections": conns})
	if err != nil {
		t.Fatal(err)
	}
	inst, err := datasource.New(context.Background(), backend.DataSourceInstanceSettings{UID: t.Name(), JSONData: b})
	if err != nil {
		t.Fatal(err)
	}
	ds := inst.(*datasource.Datasource)
	t.Cleanup(ds.Dispose)
	return ds
}

func query(refID string, from, to time.Time, step time.Duration, q map[string]any) backend.DataQuery {
	b, _ := json.Marshal(q)
	return backend.DataQuery{RefID: refID, JSON: b, TimeRange: backend.TimeRange{From: from, To: to}, Interval: step}
}

func run(t *testing.T, ds *datasource.Datasource, qs ...backend.DataQuery) *backend.QueryDataResponse {
	t.Helper()
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: qs})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// measure reads a numeric-multi measure for a label set; NaN when it has no value.
func measure(t *testing.T, frames data.Frames, name string, labels data.Labels) float64 {
	t.Helper()
	for _, f := range frames {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeNumericMulti || len(f.Fields) != 1 {
			continue
		}
		fld := f.Fields[0]
		if fld.Name == name && fld.Labels.String() == labels.String() {
			v, ok := fld.ConcreteAt(0)
			if !ok {
				return math.NaN()
			}
			return v.(float64)
		}
	}
	var names []string
	for _, f := range frames {
		if len(f.Fields) > 0 {
			names = append(names, f.Fields[len(f.Fields)-1].Name+f.Fields[len(f.Fields)-1].Labels.String())
		}
	}
	t.Fatalf("no %s frame with labels %v (frames: %s)", name, labels, strings.Join(names, " "))
	return 0
}

func near(a, b, rel float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= rel*math.Max(1e-12, math.Abs(b))+1e-12
}

func check(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !near(got, want, 1e-9) {
		t.Errorf("%s: got %.12g, want %.12g", what, got, want)
	}
}
