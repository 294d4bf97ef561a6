package protocoltest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"

	"github.com/northstar/kpi/internal/plugintest"
)

// lockedBuffer collects the plugin's log lines from go-plugin's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSecretsNeverEchoInErrorsHealthOrTheLog: an upstream that answers 400 with
// a body quoting the Authorization header gets its words shown, with the
// bearer token redacted, in the query error, the health check and the plugin's
// own log, through the built executable.
func TestSecretsNeverEchoInErrorsHealthOrTheLog(t *testing.T) {
	const token = "tok-5ecr3t-9a8b7c6d"
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		b, _ := json.Marshal(map[string]string{"status": "error", "errorType": "bad_data", "error": "unexpected header Authorization: " + r.Header.Get("Authorization")})
		_, _ = w.Write(b)
	}))
	defer upstream.Close()
	logs := &lockedBuffer{}
	p, err := plugintest.Start(executable(t), plugintest.Options{Logger: hclog.New(&hclog.LoggerOptions{Output: logs, Level: hclog.Debug})})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Kill()
	settings, _ := json.Marshal(map[string]any{
		"catalog":     catalogYAML,
		"connections": []map[string]any{{"name": "prom", "url": upstream.URL, "auth": "bearer"}},
	})
	pctx := &pluginv2.PluginContext{OrgId: 1, PluginId: "northstar-kpi-datasource", DataSourceInstanceSettings: &pluginv2.DataSourceInstanceSettings{
		Id: 2, Uid: "echo", Name: "Echo", JsonData: settings, LastUpdatedMS: 1,
		DecryptedSecureJsonData: map[string]string{"prom.bearerToken": token},
	}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	q, _ := json.Marshal(map[string]any{"kpi": "checkout_success", "measures": []string{"value"}})
	to := time.Unix(1795132800, 0)
	resp, err := p.Data.QueryData(ctx, &pluginv2.QueryDataRequest{PluginContext: pctx, Queries: []*pluginv2.DataQuery{
		{RefId: "A", Json: q, IntervalMS: 60_000, TimeRange: &pluginv2.TimeRange{FromEpochMS: to.Add(-time.Hour).UnixMilli(), ToEpochMS: to.UnixMilli()}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	health, err := p.Diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: pctx})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // the log lines travel over a pipe
	const shown = "unexpected header Authorization: Bearer [redacted]"
	texts := map[string]string{
		"query error":  resp.Responses["A"].Error,
		"health check": health.Message + "\n" + string(health.JsonDetails),
		"plugin log":   logs.String(),
	}
	for what, text := range texts {
		for _, secret := range []string{token, base64.StdEncoding.EncodeToString([]byte(token))} {
			if strings.Contains(text, secret) {
				t.Errorf("%s shows the token:\n%s", what, text)
			}
		}
		if what != "plugin log" && !strings.Contains(text, shown) {
			t.Errorf("%s does not show the upstream's words %q:\n%s", what, shown, text)
		}
	}
	if !strings.Contains(logs.String(), "[redacted]") {
		t.Errorf("the plugin log has no line about the failed query:\n%s", fmt.Sprint(logs.String()))
	}
}
