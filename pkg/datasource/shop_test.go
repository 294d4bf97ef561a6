package datasource

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// The example catalog's SQL KPIs read the demo shop (cmd/seed-sql), as docker
// compose loads it into PostgreSQL. Tests that serve the example catalog load
// the same file, ending where the Prometheus history ends, into a database of
// the local PostgreSQL (127.0.0.1:5432) and point the connection "shop" there.

const testPostgres = "127.0.0.1:5432"

var shop struct {
	once     sync.Once
	database string
	err      error
}

// cleanups run after the package's tests (TestMain).
var cleanups []func()

// shopConnection is the jsonData entry of the connection "shop".
func shopConnection(t testing.TB) map[string]any {
	t.Helper()
	shop.once.Do(func() { shop.database, shop.err = loadShop() })
	if shop.err != nil {
		t.Fatalf("the demo shop database: %v", shop.err)
	}
	return map[string]any{"name": "shop", "type": "postgres", "host": testPostgres, "database": shop.database, "user": "postgres", "timeoutSeconds": 10}
}

func loadShop() (string, error) {
	name := fmt.Sprintf("northstar_test_shop_%d", os.Getpid())
	admin, err := sql.Open("pgx", "postgres://postgres@"+testPostgres+"/test?sslmode=disable")
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name); err != nil {
		return "", fmt.Errorf("PostgreSQL on %s is needed (scripts/start-databases.sh starts it): %w", testPostgres, err)
	}
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		return "", err
	}
	cleanups = append(cleanups, func() {
		if a, err := sql.Open("pgx", "postgres://postgres@"+testPostgres+"/test?sslmode=disable"); err == nil {
			_, _ = a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	})
	dir, err := os.MkdirTemp("", "northstar-shop-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "shop.sql")
	gen := exec.Command("go", "run", "../../cmd/seed-sql", "-days", "30", "-end", dataset.End.Format(time.RFC3339), "-out", file)
	if out, err := gen.CombinedOutput(); err != nil {
		return "", fmt.Errorf("cmd/seed-sql: %v\n%s", err, out)
	}
	host, port, _ := strings.Cut(testPostgres, ":")
	load := exec.Command("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port, "-U", "postgres", "-d", name, "-f", file)
	if out, err := load.CombinedOutput(); err != nil {
		return "", fmt.Errorf("psql (postgresql-client is needed): %v\n%s", err, out)
	}
	return name, nil
}
