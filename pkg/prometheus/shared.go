package prometheus

import (
	"container/list"
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/northstar/kpi/pkg/source"
)

// Shared upstream calls (docs/limits.md, "Shared upstream calls and the cache").
//
// A dashboard opened by 50 viewers at once sends 50 identical requests. A Client
// serves every request on its connection, so this is where their identical calls
// meet: a call already in flight is joined instead of sent again, and a
// successful answer is kept for a few seconds for the identical calls that come
// just after it. A call is identical when its final PromQL, start, end and step
// are (Call.key); the connection (URL and credentials) is the Client's own, so
// viewers only ever share answers they could have asked for themselves.

const (
	// DefaultCacheTTL is how long an answer is shared when cacheSeconds is 0.
	DefaultCacheTTL = 10 * time.Second
	// MaxCacheSeconds bounds cacheSeconds: the cache absorbs bursts of viewers;
	// it is not meant to serve data older than a dashboard refresh.
	MaxCacheSeconds = 300
	// DefaultCacheEntries and DefaultCachePoints bound the cache of one
	// connection: at most this many answers, holding at most this many points
	// and series in all (a point is 32 bytes, so about 32 MB with the labels).
	// The oldest answers are evicted first; an answer larger than
	// DefaultCachePoints on its own is not cached at all.
	DefaultCacheEntries = 1000
	DefaultCachePoints  = 1000000
)

// Stats count a Client's calls, for tests, benchmarks and the docs.
type Stats struct {
	// Sent is the number of calls sent upstream.
	Sent int64
	// Joined is the number of calls that waited for an identical call in flight.
	Joined int64
	// Hits is the number of calls answered from the cache.
	Hits int64
	// Entries and Points are what the cache holds now (points and series).
	Entries, Points int
}

// shared is a Client's state common to all its requests. Its zero value is ready
// (clients built in tests as struct literals have one).
type shared struct {
	mu      sync.Mutex
	flights map[string]*flight
	entries map[string]*list.Element // of *entry
	queue   list.List                // entries, oldest first
	points  int
	stats   Stats
	// sweeping is set while a timer is due to drop expired answers.
	sweeping bool
	// Test hooks; zero means time.Now and the default bounds.
	now                   func() time.Time
	maxEntries, maxPoints int
}

// flight is one upstream call and the callers waiting for it.
type flight struct {
	done    chan struct{} // closed once the reply is set
	reply   reply
	err     error
	waiters int
	cancel  context.CancelFunc
}

type entry struct {
	key     string
	reply   reply
	cost    int
	expires time.Time
}

// Stats returns the Client's counters.
func (c *Client) Stats() Stats {
	s := &c.shared
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Entries, st.Points = s.queue.Len(), s.points
	return st
}

func (s *shared) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

func (s *shared) bounds() (entries, points int) {
	entries, points = DefaultCacheEntries, DefaultCachePoints
	if s.maxEntries > 0 {
		entries = s.maxEntries
	}
	if s.maxPoints > 0 {
		points = s.maxPoints
	}
	return entries, points
}

// share answers a call from the cache, from an identical call in flight, or by
// sending it; sent tells whether this caller sent it (whatever the outcome), so
// that each request counts only the calls it caused. The caller waits only as
// long as its own context allows: when it gives up, it gets its own timeout or
// cancellation error and the call goes on for the callers still waiting.
func (c *Client) share(ctx context.Context, key string, call Call) (r reply, sent bool, err error) {
	s := &c.shared
	s.mu.Lock()
	if s.flights == nil {
		s.flights, s.entries = map[string]*flight{}, map[string]*list.Element{}
	}
	if e, ok := s.lookup(key); ok {
		s.stats.Hits++
		s.mu.Unlock()
		return e.reply, false, nil
	}
	if err := ctx.Err(); err != nil {
		// A caller that has already given up starts nothing.
		s.mu.Unlock()
		return reply{}, false, c.explain(err)
	}
	f, ok := s.flights[key]
	if ok {
		s.stats.Joined++
	} else {
		f = c.launch(ctx, key, call)
		sent = true
	}
	f.waiters++
	s.mu.Unlock()

	select {
	case <-f.done:
		return f.reply, sent, f.err
	case <-ctx.Done():
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-f.done: // answered while this caller was giving up: take it
		return f.reply, sent, f.err
	default:
	}
	f.waiters--
	if f.waiters == 0 {
		// Nobody waits any more: stop the upstream call, and forget it, so that
		// the next identical call starts afresh instead of joining a cancelled one.
		f.cancel()
		if s.flights[key] == f {
			delete(s.flights, key)
		}
	}
	return reply{}, sent, c.explain(ctx.Err())
}

