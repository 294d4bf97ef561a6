// Command seed writes the demo history (the same deterministic counters the tests
// use) as OpenMetrics for `promtool tsdb create-blocks-from openmetrics`.
//
//	go run ./cmd/seed -days 30 -out demo.om
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/northstar/kpi/internal/seed"
)

func main() {
	days := flag.Int("days", 30, "days of history, ending now")
	out := flag.String("out", "demo.om", "output file")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// End a few minutes ago so the live demo-metrics samples follow the backfill.
	d := seed.Ending(time.Now().Add(-5*time.Minute), *days)
	if err := d.WriteOpenMetrics(f); err == nil {
		err = f.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d series from %s to %s into %s\n", len(d.Series), d.Start.Format(time.RFC3339), d.End.Format(time.RFC3339), *out)
}
