package source

import (
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
)

// Redacted replaces a secret in upstream text.
const Redacted = "[redacted]"

// minSecret is the shortest secret redacted: replacing every "a" of a message
// for a one-letter password would leave nothing to read (and says nothing).
const minSecret = 4

// Redactor removes a connection's secrets from text an upstream sent back (an
// error body that echoes the Authorization header, a proxy's error page)
// before it is shown to a user or logged: each secret as it is, URL-escaped,
// and in the base64 forms that HTTP authentication puts on the wire.
type Redactor struct {
	forms []string // longest first, so that a form inside another goes with it
}

// NewRedactor redacts the secrets given; basic holds user:password pairs, whose
// base64 form is what Basic authentication sends.
func NewRedactor(secrets []string, basic ...[2]string) *Redactor {
	r := &Redactor{}
	add := func(s string) {
		if len(s) >= minSecret && !slices.Contains(r.forms, s) {
			r.forms = append(r.forms, s)
		}
	}
	encodings := []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding}
	for _, s := range secrets {
		add(s)
		add(url.QueryEscape(s))
		for _, e := range encodings {
			add(e.EncodeToString([]byte(s)))
		}
	}
	for _, p := range basic {
		if p[1] == "" {
			continue
		}
		for _, e := range encodings {
			add(e.EncodeToString([]byte(p[0] + ":" + p[1])))
		}
	}
	slices.SortFunc(r.forms, func(a, b string) int { return len(b) - len(a) })
	return r
}

// Redact returns text without any of the secrets.
func (r *Redactor) Redact(text string) string {
	if r == nil {
		return text
	}
	for _, f := range r.forms {
		text = strings.ReplaceAll(text, f, Redacted)
	}
	return text
}
