package prometheus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"
)

// Call is one upstream query: a range query when Step > 0, else an instant query at End.
type Call struct {
	Query      string
	Start, End time.Time
	Step       time.Duration
}

func (c Call) key() string {
	return fmt.Sprintf("%s|%d|%d|%d", c.Query, c.Start.UnixMilli(), c.End.UnixMilli(), c.Step)
}

// Calls makes upstream calls for one request: identical calls are made once and
// their answer shared, and every call honours the request's context. Across
// requests, the Client shares calls in flight and caches answers (shared.go).
type Calls struct {
	client *Client
	mu     sync.Mutex
	memo   map[string]answer
	made   int
}

// answer is a call's outcome kept for the rest of the request.
type answer struct {
	reply
	err error
}

// reply is what the upstream answered: the series, and the warnings and infos
// that came with them (shown as frame notices, as Grafana's Prometheus
// datasource does).
type reply struct {
	series  []source.Series
	notices []source.Notice
}

// ForRequest starts a set of deduplicated calls for one request.
func (c *Client) ForRequest() *Calls {
	return &Calls{client: c, memo: map[string]answer{}}
}

// Made is the number of upstream calls this request sent: calls answered from
// the connection's cache, or by joining another request's identical call in
// flight, are not counted, so that the counts of all requests add up to the
// calls the upstream received (Client.Stats).
func (cs *Calls) Made() int {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.made
}

// Client is the connection the calls go to.
func (cs *Calls) Client() *Client { return cs.client }

// Do runs a call, or takes the answer of an identical one: made earlier in the
// request, in flight, or cached. The series returned are the caller's own slice,
// but their Labels and Points are shared with other callers and the cache, and
// must not be modified.
func (cs *Calls) Do(ctx context.Context, call Call) ([]source.Series, error) {
	key := call.key()
	cs.mu.Lock()
	a, ok := cs.memo[key]
	cs.mu.Unlock()
	if !ok {
		// Identical calls of the request that run concurrently meet in the
		// Client's flight, so they too are sent once.
		var sent bool
		a.reply, sent, a.err = cs.client.share(ctx, key, call)
		cs.mu.Lock()
		if sent {
			cs.made++
		}
		// An upstream error is kept for the request like an answer, so that it
		// is not sent again by each of its queries; an error of this caller's
		// own context is not: another query may still have time to wait.
		if a.err == nil || ctx.Err() == nil {
			cs.memo[key] = a
		}
		cs.mu.Unlock()
	}
	source.Notify(ctx, a.notices...)
	return slices.Clone(a.series), a.err
}

func (c *Client) run(ctx context.Context, call Call) (reply, error) {
	ctx, cancel := context.WithTimeout(ctx, c.conn.timeout())
	defer cancel()
	var val model.Value
	var warnings v1.Warnings
	var infos v1.Infos
	var err error
	if call.Step > 0 {
		val, warnings, infos, err = c.api.QueryRange(ctx, call.Query, v1.Range{Start: call.Start, End: call.End, Step: call.Step})
	} else {
		val, warnings, infos, err = c.api.Query(ctx, call.Query, call.End)
	}
	if err != nil {
		return reply{}, c.explain(err)
	}
	if err := checkType(call, val); err != nil {
		return reply{}, fmt.Errorf("connection %q returned an unusable answer: %w", c.conn.Name, err)
	}
	if err := c.checkSize(val); err != nil {
		return reply{}, c.explain(err)
	}
	series, err := toSeries(val)
	if err != nil {
		return reply{}, fmt.Errorf("connection %q returned an unusable answer: %w", c.conn.Name, err)
	}
	return reply{series: series, notices: c.notices(warnings, infos)}, nil
}

// checkType refuses an answer of another kind than the call asks for: a range
// query answers a matrix, an instant query a vector or a scalar.
func checkType(call Call, val model.Value) error {
	if val == nil {
		return nil // toSeries names it
	}
	switch t := val.Type(); {
	case call.Step > 0 && t != model.ValMatrix:
		return fmt.Errorf("a range query was answered with a %s, not a matrix", t)
	case call.Step == 0 && t != model.ValVector && t != model.ValScalar:
		return fmt.Errorf("an instant query was answered with a %s, not a vector or a scalar", t)
	}
	return nil
}

func (c *Client) notices(warnings v1.Warnings, infos v1.Infos) []source.Notice {
	var out []source.Notice
	for _, w := range warnings {
		out = append(out, source.Notice{Warning: true, Text: fmt.Sprintf("connection %q: %s", c.conn.Name, c.redact.Redact(firstLine(w)))})
	}
	for _, i := range infos {
		out = append(out, source.Notice{Text: fmt.Sprintf("connection %q: %s", c.conn.Name, c.redact.Redact(firstLine(i)))})
	}
	return out
}

