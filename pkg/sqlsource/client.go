package sqlsource

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sync"

	"github.com/northstar/kpi/pkg/catalog"
)

// Client runs statements on one connection's pool.
type Client struct {
	conn    Connection
	dialect Dialect
	db      *sql.DB
	secrets Secrets
}

// NewClient validates a connection and makes its pool (no dialling yet).
func NewClient(c Connection, s Secrets) (*Client, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	d, err := DialectOf(c.Type)
	if err != nil {
		return nil, err
	}
	db, err := c.open(s)
	if err != nil {
		return nil, fmt.Errorf("connection %q: %v", c.Name, err)
	}
	return &Client{conn: c, dialect: d, db: db, secrets: s}, nil
}

// Name is the connection's name.
func (c *Client) Name() string { return c.conn.Name }

// Dialect is the connection's SQL dialect.
func (c *Client) Dialect() Dialect { return c.dialect }

// Close closes the pool.
func (c *Client) Close() error { return c.db.Close() }

// Ping connects and runs a trivial statement, with a message a user can act on.
func (c *Client) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.conn.Timeout())
	defer cancel()
	var one int
	if err := c.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return c.explain(ctx, err)
	}
	return nil
}

// result is a statement's rows: dimension values first, then numbers (NaN for
// NULL), as the statement's builder laid them out.
type result struct {
	rows []row
}

type row struct {
	dims []string
	nums []float64
}

// run executes a read statement under the connection's timeout (capped by the
// request's deadline) and its row limit.
func (c *Client) run(ctx context.Context, st Statement, dims int) (*result, error) {
	ctx, cancel := context.WithTimeout(ctx, c.conn.Timeout())
	defer cancel()
	rows, err := c.db.QueryContext(ctx, st.SQL, st.Args...)
	if err != nil {
		return nil, c.explain(ctx, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, c.explain(ctx, err)
	}
	out := &result{}
	dimVals := make([]sql.NullString, dims)
	numVals := make([]sql.NullFloat64, len(cols)-dims)
	dest := make([]any, len(cols))
	for i := range dimVals {
		dest[i] = &dimVals[i]
	}
	for i := range numVals {
		dest[dims+i] = &numVals[i]
	}
	limit := c.conn.maxRows()
	for rows.Next() {
		if len(out.rows) >= limit {
			return nil, fmt.Errorf("the statement returned more than %d rows, the connection's row limit (maxRows); narrow the filters, choose fewer dimensions or a longer step, or raise maxRows", limit)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, c.explain(ctx, err)
		}
		r := row{dims: make([]string, dims), nums: make([]float64, len(numVals))}
		for i, v := range dimVals {
			r.dims[i] = v.String
		}
		for i, v := range numVals {
			r.nums[i] = math.NaN()
			if v.Valid {
				r.nums[i] = v.Float64
			}
		}
		out.rows = append(out.rows, r)
	}
	if err := rows.Err(); err != nil {
		return nil, c.explain(ctx, err)
	}
	return out, nil
}

// calls runs a request's statements, each distinct statement once.
type calls struct {
	client *Client
	mu     sync.Mutex
	made   int
	memo   map[string]*call
}

type call struct {
	done chan struct{}
	res  *result
	err  error
}

func (cs *calls) do(ctx context.Context, st Statement, dims int) (*result, error) {
	return cs.once(ctx, st, func() (*result, error) { return cs.client.run(ctx, st, dims) })
}

func (cs *calls) doRaw(ctx context.Context, st Statement, k *catalog.KPI) (*result, error) {
	return cs.once(ctx, st, func() (*result, error) { return cs.client.runRaw(ctx, st, k) })
}

// once runs a statement unless the request already ran (or is running) it.
func (cs *calls) once(ctx context.Context, st Statement, run func() (*result, error)) (*result, error) {
	key := st.key()
	cs.mu.Lock()
	if c, ok := cs.memo[key]; ok {
		cs.mu.Unlock()
		select {
		case <-c.done:
			return c.res, c.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	c := &call{done: make(chan struct{})}
	cs.memo[key] = c
	cs.made++
	cs.mu.Unlock()
	c.res, c.err = run()
	close(c.done)
	return c.res, c.err
}

func (cs *calls) count() int {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.made
}

// TryWrite runs a writing statement on a session of the pool, for tests and
// the health check's proof that sessions are read-only: it must fail.
func (c *Client) TryWrite(ctx context.Context, stmt string) error {
	ctx, cancel := context.WithTimeout(ctx, c.conn.Timeout())
	defer cancel()
	if _, err := c.db.ExecContext(ctx, stmt); err != nil {
		return c.explain(ctx, err)
	}
	return nil
}
