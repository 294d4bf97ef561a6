package sqlsource

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Statement is SQL text with its bound parameters, in placeholder order.
type Statement struct {
	SQL  string
	Args []any
}

// key identifies a statement for deduplication within a request.
func (s Statement) key() string {
	var b strings.Builder
	b.WriteString(s.SQL)
	for _, a := range s.Args {
		// Length-prefixed, so that no value can forge the boundary to the next.
		v := fmt.Sprintf("%T:%v", a, a)
		fmt.Fprintf(&b, "\x00%d:%s", len(v), v)
	}
	return b.String()
}

// params collects bound values while SQL is put together in any order: bind
// returns a marker, and render replaces the markers by the dialect's
// placeholders in text order, so that positional ? parameters line up.
type params struct {
	values []any
}

var markerRE = regexp.MustCompile("\x00p([0-9]+)\x00")

// bind records a value and returns its marker.
func (p *params) bind(v any) string {
	p.values = append(p.values, v)
	return fmt.Sprintf("\x00p%d\x00", len(p.values)-1)
}

// render turns marked SQL into a statement for the dialect.
func (p *params) render(d Dialect, sql string) Statement {
	var args []any
	text := markerRE.ReplaceAllStringFunc(sql, func(m string) string {
		i, _ := strconv.Atoi(markerRE.FindStringSubmatch(m)[1])
		args = append(args, p.values[i])
		return d.Placeholder(len(args))
	})
	return Statement{SQL: text, Args: args}
}
