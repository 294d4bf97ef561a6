package prometheus

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeUpstream answers an instant query "n" with n series, after delay, and
// counts the queries it receives. fail makes it answer with a server error.
type fakeUpstream struct {
	url      string
	calls    atomic.Int64
	fail     atomic.Bool
	delay    time.Duration
	canceled chan struct{} // receives when a query's request was cancelled
}

func newFakeUpstream(t *testing.T, delay time.Duration) *fakeUpstream {
	t.Helper()
	f := &fakeUpstream{delay: delay, canceled: make(chan struct{}, 100)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f.calls.Add(1)
		select {
		case <-time.After(f.delay):
		case <-r.Context().Done():
			f.canceled <- struct{}{}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if f.fail.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"status":"error","errorType":"unavailable","error":"try again"}`))
			return
		}
		n, _ := strconv.Atoi(r.Form.Get("query"))
		var series []string
		for i := range n {
			series = append(series, fmt.Sprintf(`{"metric":{"i":"%03d"},"value":[1700000000,"%d"]}`, i, i))
		}
		fmt.Fprintf(w, `{"status":"success","data":{"resultType":"vector","result":[%s]}}`, strings.Join(series, ","))
	}))
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func fakeClient(t *testing.T, up *fakeUpstream, cacheSeconds int) *Client {
	t.Helper()
	c, err := NewClient(Connection{Name: "prom", URL: up.url, TimeoutSeconds: 5, CacheSeconds: cacheSeconds}, Secrets{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func instant(n int) Call { return Call{Query: strconv.Itoa(n), End: time.Unix(1700000000, 0)} }

// fakeClock is a settable clock for the cache's TTL.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Fifty requests making the same call at once send it upstream once; each
// request's count says whether it was the one that sent it.
func TestConcurrentIdenticalCallsAcrossRequestsAreSentOnce(t *testing.T) {
	up := newFakeUpstream(t, 200*time.Millisecond)
	c := fakeClient(t, up, 0)
	const viewers = 50
	var wg sync.WaitGroup
	made := make([]int, viewers)
	errs := make([]error, viewers)
	for i := range viewers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := c.ForRequest()
			var got []int
			for range 2 { // the second is the request's own memo
				s, err := req.Do(context.Background(), instant(3))
				if err != nil {
					errs[i] = err
					return
				}
				got = append(got, len(s))
			}
			if got[0] != 3 || got[1] != 3 {
				errs[i] = fmt.Errorf("series %v, want 3 each time", got)
			}
			made[i] = req.Made()
		}()
	}
	wg.Wait()
	total := 0
	for i := range viewers {
		if errs[i] != nil {
			t.Fatalf("viewer %d: %v", i, errs[i])
		}
		total += made[i]
	}
	st := c.Stats()
	t.Logf("%d viewers: upstream received %d call(s); stats %+v", viewers, up.calls.Load(), st)
	if up.calls.Load() != 1 || st.Sent != 1 || total != 1 {
		t.Errorf("upstream received %d calls, client sent %d, requests counted %d; want 1 each", up.calls.Load(), st.Sent, total)
	}
	if st.Joined+st.Hits != viewers-1 {
		t.Errorf("joined %d + cache hits %d, want %d", st.Joined, st.Hits, viewers-1)
	}
}

func TestCachedAnswersExpire(t *testing.T) {
	up := newFakeUpstream(t, 0)
	c := fakeClient(t, up, 0)
	clock := &fakeClock{t: time.Unix(1800000000, 0)}
	c.shared.now = clock.now
	do := func() int {
		req := c.ForRequest()
		if _, err := req.Do(context.Background(), instant(2)); err != nil {
			t.Fatal(err)
		}
		return req.Made()
	}
	if do() != 1 || do() != 0 {
		t.Fatal("want the first request to send the call and the second to take the cached answer")
	}
	clock.advance(DefaultCacheTTL - time.Millisecond)
	if do() != 0 {
		t.Error("the answer expired before its TTL")
	}
	clock.advance(time.Millisecond)
	if do() != 1 {
		t.Error("the answer is served after its TTL")
	}
	if n := up.calls.Load(); n != 2 {
		t.Errorf("upstream received %d calls, want 2", n)
	}
}

func TestCacheOffStillSharesCallsInFlight(t *testing.T) {
	up := newFakeUpstream(t, 200*time.Millisecond)
	c := fakeClient(t, up, -1)
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.ForRequest().Do(context.Background(), instant(1)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if _, err := c.ForRequest().Do(context.Background(), instant(1)); err != nil {
		t.Fatal(err)
	}
	if n, st := up.calls.Load(), c.Stats(); n != 2 || st.Entries != 0 {
		t.Errorf("cache off: upstream received %d calls (want 2: one shared burst, one after), %d cached", n, st.Entries)
	}
}

func TestErrorsAreNotCached(t *testing.T) {
	up := newFakeUpstream(t, 0)
	up.fail.Store(true)
	c := fakeClient(t, up, 0)
	if _, err := c.ForRequest().Do(context.Background(), instant(1)); err == nil || !strings.Contains(err.Error(), "server error") {
		t.Fatalf("want the upstream's error, got %v", err)
	}
	up.fail.Store(false)
	req := c.ForRequest()
	s, err := req.Do(context.Background(), instant(1))
	if err != nil || len(s) != 1 || req.Made() != 1 {
		t.Fatalf("once the upstream recovers the next request must ask it again: %v, %d series, %d calls", err, len(s), req.Made())
	}
	if _, err := c.ForRequest().Do(context.Background(), instant(1)); err != nil || up.calls.Load() != 2 {
		t.Errorf("the good answer is cached: %v, upstream received %d calls, want 2", err, up.calls.Load())
	}
}

// The caller that started a call gives up early: it gets its own timeout, and
// the call goes on for the others, who get the answer.
func TestImpatientWaiterTimesOutAlone(t *testing.T) {
	up := newFakeUpstream(t, 500*time.Millisecond)
	c := fakeClient(t, up, 0)
	short, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	first := make(chan error, 1)
	go func() {
		_, err := c.ForRequest().Do(short, instant(2))
		first <- err
	}()
	time.Sleep(30 * time.Millisecond) // the impatient one starts the call
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := c.ForRequest().Do(context.Background(), instant(2))
			if err != nil || len(s) != 2 {
				t.Errorf("a patient waiter: %v, %d series", err, len(s))
			}
		}()
	}
	err := <-first
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), `connection "prom" did not answer within the time limit`) {
		t.Errorf("the impatient waiter: want its own timeout error, got %v", err)
	}
	wg.Wait()
	if n := up.calls.Load(); n != 1 {
		t.Errorf("upstream received %d calls, want 1", n)
	}
}

// When every waiter has given up, the upstream call is cancelled, and the next
// identical call is sent afresh instead of joining the cancelled one.
func TestCallWithoutWaitersIsCancelled(t *testing.T) {
	up := newFakeUpstream(t, time.Hour)
	c := fakeClient(t, up, 0)
	for i := range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_, err := c.ForRequest().Do(ctx, instant(1))
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("call %d: want a timeout, got %v", i, err)
		}
		select {
		case <-up.canceled:
		case <-time.After(5 * time.Second):
			t.Fatalf("call %d: the upstream request was not cancelled when its only waiter left", i)
		}
	}
	if n := up.calls.Load(); n != 2 {
		t.Errorf("upstream received %d calls, want 2", n)
	}
}

func TestCacheBoundsEvictTheOldest(t *testing.T) {
	up := newFakeUpstream(t, 0)
	c := fakeClient(t, up, 0)
	c.shared.maxEntries, c.shared.maxPoints = 3, 100 // an answer of n series costs 2n
	get := func(n int) (sent bool) {
		req := c.ForRequest()
		if _, err := req.Do(context.Background(), instant(n)); err != nil {
			t.Fatal(err)
		}
		return req.Made() == 1
	}
	for n := 1; n <= 4; n++ {
		get(n)
	}
	if st := c.Stats(); st.Entries != 3 || st.Points != 2*(2+3+4) {
		t.Fatalf("after 4 answers with room for 3: %+v", st)
	}
	if get(4) || get(2) || !get(1) {
		t.Error("want 2 and 4 cached and 1, the oldest, evicted")
	}
	// 1 came back and pushed out 2, the oldest; then 46 series (cost 92) push
	// out 3 and 4, the oldest after it, to make room.
	get(46)
	if st := c.Stats(); st.Entries != 2 || st.Points != 2*(1+46) {
		t.Errorf("after an answer of cost 92 with room for 100: %+v", st)
	}
	get(60) // cost 120: larger than the whole cache, never cached
	if st := c.Stats(); st.Entries != 2 || st.Points != 2*(1+46) || !get(60) {
		t.Errorf("an answer larger than the cache must not be cached nor evict others: %+v", st)
	}
	t.Logf("stats %+v, upstream calls %d", c.Stats(), up.calls.Load())
}

// Expired answers leave memory without waiting for the next call.
func TestExpiredAnswersAreSwept(t *testing.T) {
	up := newFakeUpstream(t, 0)
	c := fakeClient(t, up, 1)
	for n := 1; n <= 3; n++ {
		if _, err := c.ForRequest().Do(context.Background(), instant(n)); err != nil {
			t.Fatal(err)
		}
	}
	if st := c.Stats(); st.Entries != 3 {
		t.Fatalf("want 3 cached answers, got %+v", st)
	}
	deadline := time.Now().Add(5 * time.Second)
	for c.Stats().Entries != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("expired answers still held: %+v", c.Stats())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Each caller gets its own slice of series: reordering or replacing them
// cannot change what the cache serves next.
func TestCallersCannotAlterTheCache(t *testing.T) {
	up := newFakeUpstream(t, 0)
	c := fakeClient(t, up, 0)
	first, err := c.ForRequest().Do(context.Background(), instant(3))
	if err != nil {
		t.Fatal(err)
	}
	first[0], first[2] = first[2], first[0]
	first[1].Labels = map[string]string{"i": "changed"}
	again, err := c.ForRequest().Do(context.Background(), instant(3))
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range again {
		if want := fmt.Sprintf("%03d", i); s.Labels["i"] != want {
			t.Errorf("series %d: labels %v, want i=%s", i, s.Labels, want)
		}
	}
	if up.calls.Load() != 1 {
		t.Errorf("upstream received %d calls, want 1", up.calls.Load())
	}
}

func TestCacheSecondsSetting(t *testing.T) {
	for _, tc := range []struct {
		seconds int
		ttl     time.Duration
		err     string
	}{
		{0, DefaultCacheTTL, ""},
		{1, time.Second, ""},
		{30, 30 * time.Second, ""},
		{MaxCacheSeconds, MaxCacheSeconds * time.Second, ""},
		{MaxCacheSeconds + 1, 0, "cacheSeconds must be at most 300"},
		{86400, 0, "cacheSeconds must be at most 300"},
		{-1, 0, ""},
		{-3600, 0, ""},
	} {
		conn := Connection{Name: "p", URL: "http://127.0.0.1:9090", CacheSeconds: tc.seconds}
		err := conn.Validate()
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("cacheSeconds %d: refused: %v", tc.seconds, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("cacheSeconds %d: want an error saying %q, got %v", tc.seconds, tc.err, err)
		case tc.err == "" && conn.cacheTTL() != tc.ttl:
			t.Errorf("cacheSeconds %d: TTL %s, want %s", tc.seconds, conn.cacheTTL(), tc.ttl)
		}
	}
}
