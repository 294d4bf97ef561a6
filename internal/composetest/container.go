package composetest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
)

// Host is where the stand-in containers of one run live:
//
//	<Dir>/volumes/<name>     one directory per named volume (kept between runs,
//	                         like Docker's named volumes)
//	<Dir>/containers/<svc>   the private root of each service (new every run)
//
// Bind mounts of the project directory (the directory of the compose file) are
// taken from Checkout instead, so the commands run in a clone.
type Host struct {
	Dir      string
	Checkout string
}

// Container is one service made ready to run here.
type Container struct {
	Service *Service
	Root    string
	UID     int
	GID     int
	Dir     string
	Args    []string
	// Env is the environment as the container sees it (container paths);
	// HostEnv is what the command gets (paths mapped to this machine).
	Env     map[string]string
	HostEnv []string
	// Ports maps a published container port to the local address it listens on.
	Ports  map[string]string
	mounts []Mount // host sources
}

// imageDirs are the directories an image provides besides the mounts, with their
// owner and mode (what the tests need of golang and node images).
type imageDir struct {
	path     string
	uid, gid int
	mode     os.FileMode
}

// ImageEnv is the environment an image sets for its containers and the
// directories it has (of those a command may write to).
func ImageEnv(image string) (map[string]string, []imageDir, error) {
	dirs := []imageDir{{"/tmp", 0, 0, 0o1777}, {"/root", 0, 0, 0o700}}
	switch {
	case strings.HasPrefix(image, "golang:"):
		return map[string]string{"GOPATH": "/go", "GOTOOLCHAIN": "local"},
			append(dirs, imageDir{"/go", 0, 0, 0o1777}, imageDir{"/go/bin", 0, 0, 0o1777}, imageDir{"/go/src", 0, 0, 0o1777}), nil
	case strings.HasPrefix(image, "node:"):
		return map[string]string{}, append(dirs, imageDir{"/home/node", 1000, 1000, 0o755}), nil
	}
	return nil, nil, fmt.Errorf("image %s: the tests can only stand in for golang and node images", image)
}

// homeOf is the HOME Docker sets for a user of an image (from its /etc/passwd).
func homeOf(image string, uid int) string {
	switch {
	case uid == 0:
		return "/root"
	case uid == 1000 && strings.HasPrefix(image, "node:"):
		return "/home/node"
	}
	return "/"
}

// EffectiveEnv is the environment a service's container starts with: the image's,
// HOME for its user, then the compose environment (container paths).
func EffectiveEnv(s *Service) (map[string]string, error) {
	env, _, err := ImageEnv(s.Image)
	if err != nil {
		return nil, err
	}
	uid, _, err := UIDGID(s.User)
	if err != nil {
		return nil, err
	}
	env["HOME"] = homeOf(s.Image, uid)
	for k, v := range s.Environment {
		env[k] = v
	}
	return env, nil
}

// GoCaches are the module and build cache directories the go command of a
// service uses (container paths).
func GoCaches(env map[string]string) (modcache, buildcache string) {
	modcache = env["GOMODCACHE"]
	if modcache == "" {
		gopath := strings.Split(env["GOPATH"], ":")[0]
		if gopath == "" {
			gopath = filepath.Join(env["HOME"], "go")
		}
		modcache = filepath.Join(gopath, "pkg", "mod")
	}
	buildcache = env["GOCACHE"]
	if buildcache == "" {
		cache := env["XDG_CACHE_HOME"]
		if cache == "" {
			cache = filepath.Join(env["HOME"], ".cache")
		}
		buildcache = filepath.Join(cache, "go-build")
	}
	return modcache, buildcache
}

// MountOf returns the mount a container path is on (nil: the container's own
// file system, which is new for every container).
func (s *Service) MountOf(p string) *Mount {
	var best *Mount
	for i := range s.Mounts {
		m := &s.Mounts[i]
		if within(p, m.Target) && (best == nil || len(m.Target) > len(best.Target)) {
			best = m
		}
	}
	return best
}

func within(p, dir string) bool {
	return p == dir || dir == "/" || strings.HasPrefix(p, dir+"/")
}

