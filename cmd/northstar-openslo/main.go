// Command northstar-openslo converts a KPI catalog to OpenSLO v1 documents and
// OpenSLO documents to catalog KPIs, reporting on standard error everything that
// cannot be converted (docs/openslo.md).
//
//	go run ./cmd/northstar-openslo export -catalog provisioning/catalog/catalog.yaml -out slos.openslo.yaml
//	go run ./cmd/northstar-openslo import -source prom=prometheus -out catalog.yaml slos.openslo.yaml more.yaml
//
// It exits with 0 when the input was read (whatever was not converted is
// reported), 1 on invalid input (a catalog with problems, YAML that is no
// OpenSLO) and 2 on a usage error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/openslo"
)

const usage = `usage:
  northstar-openslo export -catalog catalog.yaml [-source name=type]... [-out file]
  northstar-openslo import [-source name=type]... [-out file] [file.yaml ...]   (no file or "-": standard input)

-source names a connection of the datasource and its type (prometheus, postgres, mysql, sqlite):
export writes SQL KPIs with that type, import gives KPIs the connection of their metric source's type.`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the command without the process around it, so that tests can drive it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	switch args[0] {
	case "export":
		return export(args[1:], stdout, stderr)
	case "import":
		return importCmd(args[1:], stdin, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "unknown command %q\n%s\n", args[0], usage)
	return 2
}

// sources is the repeatable -source name=type flag.
type sources map[string]string

func (s sources) String() string { return fmt.Sprint(map[string]string(s)) }

func (s sources) Set(v string) error {
	name, typ, ok := strings.Cut(v, "=")
	typ = strings.ToLower(strings.TrimSpace(typ))
	if !ok || strings.TrimSpace(name) == "" {
		return errors.New("want name=type, e.g. prom=prometheus or shop=postgres")
	}
	switch typ {
	case "prometheus", "postgres", "mysql", "sqlite":
	default:
		return fmt.Errorf("type %q: want prometheus, postgres, mysql or sqlite", typ)
	}
	s[strings.TrimSpace(name)] = typ
	return nil
}

func flags(name string, stderr io.Writer) (*flag.FlagSet, sources, *string) {
	fs := flag.NewFlagSet("northstar-openslo "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := sources{}
	fs.Var(src, "source", "a connection and its type, name=type (repeatable)")
	out := fs.String("out", "", "output file (default: standard output)")
	return fs, src, out
}

func export(args []string, stdout, stderr io.Writer) int {
	fs, src, out := flags("export", stderr)
	catalogPath := fs.String("catalog", "", "the KPI catalog (YAML)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *catalogPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	cat, err := catalog.ReadFile(*catalogPath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	res, err := openslo.Export(cat, openslo.ExportOptions{Sources: src})
	if err == nil {
		err = write(*out, res.YAML, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	printReport(stderr, "not converted to OpenSLO fields", res.NotConverted)
	return 0
}

func importCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs, src, out := flags("import", stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	var inputs []openslo.Input
	for _, f := range files {
		var data []byte
		var err error
		if f == "-" {
			data, err = io.ReadAll(stdin)
			f = "stdin"
		} else {
			data, err = os.ReadFile(f)
		}
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		inputs = append(inputs, openslo.Input{Name: f, Data: data})
	}
	res, err := openslo.Import(inputs, openslo.ImportOptions{Sources: src})
	if err == nil {
		err = write(*out, res.Catalog, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stderr, "%d KPI(s) converted\n", len(res.KPIs))
	printReport(stderr, "not converted (or converted with the assumption given)", res.NotConverted)
	return 0
}

func printReport(w io.Writer, title string, entries []openslo.Entry) {
	if len(entries) == 0 {
		return
	}
	fmt.Fprintf(w, "%d %s:\n", len(entries), title)
	for _, e := range entries {
		fmt.Fprintf(w, "  %s\n", e)
	}
}

func write(path string, data []byte, stdout io.Writer) error {
	if path == "" {
		_, err := stdout.Write(data)
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
