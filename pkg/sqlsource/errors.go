package sqlsource

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"

	mysqldrv "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/northstar/kpi/pkg/source"
)

// explain turns a driver error into words a user can act on. Messages name the
// connection, host and database but never a password.
func (c *Client) explain(ctx context.Context, err error) error {
	if ctx.Err() == context.DeadlineExceeded || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("connection %q: the statement did not finish within the timeout (%s, capped by the request's deadline)", c.conn.Name, c.conn.Timeout())
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("connection %q: the request was cancelled", c.conn.Name)
	}
	// A database's message may quote what it was sent (a DSN, a statement):
	// the connection's secrets are taken out of it.
	redact := source.NewRedactor([]string{c.secrets.Password, c.secrets.TLSClientKey})
	return fmt.Errorf("connection %q: %s", c.conn.Name, redact.Redact(c.describe(err)))
}

func (c *Client) describe(err error) string {
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns):
		return fmt.Sprintf("unknown host %q: check the host name", dns.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("nothing accepts connections at %s: check the host and port, and that the database server runs", c.conn.Host)
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return c.describePostgres(pg)
	}
	var my *mysqldrv.MySQLError
	if errors.As(err, &my) {
		return c.describeMySQL(my)
	}
	if c.conn.Type == TypeSQLite {
		return c.describeSQLite(err)
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return fmt.Sprintf("cannot reach %s: %v", c.conn.Host, op.Err)
	}
	return err.Error()
}

func (c *Client) describePostgres(e *pgconn.PgError) string {
	switch e.Code {
	case "28P01", "28000":
		return fmt.Sprintf("authentication failed for user %q: check the user and password", c.conn.User)
	case "3D000":
		return fmt.Sprintf("database %q does not exist on %s", c.conn.Database, c.conn.Host)
	case "42P01":
		return "table missing: " + e.Message
	case "42703":
		return "column missing: " + e.Message
	case "25006":
		return "the session is read-only, and the statement tried to write: " + e.Message
	case "57014":
		return fmt.Sprintf("the statement was cancelled after the statement timeout (%s)", c.conn.Timeout())
	case "42501":
		return "permission denied: " + e.Message + " (grant the datasource's user SELECT on the table)"
	}
	return e.Message
}

func (c *Client) describeMySQL(e *mysqldrv.MySQLError) string {
	switch e.Number {
	case 1045:
		return fmt.Sprintf("authentication failed for user %q: check the user and password", c.conn.User)
	case 1049:
		return fmt.Sprintf("database %q does not exist on %s", c.conn.Database, c.conn.Host)
	case 1146:
		return "table missing: " + e.Message
	case 1054:
		return "column missing: " + e.Message
	case 1792:
		return "the session is read-only, and the statement tried to write: " + e.Message
	case 3024, 1969:
		return fmt.Sprintf("the statement was stopped after the statement timeout (%s)", c.conn.Timeout())
	case 1142, 1044:
		return "permission denied: " + e.Message
	}
	return e.Message
}

func (c *Client) describeSQLite(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "unable to open database file") || strings.Contains(msg, "SQLITE_CANTOPEN"):
		return fmt.Sprintf("cannot open the SQLite file %q: check that it exists and that Grafana may read it", c.conn.Path)
	case strings.Contains(msg, "no such table"):
		return "table missing: " + msg
	case strings.Contains(msg, "no such column"):
		return "column missing: " + msg
	case strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only") || strings.Contains(msg, "query_only"):
		return "the session is read-only, and the statement tried to write: " + msg
	case strings.Contains(msg, "interrupted"):
		return fmt.Sprintf("the statement was interrupted after the statement timeout (%s)", c.conn.Timeout())
	}
	return msg
}
