//go:build composebuild

// The compose build test runs for minutes (npm ci, the webpack build, mage for two
// platforms), so `go test ./...` leaves it out; scripts/test-all.sh runs it as its
// own step:
//
//	go test -tags composebuild -count=1 -timeout 60m -v -run TestComposeBuild ./internal/composetest/
//
// It must run as root, like Docker's containers do.

package composetest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// owner is the host user the checkout belongs to: not root, and no user of the
// images either (the node image's "node" is 1000).
const owner = 12345

// TestComposeBuild runs the commands of every compose service that uses a golang
// or node image (the builds, the seeds, demo-metrics), read from
// docker-compose.yaml, in depends_on order, as root in a fresh clone that belongs
// to another user, with the environment, user, working directory and volumes of
// the service (see Host.Prepare), and a shell environment without UID or GID
// (bash does not export them). Then it checks what `docker compose up` needs:
// every one-shot service succeeded, demo-metrics listens, the checkout holds
// nothing that is not its owner's, dist/ holds the frontend and the datasource
// executables Grafana loads, and every -out file was written.
//
// The clone is of HEAD; the compose file is the working tree's. Named volumes are
// kept in $NORTHSTAR_COMPOSETEST_DIR (default /var/tmp/northstar-composetest) from
// one run to the next, as Docker keeps them: the first run downloads the Go
// modules and npm packages and compiles everything; later runs reuse the caches.
func TestComposeBuild(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Fatal("TestComposeBuild must run as root: it runs the services' commands as root and as the checkout's owner, as Docker does")
	}
	for _, tool := range []string{"git", "go", "node", "npm", "sh", "bash", "stat", "setpriv", "chown"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed on PATH: %v", tool, err)
		}
	}
	root := repoRoot(t)
	base := os.Getenv("NORTHSTAR_COMPOSETEST_DIR")
	if base == "" {
		base = "/var/tmp/northstar-composetest"
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		t.Fatal(err)
	}
	lock, err := os.OpenFile(filepath.Join(base, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)

	checkout := filepath.Join(base, "checkout")
	logs := filepath.Join(base, "logs")
	for _, d := range []string{checkout, logs} {
		if err := os.RemoveAll(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(logs, 0o755); err != nil {
		t.Fatal(err)
	}
	// --no-hardlinks: the chown must not reach the objects of this repository.
	run(t, "", "git", "clone", "--quiet", "--no-hardlinks", root, checkout)
	run(t, "", "chown", "-R", fmt.Sprintf("%d:%d", owner, owner), checkout)
	head := strings.TrimSpace(run(t, checkout, "git", "-c", "safe.directory=*", "log", "-1", "--format=%h %s"))
	t.Logf("checkout %s (HEAD %s), owned by %d:%d; volumes and logs in %s", checkout, head, owner, owner, base)

	p, err := Load(filepath.Join(root, "docker-compose.yaml"), map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	var runnable, notRun []string
	for _, name := range sortedNames(p) {
		if p.Services[name].RunsCommands() {
			runnable = append(runnable, name)
		} else {
			notRun = append(notRun, name+" ("+p.Services[name].Image+")")
		}
	}
	order, err := p.Order(runnable)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("running %v; not run here (their images): %v", order, notRun)

	h := &Host{Dir: base, Checkout: checkout}
	failed := map[string]bool{}
	containers := map[string]*Container{}
	for _, name := range order {
		s := p.Services[name]
		var deps []string
		for dep := range s.DependsOn {
			if failed[dep] {
				deps = append(deps, dep)
			}
		}
		if len(deps) > 0 {
			t.Errorf("%s: not started, its dependencies failed: %v", name, deps)
			failed[name] = true
			continue
		}
		c, err := h.Prepare(p, s)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		containers[name] = c
		if err := runService(t, c, filepath.Join(logs, name+".log")); err != nil {
			t.Errorf("%s: %v", name, err)
			failed[name] = true
		}
	}

	checkOwnership(t, checkout)

	// What Grafana loads from dist/: the frontend and, for the datasource, the
	// executable named in its plugin.json for linux/amd64 and linux/arm64.
	if _, err := os.Stat(filepath.Join(checkout, "dist", "plugin.json")); err != nil {
		t.Errorf("dist/plugin.json (frontend build): %v", err)
	}
	var ds struct{ Executable string }
	if data, err := os.ReadFile(filepath.Join(checkout, "src", "datasource", "plugin.json")); err != nil {
		t.Error(err)
	} else if err := json.Unmarshal(data, &ds); err != nil || ds.Executable == "" {
		t.Errorf("src/datasource/plugin.json: no executable (%v)", err)
	}
	for _, arch := range []string{"amd64", "arm64"} {
		exe := filepath.Join(checkout, "dist", "datasource", ds.Executable+"_linux_"+arch)
		if fi, err := os.Stat(exe); err != nil || fi.Mode()&0o111 == 0 {
			t.Errorf("datasource executable for Grafana on linux/%s: %v", arch, err)
		}
	}
	if _, err := os.Stat(filepath.Join(checkout, "dist", "datasource", "plugin.json")); err != nil {
		t.Errorf("dist/datasource/plugin.json: %v", err)
	}

	// Every -out file of a service that ran is there.
	for name, c := range containers {
		args := append(append([]string{}, c.Service.Entrypoint...), c.Service.Command...)
		if i := slices.Index(args, "-out"); i >= 0 && i+1 < len(args) && !failed[name] {
			if fi, err := os.Stat(c.HostPath(args[i+1])); err != nil || fi.Size() == 0 {
				t.Errorf("%s: output %s is missing or empty (%v)", name, args[i+1], err)
			}
		}
	}
}

// runService runs a one-shot service to its end, or a serving one until it
// listens on its published ports.
func runService(t *testing.T, c *Container, logPath string) error {
	t.Helper()
	log, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer log.Close()
	cmd := c.Cmd()
	cmd.Stdout, cmd.Stderr = log, log
	fmt.Fprintf(log, "$ %q\n  in %s as %d:%d\n  env %q\n", c.Args, c.Dir, c.UID, c.GID, c.HostEnv)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	if c.Service.OneShot() {
		err := cmd.Wait()
		t.Logf("%s: %s after %s (log %s)", c.Service.Name, state(err), time.Since(start).Round(time.Second), logPath)
		if err != nil {
			return fmt.Errorf("%v; last lines of its log:\n%s", err, tail(logPath, 25))
		}
		return nil
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		Kill(cmd)
		<-done
	}()
	deadline := time.Now().Add(10 * time.Minute)
	for port, addr := range c.Ports {
		for {
			conn, err := net.DialTimeout("tcp", addr, time.Second)
			if err == nil {
				conn.Close()
				break
			}
			select {
			case err := <-done:
				done <- err
				return fmt.Errorf("exited (%v) before it listened on port %s; last lines of its log:\n%s", err, port, tail(logPath, 25))
			case <-time.After(500 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("does not listen on port %s (%s) after 10 minutes; last lines of its log:\n%s", port, addr, tail(logPath, 25))
			}
		}
		t.Logf("%s: listens on its port %s (here %s) after %s (log %s)", c.Service.Name, port, addr, time.Since(start).Round(time.Second), logPath)
	}
	return nil
}

func state(err error) string {
	if err != nil {
		return "FAILED (" + err.Error() + ")"
	}
	return "ok"
}

// checkOwnership: nothing in the checkout may belong to anyone but its owner
// (root-owned files there are what `git clean`, `npm ci` or the next build of the
// host user cannot remove or overwrite).
func checkOwnership(t *testing.T, checkout string) {
	t.Helper()
	var foreign []string
	n := 0
	err := filepath.WalkDir(checkout, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		st := info.Sys().(*syscall.Stat_t)
		if st.Uid != owner || st.Gid != owner {
			n++
			rel, _ := filepath.Rel(checkout, path)
			if len(foreign) < 10 {
				foreign = append(foreign, fmt.Sprintf("%s (%d:%d)", rel, st.Uid, st.Gid))
			}
			if d.IsDir() && rel != "." {
				return filepath.SkipDir // one line for a foreign directory tree
			}
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
	if n > 0 {
		t.Errorf("%d files or directory trees in the checkout do not belong to its owner %d:%d, e.g.:\n  %s", n, owner, owner, strings.Join(foreign, "\n  "))
	}
}

func run(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func tail(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<22)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "go: downloading ") {
			continue
		}
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return "    " + strings.Join(lines, "\n    ")
}
