// Package protocoltest starts the built plugin executable the way Grafana does
// (hashicorp go-plugin, Grafana's handshake, gRPC) and drives it with CheckHealth,
// QueryData and CallResource against a real seeded Prometheus.
package protocoltest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"

	"github.com/northstar/kpi/internal/promtest"
	"github.com/northstar/kpi/internal/seed"
)

var (
	promURL string
	dataset = seed.Default()
)

func TestMain(m *testing.M) {
	srv, err := promtest.Start(dataset)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot start the test Prometheus:", err)
		os.Exit(1)
	}
	promURL = srv.URL
	code := m.Run()
	srv.Stop()
	os.Exit(code)
}

// executable is the built plugin: $NORTHSTAR_GPX, else dist/ from `mage`, else a
// fresh build of ./pkg.
func executable(t *testing.T) string {
	if p := os.Getenv("NORTHSTAR_GPX"); p != "" {
		return p
	}
	dist := filepath.Join("..", "..", "dist", "datasource", fmt.Sprintf("gpx_northstar_kpi_datasource_%s_%s", runtime.GOOS, runtime.GOARCH))
	if _, err := os.Stat(dist); err == nil {
		return dist
	}
	out := filepath.Join(t.TempDir(), "gpx")
	if b, err := exec.Command("go", "build", "-o", out, "../../pkg").CombinedOutput(); err != nil {
		t.Fatalf("building the plugin: %v\n%s", err, b)
	}
	return out
}

type clients struct {
	data        grpcplugin.DataClient
	diagnostics grpcplugin.DiagnosticsClient
	resource    grpcplugin.ResourceClient
}

func start(t *testing.T) clients {
	t.Helper()
	client := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig: goplugin.HandshakeConfig{
			ProtocolVersion: grpcplugin.ProtocolVersion, MagicCookieKey: grpcplugin.MagicCookieKey, MagicCookieValue: grpcplugin.MagicCookieValue,
		},
		VersionedPlugins: map[int]goplugin.PluginSet{grpcplugin.ProtocolVersion: {
			"data": &grpcplugin.DataGRPCPlugin{}, "diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{}, "resource": &grpcplugin.ResourceGRPCPlugin{},
		}},
		Cmd:              exec.Command(executable(t)),
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		Logger:           hclog.New(&hclog.LoggerOptions{Output: io.Discard}),
	})
	t.Cleanup(client.Kill)
	rpc, err := client.Client()
	if err != nil {
		t.Fatalf("starting the plugin: %v", err)
	}
	var c clients
	for name, dst := range map[string]any{"data": &c.data, "diagnostics": &c.diagnostics, "resource": &c.resource} {
		raw, err := rpc.Dispense(name)
		if err != nil {
			t.Fatalf("dispense %s: %v", name, err)
		}
		switch d := dst.(type) {
		case *grpcplugin.DataClient:
			*d = raw.(grpcplugin.DataClient)
		case *grpcplugin.DiagnosticsClient:
			*d = raw.(grpcplugin.DiagnosticsClient)
		case *grpcplugin.ResourceClient:
			*d = raw.(grpcplugin.ResourceClient)
		}
	}
	return c
}

const catalogYAML = `apiVersion: northstar.kpi/v1
kpis:
  - id: checkout_success
    name: Checkout success rate
    owner: team-payments
    unit: percentunit
    direction: higher
    version: "1"
    source: prom
    dimensions: [region]
    query:
      ratio:
        bad: http_requests_total{job="checkout", code=~"5.."}
        total: http_requests_total{job="checkout"}
    target: {value: 0.99}
`

func pluginContext() *pluginv2.PluginContext {
	settings, _ := json.Marshal(map[string]any{
		"catalog":     catalogYAML,
		"connections": []map[string]any{{"name": "prom", "url": promURL}},
	})
	return &pluginv2.PluginContext{
		OrgId: 1, PluginId: "northstar-kpi-datasource",
		DataSourceInstanceSettings: &pluginv2.DataSourceInstanceSettings{
			Id: 1, Uid: "northstar-kpi", Name: "Northstar KPI", JsonData: settings, LastUpdatedMS: 1,
		},
	}
}

func TestPluginOverGRPC(t *testing.T) {
	c := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	health, err := c.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: pluginContext()})
	if err != nil {
		t.Fatal(err)
	}
	// A one-line title, the full report in the details (Save & test shows both).
	if health.Status != pluginv2.CheckHealthResponse_OK || health.Message != "OK: 1 KPI, 1 connection" || !strings.Contains(string(health.JsonDetails), "1 KPIs loaded") {
		t.Errorf("health: %v %s %s", health.Status, health.Message, health.JsonDetails)
	}

	to := dataset.End
	from := to.Add(-24 * time.Hour)
	q, _ := json.Marshal(map[string]any{"kpi": "checkout_success", "measures": []string{"value", "attainment"}})
	resp, err := c.data.QueryData(ctx, &pluginv2.QueryDataRequest{
		PluginContext: pluginContext(),
		Queries: []*pluginv2.DataQuery{
			{RefId: "A", Json: q, IntervalMS: 3600_000, MaxDataPoints: 100, TimeRange: &pluginv2.TimeRange{FromEpochMS: from.UnixMilli(), ToEpochMS: to.UnixMilli()}},
			{RefId: "B", Json: []byte(`{"kpi":"nope"}`), TimeRange: &pluginv2.TimeRange{FromEpochMS: from.UnixMilli(), ToEpochMS: to.UnixMilli()}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	frames, err := data.UnmarshalArrowFrames(resp.Responses["A"].Frames)
	if err != nil {
		t.Fatal(err)
	}
	if len(frames) != 4 { // value and attainment for eu and us
		t.Fatalf("want 4 frames, got %d (error %q)", len(frames), resp.Responses["A"].Error)
	}
	for _, f := range frames {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeNumericMulti {
			t.Fatalf("frame type: %+v", f.Meta)
		}
		region := f.Fields[0].Labels["region"]
		bad := seed.SumIncrease(dataset.Select("http_requests_total", map[string]string{"region": region, "code": "500"}), from, to)
		total := seed.SumIncrease(dataset.Select("http_requests_total", map[string]string{"region": region}), from, to)
		want := 1 - bad/total
		if f.Fields[0].Name == "attainment" {
			want /= 0.99
		}
		got, _ := f.Fields[0].ConcreteAt(0)
		if math.Abs(got.(float64)-want) > 1e-9 {
			t.Errorf("%s %s: got %v want %v", f.Fields[0].Name, region, got, want)
		}
	}
	if e := resp.Responses["B"].Error; !strings.Contains(e, `unknown KPI "nope"`) {
		t.Errorf("B: error %q", e)
	}

	stream, err := c.resource.CallResource(ctx, &pluginv2.CallResourceRequest{PluginContext: pluginContext(), Path: "kpis", Method: "GET", Url: "kpis"})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		KPIs []struct {
			ID string `json:"id"`
		} `json:"kpis"`
	}
	if err := json.Unmarshal(msg.Body, &body); err != nil || msg.Code != 200 || len(body.KPIs) != 1 || body.KPIs[0].ID != "checkout_success" {
		t.Errorf("CallResource kpis: %d %s %v", msg.Code, msg.Body, err)
	}
}
