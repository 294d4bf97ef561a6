package prometheus

import (
	"fmt"
	"io"
	"net/http"
)

// LimitError is an upstream answer larger than the connection allows.
type LimitError struct {
	// What was exceeded: "bytes", "series" or "points".
	What    string
	Limit   int64
	Setting string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("the answer exceeds the limit of %d %s per upstream call", e.Limit, e.What)
}

// limitedTransport bounds every response body: an answer that declares a larger
// Content-Length fails before any of it is read, and any other fails as soon as
// its limit+1st byte is read, so a huge answer is never buffered whole.
type limitedTransport struct {
	next  http.RoundTripper
	limit int64
}

func (t *limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	next := t.next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.ContentLength > t.limit {
		resp.Body.Close()
		return nil, &LimitError{What: "bytes", Limit: t.limit, Setting: "responseLimitBytes"}
	}
	resp.Body = &limitedBody{rc: resp.Body, left: t.limit, limit: t.limit}
	return resp, nil
}

type limitedBody struct {
	rc    io.ReadCloser
	left  int64 // bytes still allowed
	limit int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, &LimitError{What: "bytes", Limit: b.limit, Setting: "responseLimitBytes"}
	}
	// Read one byte more than allowed to tell "exactly at the limit" from "over".
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return 0, &LimitError{What: "bytes", Limit: b.limit, Setting: "responseLimitBytes"}
	}
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }
