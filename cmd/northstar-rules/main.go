// Command northstar-rules writes the rules for every SLO of a KPI catalog:
// Prometheus recording and alerting rules, or Grafana alert-rule provisioning that
// queries the Northstar KPI datasource (docs/rules.md).
//
//	go run ./cmd/northstar-rules -catalog provisioning/catalog/catalog.yaml -format prometheus -out slo-rules.yaml
//	go run ./cmd/northstar-rules -catalog provisioning/catalog/catalog.yaml -format grafana -datasource-uid northstar-kpi
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/rules"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command without the process around it, so that tests can drive it.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("northstar-rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	catalogPath := fs.String("catalog", "", "the KPI catalog (YAML)")
	format := fs.String("format", "prometheus", "prometheus (recording and alerting rules) or grafana (alert-rule provisioning)")
	uid := fs.String("datasource-uid", rules.DefaultDatasourceUID, "uid of the Northstar KPI datasource that Grafana rules query")
	out := fs.String("out", "", "output file (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *catalogPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: northstar-rules -catalog catalog.yaml -format prometheus|grafana [-datasource-uid uid] [-out file]")
		return 2
	}
	cat, err := catalog.ReadFile(*catalogPath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	yaml, err := generate(cat, *format, *uid)
	if err == nil {
		err = write(*out, yaml, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

func generate(cat *catalog.Catalog, format, uid string) ([]byte, error) {
	switch format {
	case "prometheus":
		f, err := rules.Prometheus(cat)
		if err != nil {
			return nil, err
		}
		return f.Marshal()
	case "grafana":
		f, err := rules.Grafana(cat, uid)
		if err != nil {
			return nil, err
		}
		return f.Marshal()
	}
	return nil, errors.New(`-format must be "prometheus" or "grafana"`)
}

func write(path string, data []byte, stdout io.Writer) error {
	if path == "" {
		_, err := stdout.Write(data)
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
