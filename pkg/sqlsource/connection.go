package sqlsource

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	mysqldrv "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver (no cgo)
)

// Connection types.
const (
	TypePostgres = "postgres"
	TypeMySQL    = "mysql"
	TypeSQLite   = "sqlite"
)

// IsSQLType tells SQL connection types from Prometheus ones.
func IsSQLType(t string) bool { return t == TypePostgres || t == TypeMySQL || t == TypeSQLite }

// Defaults for the limits a connection may leave out.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxOpenConns = 5
	DefaultMaxRows      = 100000
)

// Connection is one named SQL database from the datasource settings.
type Connection struct {
	Name string `json:"name"`
	Type string `json:"type"`
	// Host is host[:port] for postgres and mysql.
	Host     string `json:"host"`
	Database string `json:"database"`
	User     string `json:"user"`
	// TLSMode is disable, require, verify-ca or verify-full.
	TLSMode       string `json:"tlsMode"`
	TLSServerName string `json:"tlsServerName"`
	// Path is the SQLite file, opened read-only.
	Path           string `json:"path"`
	TimeoutSeconds int    `json:"timeoutSeconds"`
	MaxOpenConns   int    `json:"maxOpenConns"`
	MaxRows        int    `json:"maxRows"`
	// Dial, when set, opens the network connections to a PostgreSQL or MySQL
	// server: Grafana's secure socks proxy, set by the datasource (never JSON).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error) `json:"-"`
}

// Secrets are a connection's values from secureJsonData.
type Secrets struct {
	Password, TLSCACert, TLSClientCert, TLSClientKey string
}

// SecretsFor picks a connection's secrets out of the decrypted secureJsonData,
// where they are keyed "<prefix>.<secret>": the prefix is the connection's id
// (its name for connections without one, docs/connections.md). Of several
// prefixes the first that holds a secret wins, so that a connection given an id
// still reads what was saved under its name.
func SecretsFor(secure map[string]string, prefixes ...string) Secrets {
	get := func(secret string) string {
		for _, p := range prefixes {
			if v, ok := secure[p+"."+secret]; ok {
				return v
			}
		}
		return ""
	}
	return Secrets{
		Password:      get("password"),
		TLSCACert:     get("tlsCACert"),
		TLSClientCert: get("tlsClientCert"),
		TLSClientKey:  get("tlsClientKey"),
	}
}

// Validate reports what is wrong with a connection's settings.
func (c Connection) Validate() error {
	if c.Name == "" {
		return errors.New("a connection needs a name")
	}
	switch c.Type {
	case TypePostgres, TypeMySQL:
		if c.Host == "" {
			return fmt.Errorf("connection %q: host is required (host or host:port)", c.Name)
		}
		if c.Database == "" {
			return fmt.Errorf("connection %q: database is required", c.Name)
		}
		switch c.TLSMode {
		case "", "disable", "require", "verify-ca", "verify-full":
		default:
			return fmt.Errorf("connection %q: tlsMode must be disable, require, verify-ca or verify-full", c.Name)
		}
	case TypeSQLite:
		if !filepath.IsAbs(c.Path) {
			return fmt.Errorf("connection %q: path must be an absolute path to a SQLite file on the Grafana server", c.Name)
		}
	default:
		return fmt.Errorf("connection %q: unsupported type %q", c.Name, c.Type)
	}
	for name, v := range map[string]int{"timeoutSeconds": c.TimeoutSeconds, "maxOpenConns": c.MaxOpenConns, "maxRows": c.MaxRows} {
		if v < 0 {
			return fmt.Errorf("connection %q: %s must not be negative", c.Name, name)
		}
	}
	return nil
}

// Timeout is the statement timeout.
func (c Connection) Timeout() time.Duration {
	if c.TimeoutSeconds > 0 {
		return time.Duration(c.TimeoutSeconds) * time.Second
	}
	return DefaultTimeout
}

func (c Connection) maxOpen() int {
	if c.MaxOpenConns > 0 {
		return c.MaxOpenConns
	}
	return DefaultMaxOpenConns
}

func (c Connection) maxRows() int {
	if c.MaxRows > 0 {
		return c.MaxRows
	}
	return DefaultMaxRows
}

// open makes the connection's pool. Every session is read-only and has a
// statement timeout; nothing is dialled until the first statement.
func (c Connection) open(s Secrets) (*sql.DB, error) {
	var db *sql.DB
	switch c.Type {
	case TypePostgres:
		cfg, err := c.postgresConfig(s)
		if err != nil {
			return nil, err
		}
		db = stdlib.OpenDB(*cfg)
	case TypeMySQL:
		cfg, err := c.mysqlConfig(s)
		if err != nil {
			return nil, err
		}
		inner, err := mysqldrv.NewConnector(cfg)
		if err != nil {
			return nil, err
		}
		db = sql.OpenDB(&readOnlyMySQL{Connector: inner, timeout: c.Timeout()})
	case TypeSQLite:
		var err error
		if db, err = sql.Open("sqlite", c.sqliteDSN()); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unsupported type %q", c.Type)
	}
	db.SetMaxOpenConns(c.maxOpen())
	db.SetMaxIdleConns(c.maxOpen())
	db.SetConnMaxIdleTime(5 * time.Minute)
	return db, nil
}

func hostPort(host, port string) string {
	if _, _, err := net.SplitHostPort(host); err == nil {
		return host
	}
	return net.JoinHostPort(strings.Trim(host, "[]"), port)
}

