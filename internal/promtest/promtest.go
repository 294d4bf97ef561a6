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

	"github.com/northstar/kpi/internal/seed"
)

// Server is a running Prometheus.
type Server struct {
	URL string
	dir string
	cmd *exec.Cmd
}

// Start seeds a fresh TSDB with the dataset and starts Prometheus on a free port.
// The binaries come from PATH (Debian's prometheus package installs both).
func Start(d seed.Dataset) (*Server, error) {
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
	s := &Server{dir: dir}
	if err := s.backfill(promtool, d); err != nil {
		s.Stop()
		return nil, err
	}
	if err := s.start(prom); err != nil {
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
	out, err := exec.Command(promtool, "tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=720h", om, filepath.Join(s.dir, "data")).CombinedOutput()
	if err != nil {
		return fmt.Errorf("promtool backfill failed: %v\n%s", err, out)
	}
	return os.Remove(om)
}

func (s *Server) start(prom string) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	cfg := filepath.Join(s.dir, "prometheus.yml")
	if err := os.WriteFile(cfg, []byte("global:\n  scrape_interval: 1m\n"), 0o600); err != nil {
		return err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	var logs bytes.Buffer
	s.cmd = exec.Command(prom, "--config.file="+cfg, "--storage.tsdb.path="+filepath.Join(s.dir, "data"),
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
	if s.cmd != nil && s.cmd.Process != nil {
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		_ = s.cmd.Wait()
	}
	_ = os.RemoveAll(s.dir)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
