// Package promtest starts a real Prometheus on 127.0.0.1 for tests, seeded with
// deterministic history through `promtool tsdb create-blocks-from openmetrics`.
package promtest

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/northstar/kpi/internal/seed"
)

// Server is a running Prometheus.
type Server struct {
	URL  string
	dir  string
	cmd  *exec.Cmd
	prom string
	opts Options
}

// Options change how StartWith runs Prometheus.
type Options struct {
	// RuleFiles are loaded through rule_files in Prometheus's configuration and
	// evaluated at wall-clock time.
	RuleFiles []string
}

// Start seeds a fresh TSDB with the dataset and starts Prometheus on a free port.
// The binaries come from PATH (Debian's prometheus package installs both).
func Start(d seed.Dataset) (*Server, error) {
	return StartWith(d, Options{})
}

// StartWith is Start with options.
func StartWith(d seed.Dataset, opts Options) (*Server, error) {
	prom, err := exec.LookPath("prometheus")
	if err != nil {
		return nil, fmt.Errorf("prometheus is not installed (apt-get install prometheus, or run .ci/run): %w", err)
	}
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		return nil, fmt.Errorf("promtool is not installed: %w", err)
	}
	dir, err := os.MkdirTemp("", "northstar-prom-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, prom: prom, opts: opts}
	if err := s.backfill(promtool, d); err != nil {
		s.Stop()
		return nil, err
	}
	if err := s.start(); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

func (s *Server) backfill(promtool string, d seed.Dataset) error {
	om := filepath.Join(s.dir, "seed.om")
	f, err := os.Create(om)
	if err != nil {
		return err
	}
	if err := d.WriteOpenMetrics(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	out, err := exec.Command(promtool, "tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=720h", om, s.DataDir()).CombinedOutput()
	if err != nil {
		return fmt.Errorf("promtool backfill failed: %v\n%s", err, out)
	}
	return os.Remove(om)
}

// DataDir is the TSDB directory. Blocks copied into it are served after Restart.
func (s *Server) DataDir() string { return filepath.Join(s.dir, "data") }

// Restart stops Prometheus and starts it again on the same data directory (and a
// new port, in URL).
func (s *Server) Restart() error {
	s.stopProcess()
	return s.start()
}

func (s *Server) config() ([]byte, error) {
	cfg := map[string]any{"global": map[string]any{"scrape_interval": "1m"}}
	if len(s.opts.RuleFiles) > 0 {
		cfg["rule_files"] = s.opts.RuleFiles
	}
	return yaml.Marshal(cfg)
}

func (s *Server) start() error {
	port, err := freePort()
	if err != nil {
		return err
	}
	cfgData, err := s.config()
	if err != nil {
		return err
	}
	cfg := filepath.Join(s.dir, "prometheus.yml")
	if err := os.WriteFile(cfg, cfgData, 0o600); err != nil {
		return err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	var logs bytes.Buffer
	s.cmd = exec.Command(s.prom, "--config.file="+cfg, "--storage.tsdb.path="+s.DataDir(),
		"--storage.tsdb.retention.time=3650d", "--web.listen-address="+addr, "--query.lookback-delta=5m")
	s.cmd.Stdout, s.cmd.Stderr = &logs, &logs
	// Its own process group, so that it is killed with everything it started.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.URL = "http://" + addr
	return s.waitReady(&logs)
}

func (s *Server) waitReady(logs *bytes.Buffer) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.URL + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("prometheus did not become ready within 60s:\n%s", logs.String())
}

// Stop kills Prometheus and removes its data.
func (s *Server) Stop() {
	s.stopProcess()
	_ = os.RemoveAll(s.dir)
}

func (s *Server) stopProcess() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		_ = s.cmd.Wait()
	}
	s.cmd = nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
