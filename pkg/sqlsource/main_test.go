package sqlsource_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/northstar/kpi/internal/sqltest"
)

// dbs are the three loaded test databases, shared by the package's tests.
var (
	data = sqltest.Default()
	dbs  = map[string]*sqltest.DB{}
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "northstar-sqlite-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := func() int {
		for _, dialect := range sqltest.Dialects {
			db, err := sqltest.Open(dialect, data, dir)
			if err != nil {
				fmt.Fprintln(os.Stderr, "FAIL: cannot set up the test databases:", err)
				return 1
			}
			defer db.Close()
			dbs[dialect] = db
		}
		return m.Run()
	}()
	os.RemoveAll(dir)
	os.Exit(code)
}
