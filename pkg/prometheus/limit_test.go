package prometheus

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

const hugeSize = 100 << 20

// writeHugeAnswer writes a valid Prometheus range-query answer of at least size
// bytes: series of 1,000 points each, generated as they are written.
func writeHugeAnswer(w http.ResponseWriter, size int) {
	w.Header().Set("Content-Type", "application/json")
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	var pts strings.Builder
	for i := 0; i < 1000; i++ {
		if i > 0 {
			pts.WriteByte(',')
		}
		fmt.Fprintf(&pts, "[%d,\"%d.5\"]", 1700000000+i, i)
	}
	values := pts.String()
	n, _ := bw.WriteString(`{"status":"success","data":{"resultType":"matrix","result":[`)
	for i := 0; n < size; i++ {
		if i > 0 {
			bw.WriteByte(',')
			n++
		}
		m, err := fmt.Fprintf(bw, `{"metric":{"__name__":"m","series":"%d"},"values":[%s]}`, i, values)
		if err != nil {
			return // the client hung up
		}
		n += m
	}
	bw.WriteString(`]}}`)
}

// hugeServer serves a 100 MB answer, chunked or with a Content-Length.
func hugeServer(t testing.TB, withLength bool) string {
	t.Helper()
	length := 0
	if withLength {
		cw := &countWriter{h: http.Header{}}
		writeHugeAnswer(cw, hugeSize)
		length = cw.n
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if withLength {
			w.Header().Set("Content-Length", strconv.Itoa(length))
		}
		writeHugeAnswer(w, hugeSize)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

type countWriter struct {
	h http.Header
	n int
}

func (c *countWriter) Header() http.Header         { return c.h }
func (c *countWriter) Write(b []byte) (int, error) { c.n += len(b); return len(b), nil }
func (c *countWriter) WriteHeader(int)             {}

func hugeCall(t testing.TB, url string) error {
	t.Helper()
	c, err := NewClient(Connection{Name: "big", URL: url, TimeoutSeconds: 60}, Secrets{})
	if err != nil {
		t.Fatal(err)
	}
	end := time.Unix(1700001000, 0)
	_, err = c.ForRequest().Do(context.Background(), Call{Query: "m", Start: end.Add(-1000 * time.Second), End: end, Step: time.Second})
	return err
}

func TestHugeAnswerFailsWithTheLimitNamed(t *testing.T) {
	for _, withLength := range []bool{false, true} {
		t.Run(fmt.Sprintf("contentLength=%v", withLength), func(t *testing.T) {
			url := hugeServer(t, withLength)
			start := time.Now()
			err := hugeCall(t, url)
			took := time.Since(start)
			if err == nil {
				t.Fatal("a 100 MB answer was accepted whole")
			}
			for _, want := range []string{"33554432 bytes", "responseLimitBytes", `connection "big"`} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			if took > 5*time.Second {
				t.Errorf("took %s to fail", took)
			}
		})
	}
}

func TestSeriesAndPointLimits(t *testing.T) {
	for _, c := range []struct {
		conn Connection
		want string
	}{
		{Connection{MaxSeries: 10}, "limit of 10 series per upstream call; narrow the query (filters, a shorter range, a coarser step) or raise the connection setting maxSeries"},
		{Connection{MaxPoints: 5000}, "limit of 5000 points per upstream call; narrow the query (filters, a shorter range, a coarser step) or raise the connection setting maxPoints"},
	} {
		// A small body limit too, so that the answer is decoded: the body limit
		// is checked in the transport, series and points after decoding.
		conn := c.conn
		conn.Name = "big" // each case serves ~50 series of 1,000 points
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeHugeAnswer(w, 1<<20)
		}))
		conn.URL = srv.URL
		cl, err := NewClient(conn, Secrets{})
		if err != nil {
			t.Fatal(err)
		}
		end := time.Unix(1700001000, 0)
		_, err = cl.ForRequest().Do(context.Background(), Call{Query: "m", Start: end.Add(-1000 * time.Second), End: end, Step: time.Second})
		srv.Close()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want an error saying %q, got %v", c.want, err)
		}
	}
}

func TestResponseLimitSetting(t *testing.T) {
	base := Connection{Name: "p", URL: "http://127.0.0.1:9090"}
	neg := base
	neg.ResponseLimitBytes = -1
	if err := neg.Validate(); err == nil || !strings.Contains(err.Error(), "responseLimitBytes") {
		t.Errorf("-1 must be refused, got %v", err)
	}
	if got := base.responseLimit(); got != DefaultResponseLimit {
		t.Errorf("0 means the default, got %d", got)
	}
	small := base
	small.ResponseLimitBytes = 1000
	if got := small.responseLimit(); got != 1000 {
		t.Errorf("got %d", got)
	}
	// An answer of exactly the limit is accepted; one byte more is not.
	body := `{"status":"success","data":{"resultType":"scalar","result":[1700000000,"1"]}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}))
	defer srv.Close()
	for _, c := range []struct {
		limit int64
		ok    bool
	}{{int64(len(body)), true}, {int64(len(body)) - 1, false}} {
		cl, err := NewClient(Connection{Name: "p", URL: srv.URL, ResponseLimitBytes: c.limit}, Secrets{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = cl.ForRequest().Do(context.Background(), Call{Query: "1", End: time.Unix(1700000000, 0)})
		if (err == nil) != c.ok {
			t.Errorf("limit %d: err %v", c.limit, err)
		}
	}
}

// BenchmarkHugeAnswer fetches a valid 100 MB answer and reports the peak
// resident memory of the process (VmHWM) and the Go heap obtained from the OS:
// both stay near the 32 MiB body limit instead of growing with the answer.
func BenchmarkHugeAnswer(b *testing.B) {
	url := hugeServer(b, false)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := hugeCall(b, url); err == nil {
			b.Fatal("a 100 MB answer was accepted whole")
		}
	}
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapSys)/(1<<20), "heapSys-MiB")
	if hwm, ok := vmHWM(); ok {
		b.ReportMetric(hwm/(1<<10), "peakRSS-MiB")
	}
}

// vmHWM is the process's peak resident set in KiB, from /proc/self/status.
func vmHWM() (float64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			v, err := strconv.ParseFloat(f[1], 64)
			return v, err == nil
		}
	}
	return 0, false
}