// checkSize bounds the series and the points of one answer.
func (c *Client) checkSize(val model.Value) error {
	var series, points int
	switch v := val.(type) {
	case model.Matrix:
		series = len(v)
		for _, s := range v {
			points += len(s.Values) + len(s.Histograms)
		}
	case model.Vector:
		series, points = len(v), len(v)
	}
	if max := c.conn.maxSeries(); series > max {
		return &LimitError{What: "series", Limit: int64(max), Setting: "maxSeries"}
	}
	if max := c.conn.maxPoints(); points > max {
		return &LimitError{What: "points", Limit: int64(max), Setting: "maxPoints"}
	}
	return nil
}

func toSeries(val model.Value) ([]source.Series, error) {
	switch v := val.(type) {
	case model.Matrix:
		out := make([]source.Series, 0, len(v))
		for _, s := range v {
			pts := make([]kpimath.Point, len(s.Values))
			for i, p := range s.Values {
				pts[i] = kpimath.Point{T: p.Timestamp.Time(), V: float64(p.Value)}
			}
			out = append(out, source.Series{Labels: labelMap(s.Metric), Points: pts})
		}
		return source.SortSeries(out), nil
	case model.Vector:
		out := make([]source.Series, 0, len(v))
		for _, s := range v {
			out = append(out, source.Series{Labels: labelMap(s.Metric), Points: []kpimath.Point{{T: s.Timestamp.Time(), V: float64(s.Value)}}})
		}
		return source.SortSeries(out), nil
	case *model.Scalar:
		return []source.Series{{Labels: map[string]string{}, Points: []kpimath.Point{{T: v.Timestamp.Time(), V: float64(v.Value)}}}}, nil
	case nil:
		return nil, errors.New("no result in the answer")
	default:
		return nil, fmt.Errorf("unexpected result type %q", val.Type())
	}
}

func labelMap(m model.Metric) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		if k != model.MetricNameLabel {
			out[string(k)] = string(v)
		}
	}
	return out
}

// explain turns a transport or API error into a message a user can act on.
func (c *Client) explain(err error) error {
	e := c.describe(err)
	if msg := c.redact.Redact(e.Error()); msg != e.Error() {
		return &redactedError{msg: msg, cause: e}
	}
	return e
}

// redactedError is an error whose text had a secret taken out; it still is
// what it was for errors.Is (a timeout stays a timeout).
type redactedError struct {
	msg   string
	cause error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.cause }

// upstreamText is what the upstream said in the body of an error answer: the
// "error" of a Prometheus JSON body ("too many concurrent queries"), else the
// body's first line; "" when the body says nothing.
func upstreamText(apiErr *v1.Error) string {
	var body struct {
		Error string `json:"error"`
	}
	if json.Unmarshal([]byte(apiErr.Detail), &body) == nil && body.Error != "" {
		return firstLine(body.Error)
	}
	if strings.HasPrefix(strings.TrimSpace(apiErr.Detail), "<") {
		return "" // an HTML error page: its first line is markup
	}
	return firstLine(strings.TrimSpace(apiErr.Detail))
}

// withBody adds the upstream's own words to a status message.
func withBody(msg string, apiErr *v1.Error) string {
	if t := upstreamText(apiErr); t != "" {
		return msg + ": " + t
	}
	return msg
}

func (c *Client) describe(err error) error {
	name := c.conn.Name
	var apiErr *v1.Error
	var netErr net.Error
	var limErr *LimitError
	switch {
	case errors.As(err, &limErr):
		return fmt.Errorf("connection %q: %s; narrow the query (filters, a shorter range, a coarser step) or raise the connection setting %s (docs/limits.md)", name, limErr.Error(), limErr.Setting)
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()):
		return &timeoutError{fmt.Sprintf("connection %q did not answer within the time limit (timeout %s or the request deadline); try a shorter range or raise the connection's timeout", name, c.conn.timeout())}
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("the request was cancelled before connection %q answered", name)
	case errors.As(err, &apiErr) && apiErr.Type == v1.ErrBadResponse:
		return fmt.Errorf("connection %q returned a malformed or truncated answer (is it a Prometheus-compatible API?): %s", name, firstLine(apiErr.Msg))
	case errors.As(err, &apiErr) && apiErr.Type == v1.ErrServer:
		return fmt.Errorf("connection %q failed with a server error (%s); check the server and any proxy in front of it", name, withBody(firstLine(apiErr.Msg), apiErr))
	case errors.As(err, &apiErr):
		return fmt.Errorf("connection %q answered with an error (%s): %s", name, apiErr.Type, withBody(firstLine(apiErr.Msg), apiErr))
	case isRefused(err):
		return fmt.Errorf("cannot reach connection %q at %s: %s; check the URL and that the server is running", name, c.conn.URL, rootCause(err))
	default:
		return fmt.Errorf("connection %q failed: %s", name, firstLine(err.Error()))
	}
}

// timeoutError is a call that did not answer in time; it is a
// context.DeadlineExceeded for errors.Is, so callers can tell timeouts apart.
type timeoutError struct{ msg string }

func (e *timeoutError) Error() string { return e.msg }
func (e *timeoutError) Unwrap() error { return context.DeadlineExceeded }

func isRefused(err error) bool {
	var opErr *net.OpError
	var dnsErr *net.DNSError
	return errors.As(err, &opErr) || errors.As(err, &dnsErr)
}

func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
