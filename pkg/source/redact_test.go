package source

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestRedactorRemovesEverySecretForm(t *testing.T) {
	const token, password = "s3cr3t-t0ken/+=", "hunter2!"
	r := NewRedactor([]string{token, password, "ab"}, [2]string{"grafana", password})
	basic := base64.StdEncoding.EncodeToString([]byte("grafana:" + password))
	cases := []struct{ name, in string }{
		{"bearer echoed", "bad request: header Authorization: Bearer " + token},
		{"basic echoed", "401: Authorization: Basic " + basic},
		{"password plain", "password " + password + " rejected"},
		{"token base64", "x-token: " + base64.StdEncoding.EncodeToString([]byte(token))},
		{"token base64 raw url", "x-token: " + base64.RawURLEncoding.EncodeToString([]byte(token))},
		{"token url-escaped", "GET /api?token=s3cr3t-t0ken%2F%2B%3D"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := r.Redact(c.in)
			for _, secret := range []string{token, password, basic, base64.StdEncoding.EncodeToString([]byte(token)), base64.RawURLEncoding.EncodeToString([]byte(token)), "s3cr3t-t0ken%2F%2B%3D"} {
				if strings.Contains(out, secret) {
					t.Errorf("%q still holds a secret form %q", out, secret)
				}
			}
			if !strings.Contains(out, Redacted) {
				t.Errorf("%q says nothing was removed", out)
			}
		})
	}
	if got := r.Redact("a cab at abbey road"); got != "a cab at abbey road" {
		t.Errorf("a two-letter secret redacted ordinary text: %q", got)
	}
	var none *Redactor
	if none.Redact("text") != "text" {
		t.Error("a nil redactor must leave text alone")
	}
}