func (c Connection) postgresConfig(s Secrets) (*pgx.ConnConfig, error) {
	u := url.URL{Scheme: "postgres", Host: hostPort(c.Host, "5432"), Path: "/" + c.Database}
	q := url.Values{}
	q.Set("sslmode", "disable")
	u.RawQuery = q.Encode()
	cfg, err := pgx.ParseConfig(u.String())
	if err != nil {
		return nil, fmt.Errorf("invalid host or database: %v", err)
	}
	cfg.User, cfg.Password = c.User, s.Password
	cfg.ConnectTimeout = 10 * time.Second
	cfg.RuntimeParams["default_transaction_read_only"] = "on"
	cfg.RuntimeParams["statement_timeout"] = strconv.FormatInt(c.Timeout().Milliseconds(), 10)
	cfg.RuntimeParams["application_name"] = "northstar-kpi"
	cfg.RuntimeParams["TimeZone"] = "UTC"
	if c.Dial != nil {
		cfg.DialFunc = c.Dial
		// The proxy resolves the host: it may be known only on its side.
		cfg.LookupFunc = func(_ context.Context, host string) ([]string, error) { return []string{host}, nil }
	}
	if cfg.TLSConfig, err = c.tlsConfig(s, cfg.Host); err != nil {
		return nil, err
	}
	return cfg, nil
}

func (c Connection) mysqlConfig(s Secrets) (*mysqldrv.Config, error) {
	cfg := mysqldrv.NewConfig()
	cfg.Net, cfg.Addr, cfg.DBName = "tcp", hostPort(c.Host, "3306"), c.Database
	cfg.User, cfg.Passwd = c.User, s.Password
	cfg.ParseTime, cfg.Loc = true, time.UTC
	cfg.Timeout = 10 * time.Second
	cfg.Params = map[string]string{"time_zone": "'+00:00'"}
	if c.Dial != nil {
		cfg.DialFunc = c.Dial
	}
	host, _, _ := net.SplitHostPort(cfg.Addr)
	tlsCfg, err := c.tlsConfig(s, host)
	if err != nil {
		return nil, err
	}
	if tlsCfg != nil {
		cfg.TLS = tlsCfg
	}
	return cfg, nil
}

// sqliteDSN opens the file read-only (mode=ro never creates it) and refuses
// writes on the session too (query_only).
func (c Connection) sqliteDSN() string {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", "query_only(1)")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", c.Timeout().Milliseconds()))
	return "file:" + (&url.URL{Path: c.Path}).EscapedPath() + "?" + q.Encode()
}

// tlsConfig is nil for tlsMode disable (or unset).
func (c Connection) tlsConfig(s Secrets, host string) (*tls.Config, error) {
	if c.TLSMode == "" || c.TLSMode == "disable" {
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: host}
	if c.TLSServerName != "" {
		cfg.ServerName = c.TLSServerName
	}
	if s.TLSCACert != "" {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM([]byte(s.TLSCACert)) {
			return nil, errors.New("the TLS CA certificate is not valid PEM")
		}
		cfg.RootCAs = pool
	}
	if s.TLSClientCert != "" || s.TLSClientKey != "" {
		pair, err := tls.X509KeyPair([]byte(s.TLSClientCert), []byte(s.TLSClientKey))
		if err != nil {
			return nil, errors.New("the TLS client certificate and key do not form a valid pair")
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	switch c.TLSMode {
	case "require":
		cfg.InsecureSkipVerify = true
	case "verify-ca":
		// Verify the chain but not the host name, as libpq's verify-ca does.
		cfg.InsecureSkipVerify = true
		cfg.VerifyPeerCertificate = verifyChain(cfg.RootCAs)
	}
	return cfg, nil
}

func verifyChain(roots *x509.CertPool) func([][]byte, [][]*x509.Certificate) error {
	return func(raw [][]byte, _ [][]*x509.Certificate) error {
		if len(raw) == 0 {
			return errors.New("the server sent no certificate")
		}
		certs := make([]*x509.Certificate, len(raw))
		for i, r := range raw {
			cert, err := x509.ParseCertificate(r)
			if err != nil {
				return err
			}
			certs[i] = cert
		}
		inter := x509.NewCertPool()
		for _, cert := range certs[1:] {
			inter.AddCert(cert)
		}
		_, err := certs[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter})
		return err
	}
}

// readOnlyMySQL sets up every new MySQL or MariaDB session: read-only, and a
// statement timeout under the variable the server has (max_execution_time on
// MySQL, max_statement_time on MariaDB).
type readOnlyMySQL struct {
	driver.Connector
	timeout time.Duration
}

func (r *readOnlyMySQL) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := r.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	exec, ok := conn.(driver.ExecerContext)
	if !ok {
		conn.Close()
		return nil, errors.New("the MySQL driver cannot run session setup")
	}
	setup := []string{
		"SET SESSION TRANSACTION READ ONLY",
		fmt.Sprintf("SET SESSION max_execution_time = %d", r.timeout.Milliseconds()),
	}
	if _, err := exec.ExecContext(ctx, setup[0], nil); err != nil {
		conn.Close()
		return nil, err
	}
	if _, err := exec.ExecContext(ctx, setup[1], nil); err != nil {
		mariadb := fmt.Sprintf("SET SESSION max_statement_time = %g", r.timeout.Seconds())
		if _, err := exec.ExecContext(ctx, mariadb, nil); err != nil {
			conn.Close()
			return nil, err
		}
	}
	return conn, nil
}
