package prometheus

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/northstar/kpi/pkg/source"
)

// answering is an upstream that answers every query with body (status 200).
func answering(t *testing.T, body string) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(Connection{Name: "prom", URL: srv.URL, CacheSeconds: -1}, Secrets{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const (
	vector = `{"status":"success","data":{"resultType":"vector","result":[{"metric":{"region":"eu"},"value":[1700000000,"1"]}]}}`
	matrix = `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"region":"eu"},"values":[[1700000000,"1"]]}]}}`
	scalar = `{"status":"success","data":{"resultType":"scalar","result":[1700000000,"1"]}}`
)

// TestAnswersOfTheWrongKindAreRefused: a range query must be answered with a
// matrix, an instant query with a vector or a scalar; anything else is an
// error that says so, never data.
func TestAnswersOfTheWrongKindAreRefused(t *testing.T) {
	end := time.Unix(1700000000, 0)
	rangeCall := Call{Query: "up", Start: end.Add(-time.Hour), End: end, Step: time.Minute}
	instant := Call{Query: "up", End: end}
	cases := []struct {
		name string
		body string
		call Call
		err  string
	}{
		{"range answered with a vector", vector, rangeCall, "a range query was answered with a vector, not a matrix"},
		{"range answered with a scalar", scalar, rangeCall, "a range query was answered with a scalar, not a matrix"},
		{"instant answered with a matrix", matrix, instant, "an instant query was answered with a matrix, not a vector or a scalar"},
		{"range answered with a matrix", matrix, rangeCall, ""},
		{"instant answered with a vector", vector, instant, ""},
		{"instant answered with a scalar", scalar, instant, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			series, err := answering(t, c.body).ForRequest().Do(context.Background(), c.call)
			switch {
			case c.err == "" && (err != nil || len(series) != 1):
				t.Fatalf("want one series, got %v, %v", series, err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), `connection "prom"`)):
				t.Fatalf("want an error with %q, got %v", c.err, err)
			}
		})
	}
}

// TestWarningsAndInfosBecomeNotices: what Prometheus says besides its answer
// reaches the request's notices, once each, also when the answer is shared.
func TestWarningsAndInfosBecomeNotices(t *testing.T) {
	body := strings.Replace(vector, `"status":"success",`, `"status":"success","warnings":["partial response: store eu-2 unreachable"],"infos":["PromQL info: metric might not be a counter"],`, 1)
	c := answering(t, body)
	ctx, notices := source.WithNotices(context.Background())
	calls := c.ForRequest()
	for range 2 {
		if _, err := calls.Do(ctx, Call{Query: "up", End: time.Unix(1700000000, 0)}); err != nil {
			t.Fatal(err)
		}
	}
	want := []source.Notice{
		{Warning: true, Text: `connection "prom": partial response: store eu-2 unreachable`},
		{Text: `connection "prom": PromQL info: metric might not be a counter`},
	}
	got := notices.List()
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("notices %v, want %v", got, want)
	}
}