// launch starts the upstream call of a flight; s.mu is held. The call does not
// run under the context of the caller that happened to start it: that caller may
// have the shortest deadline of all. It runs until the connection's timeout, or
// until the last waiter gives up (share), and keeps the starting caller's values
// (tracing) only.
func (c *Client) launch(ctx context.Context, key string, call Call) *flight {
	s := &c.shared
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.conn.timeout())
	f := &flight{done: make(chan struct{}), cancel: cancel}
	s.flights[key] = f
	s.stats.Sent++
	sentAt := s.clock()
	go func() {
		defer cancel()
		r, err := c.runGuarded(fctx, call)
		s.mu.Lock()
		defer s.mu.Unlock()
		f.reply, f.err = r, err
		if s.flights[key] == f {
			delete(s.flights, key)
		}
		// Errors are never cached: the next call tries the upstream again.
		if err == nil {
			s.store(key, r, sentAt, c.conn.cacheTTL())
		}
		close(f.done)
	}()
	return f
}

// runGuarded is run in the flight's own goroutine, outside the recover of the
// query that started it: a panic becomes the call's error instead of ending the
// plugin process.
func (c *Client) runGuarded(ctx context.Context, call Call) (r reply, err error) {
	defer func() {
		if p := recover(); p != nil {
			log.DefaultLogger.Error("upstream call panicked", "connection", c.conn.Name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			r, err = reply{}, fmt.Errorf("internal error while reading the answer of connection %q; see the Grafana server log", c.conn.Name)
		}
	}()
	return c.run(ctx, call)
}

// lookup finds an unexpired answer; s.mu is held.
func (s *shared) lookup(key string) (*entry, bool) {
	el, ok := s.entries[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*entry)
	if !s.clock().Before(e.expires) {
		s.remove(el)
		return nil, false
	}
	return e, true
}

// store caches an answer asked for at sentAt until sentAt+ttl: the TTL counts
// from when the upstream was asked, so no answer is served longer than ttl
// after it was computed, however slow the call. s.mu is held.
func (s *shared) store(key string, r reply, sentAt time.Time, ttl time.Duration) {
	maxEntries, maxPoints := s.bounds()
	cost := costOf(r.series)
	expires := sentAt.Add(ttl)
	if ttl <= 0 || cost > maxPoints || !s.clock().Before(expires) {
		return
	}
	if el, ok := s.entries[key]; ok {
		s.remove(el)
	}
	s.dropExpired()
	s.entries[key] = s.queue.PushBack(&entry{key: key, reply: r, cost: cost, expires: expires})
	s.points += cost
	// The queue is in the order answers arrived: the front holds the oldest.
	for s.queue.Len() > maxEntries || s.points > maxPoints {
		s.remove(s.queue.Front())
	}
	if !s.sweeping {
		// Without a sweep, the answers of a burst would stay in memory until the
		// next call on the connection, however long that takes.
		s.sweeping = true
		time.AfterFunc(ttl, s.sweep)
	}
}

// dropExpired removes every expired answer; s.mu is held. The cache holds at
// most DefaultCacheEntries answers, so a full pass is cheap, and it is needed:
// answers arrive in the order calls finish, not in the order they were sent, so
// expired ones are not all at the front.
func (s *shared) dropExpired() {
	now := s.clock()
	for el := s.queue.Front(); el != nil; {
		next := el.Next()
		if !now.Before(el.Value.(*entry).expires) {
			s.remove(el)
		}
		el = next
	}
}

// sweep drops expired answers while the cache holds any, every TTL at most.
func (s *shared) sweep() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropExpired()
	if s.queue.Len() == 0 {
		s.sweeping = false
		return
	}
	next := s.queue.Front().Value.(*entry).expires
	for el := s.queue.Front(); el != nil; el = el.Next() {
		if e := el.Value.(*entry).expires; e.Before(next) {
			next = e
		}
	}
	time.AfterFunc(max(next.Sub(s.clock()), 10*time.Millisecond), s.sweep)
}

func (s *shared) remove(el *list.Element) {
	e := s.queue.Remove(el).(*entry)
	delete(s.entries, e.key)
	s.points -= e.cost
}

// costOf is what an answer weighs in the cache: its points, and one per series
// so that answers of many empty series count too.
func costOf(series []source.Series) int {
	n := len(series)
	for _, s := range series {
		n += len(s.Points)
	}
	return n
}