// Prepare makes the container of a service: its private root with the image's
// directories, the named volumes (created empty, root-owned, as Docker does),
// missing bind sources (created root-owned, as Docker does), the environment and
// the command with container paths mapped to host paths.
func (h *Host) Prepare(p *Project, s *Service) (*Container, error) {
	_, dirs, err := ImageEnv(s.Image)
	if err != nil {
		return nil, err
	}
	c := &Container{Service: s, Root: filepath.Join(h.Dir, "containers", s.Name), Ports: map[string]string{}}
	if c.UID, c.GID, err = UIDGID(s.User); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(c.Root); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(c.Root, 0o755); err != nil {
		return nil, err
	}
	for _, d := range dirs {
		hp := filepath.Join(c.Root, d.path)
		if err := os.MkdirAll(hp, 0o755); err != nil {
			return nil, err
		}
		if err := os.Chown(hp, d.uid, d.gid); err != nil {
			return nil, err
		}
		if err := os.Chmod(hp, d.mode); err != nil {
			return nil, err
		}
	}
	for _, m := range s.Mounts {
		hm := m
		if m.Named {
			hm.Source = filepath.Join(h.Dir, "volumes", m.Source)
			if _, err := os.Stat(hm.Source); os.IsNotExist(err) {
				if err := os.MkdirAll(hm.Source, 0o755); err != nil {
					return nil, err
				}
			}
		} else {
			if within(m.Source, p.Dir) {
				rel, _ := filepath.Rel(p.Dir, m.Source)
				hm.Source = filepath.Join(h.Checkout, rel)
			}
			if _, err := os.Stat(hm.Source); os.IsNotExist(err) {
				if err := os.MkdirAll(hm.Source, 0o755); err != nil {
					return nil, err
				}
			}
		}
		c.mounts = append(c.mounts, hm)
	}
	sort.SliceStable(c.mounts, func(i, j int) bool { return len(c.mounts[i].Target) > len(c.mounts[j].Target) })

	c.Env, err = EffectiveEnv(s)
	if err != nil {
		return nil, err
	}
	wd := s.WorkingDir
	if wd == "" {
		wd = "/"
	}
	c.Dir = c.HostPath(wd)
	c.HostEnv = []string{"PATH=" + os.Getenv("PATH"), "GIT_CONFIG_NOSYSTEM=1"}
	keys := make([]string, 0, len(c.Env))
	for k := range c.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := c.mapPaths(c.Env[k])
		if k == "HOME" {
			v = c.HostPath(c.Env[k])
		}
		c.HostEnv = append(c.HostEnv, k+"="+v)
	}

	args := append(append([]string{}, s.Entrypoint...), s.Command...)
	if len(args) == 0 {
		return nil, fmt.Errorf("service %s has no command", s.Name)
	}
	for _, spec := range s.Ports {
		port := spec[strings.LastIndex(spec, ":")+1:]
		port, _, _ = strings.Cut(port, "/")
		addr, err := freeAddr()
		if err != nil {
			return nil, err
		}
		c.Ports[port] = addr
	}
	for _, a := range args {
		a = c.mapPaths(a)
		for port, addr := range c.Ports {
			// A listen address on the published port: ":9100", "0.0.0.0:9100".
			if host, ok := strings.CutSuffix(a, ":"+port); ok && !strings.ContainsAny(host, "/ ") {
				a = addr
			}
		}
		c.Args = append(c.Args, a)
	}
	return c, nil
}

// HostPath maps a container path to this machine.
func (c *Container) HostPath(p string) string {
	p = filepath.Clean(p)
	for _, m := range c.mounts {
		if within(p, m.Target) {
			rel, _ := filepath.Rel(m.Target, p)
			return filepath.Join(m.Source, rel)
		}
	}
	return filepath.Join(c.Root, p)
}

// mappable tells whether an absolute path in a command or value is one of the
// container's: on a mount, or in a directory the image provides. Others
// (/bin/sh, /usr/...) are the tools, which this machine has at the same place.
func (c *Container) mappable(p string) bool {
	for _, m := range c.mounts {
		if within(p, m.Target) && m.Target != "/" {
			return true
		}
	}
	for _, d := range []string{"/tmp", "/root", "/go", "/home"} {
		if within(p, d) {
			return true
		}
	}
	return false
}

var pathRE = regexp.MustCompile(`(^|[\s"'=:,(])(/[A-Za-z0-9._/@+-]*)`)

func (c *Container) mapPaths(s string) string {
	return pathRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := pathRE.FindStringSubmatch(m)
		if !c.mappable(filepath.Clean(sub[2])) {
			return m
		}
		return sub[1] + c.HostPath(sub[2])
	})
}

// Cmd is the service's command, to be run as the container's user in its own
// process group.
func (c *Container) Cmd() *exec.Cmd {
	cmd := exec.Command(c.Args[0], c.Args[1:]...)
	cmd.Dir = c.Dir
	cmd.Env = c.HostEnv
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Setpgid:    true,
		Credential: &syscall.Credential{Uid: uint32(c.UID), Gid: uint32(c.GID), Groups: []uint32{}},
	}
	return cmd
}

// Kill ends the command's process group.
func Kill(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return "127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port), nil
}
