// Package composetest reads docker-compose.yaml the way `docker compose` does
// (interpolation, YAML merge keys, extends, depends_on) and runs the commands of its
// build services on this machine without Docker, in a stand-in for the container:
// the service's user, working directory and environment, the image's own
// environment (GOPATH, GOTOOLCHAIN, HOME) and its mounts, with container paths
// mapped to host directories (the checkout, one directory per named volume, a
// private root for everything else). The tests use it to check that the compose
// build steps work on a Linux host whose checkout belongs to another user.
package composetest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Project is a loaded compose file.
type Project struct {
	Dir      string
	Services map[string]*Service
	Volumes  map[string]bool // declared named volumes
}

// Service is the part of a compose service the tests read.
type Service struct {
	Name        string
	Image       string            `yaml:"image"`
	User        string            `yaml:"user"`
	WorkingDir  string            `yaml:"working_dir"`
	Command     Strings           `yaml:"command"`
	Entrypoint  Strings           `yaml:"entrypoint"`
	Environment Env               `yaml:"environment"`
	VolumeSpecs []string          `yaml:"volumes"`
	DependsOn   DependsOn         `yaml:"depends_on"`
	Ports       []string          `yaml:"ports"`
	Extends     *Extends          `yaml:"extends"`
	Build       *Build            `yaml:"build"`
	Healthcheck map[string]any    `yaml:"healthcheck"`
	Labels      map[string]string `yaml:"labels"`

	// Mounts are VolumeSpecs parsed, bind sources made absolute.
	Mounts []Mount `yaml:"-"`
}

// Extends names the service a service extends.
type Extends struct {
	File    string `yaml:"file"`
	Service string `yaml:"service"`
}

// Build is a service's build section.
type Build struct {
	Context string            `yaml:"context"` // absolute after Load
	Args    map[string]string `yaml:"args"`
}

// Mount is one entry of a service's volumes.
type Mount struct {
	// Source is a named volume (Named) or an absolute host path.
	Source   string
	Named    bool
	Target   string
	ReadOnly bool
}

// Strings is a command or entrypoint: a list, or a string split at spaces.
type Strings []string

// UnmarshalYAML accepts both forms.
func (s *Strings) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*s = strings.Fields(n.Value)
		return nil
	}
	var l []string
	if err := n.Decode(&l); err != nil {
		return err
	}
	*s = l
	return nil
}

// Env is a service's environment: a mapping or a list of NAME=value.
type Env map[string]string

// UnmarshalYAML accepts both forms.
func (e *Env) UnmarshalYAML(n *yaml.Node) error {
	*e = Env{}
	if n.Kind == yaml.SequenceNode {
		var l []string
		if err := n.Decode(&l); err != nil {
			return err
		}
		for _, kv := range l {
			k, v, _ := strings.Cut(kv, "=")
			(*e)[k] = v
		}
		return nil
	}
	var m map[string]*string
	if err := n.Decode(&m); err != nil {
		return err
	}
	for k, v := range m {
		if v != nil {
			(*e)[k] = *v
		}
	}
	return nil
}

// DependsOn maps a dependency to its condition.
type DependsOn map[string]string

// UnmarshalYAML accepts a list of names or a mapping with conditions.
func (d *DependsOn) UnmarshalYAML(n *yaml.Node) error {
	*d = DependsOn{}
	if n.Kind == yaml.SequenceNode {
		var l []string
		if err := n.Decode(&l); err != nil {
			return err
		}
		for _, s := range l {
			(*d)[s] = "service_started"
		}
		return nil
	}
	var m map[string]struct {
		Condition string `yaml:"condition"`
	}
	if err := n.Decode(&m); err != nil {
		return err
	}
	for k, v := range m {
		c := v.Condition
		if c == "" {
			c = "service_started"
		}
		(*d)[k] = c
	}
	return nil
}

var varRE = regexp.MustCompile(`\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))`)

// Interpolate substitutes $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
// ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt} and $$ as compose does.
func Interpolate(s string, env map[string]string) (string, error) {
	var errs []error
	out := varRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := varRE.FindStringSubmatch(m)
		if sub[1] == "$" {
			return "$"
		}
		name := sub[2]
		if name == "" {
			name = sub[5]
		}
		v, set := env[name]
		switch op, arg := sub[3], sub[4]; op {
		case "":
			return v
		case ":-":
			if v == "" {
				return arg
			}
		case "-":
			if !set {
				return arg
			}
		case ":?", "?":
			if !set || (op == ":?" && v == "") {
				errs = append(errs, fmt.Errorf("%s: %s", name, arg))
			}
		case ":+":
			if v != "" {
				return arg
			}
			return ""
		case "+":
			if set {
				return arg
			}
			return ""
		}
		return v
	})
	return out, errors.Join(errs...)
}

func interpolateNode(n *yaml.Node, env map[string]string, seen map[*yaml.Node]bool) error {
	if n == nil || seen[n] {
		return nil
	}
	seen[n] = true
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!str" || n.Tag == "" {
			v, err := Interpolate(n.Value, env)
			if err != nil {
				return fmt.Errorf("line %d: %w", n.Line, err)
			}
			n.Value = v
		}
	case yaml.MappingNode:
		// Keys are not interpolated, values are.
		for i := 1; i < len(n.Content); i += 2 {
			if err := interpolateNode(n.Content[i], env, seen); err != nil {
				return err
			}
		}
	default:
		for _, c := range n.Content {
			if err := interpolateNode(c, env, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

// Load reads a compose file, interpolating with env (the shell environment
// `docker compose` would see) and resolving extends.
func Load(path string, env map[string]string) (*Project, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	raw, err := loadFile(abs, env)
	if err != nil {
		return nil, err
	}
	p := &Project{Dir: filepath.Dir(abs), Services: map[string]*Service{}, Volumes: map[string]bool{}}
	for name := range raw.Volumes {
		p.Volumes[name] = true
	}
	for name := range raw.Services {
		s, err := resolve(abs, name, env, 0)
		if err != nil {
			return nil, err
		}
		p.Services[name] = s
	}
	for name, s := range p.Services {
		for dep := range s.DependsOn {
			if p.Services[dep] == nil {
				return nil, fmt.Errorf("service %s depends on unknown service %s", name, dep)
			}
		}
		for _, m := range s.Mounts {
			if m.Named && !p.Volumes[m.Source] {
				return nil, fmt.Errorf("service %s mounts undeclared volume %s", name, m.Source)
			}
		}
	}
	return p, nil
}

type rawFile struct {
	Services map[string]yaml.Node `yaml:"services"`
	Volumes  map[string]any       `yaml:"volumes"`
}

func loadFile(path string, env map[string]string) (*rawFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := interpolateNode(&doc, env, map[*yaml.Node]bool{}); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var f rawFile
	if err := doc.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &f, nil
}

func resolve(file, name string, env map[string]string, depth int) (*Service, error) {
	if depth > 5 {
		return nil, fmt.Errorf("%s: extends nested too deep at %s", file, name)
	}
	f, err := loadFile(file, env)
	if err != nil {
		return nil, err
	}
	node, ok := f.Services[name]
	if !ok {
		return nil, fmt.Errorf("%s: no service %s", file, name)
	}
	s := &Service{}
	if err := node.Decode(s); err != nil {
		return nil, fmt.Errorf("%s: service %s: %w", file, name, err)
	}
	s.Name = name
	dir := filepath.Dir(file)
	for _, spec := range s.VolumeSpecs {
		m, err := parseMount(spec, dir)
		if err != nil {
			return nil, fmt.Errorf("%s: service %s: %w", file, name, err)
		}
		s.Mounts = append(s.Mounts, m)
	}
	if s.Build != nil && s.Build.Context != "" && !filepath.IsAbs(s.Build.Context) {
		s.Build.Context = filepath.Join(dir, s.Build.Context)
	}
	if s.Extends == nil {
		return s, nil
	}
	baseFile := file
	if s.Extends.File != "" {
		baseFile = filepath.Join(dir, s.Extends.File)
	}
	base, err := resolve(baseFile, s.Extends.Service, env, depth+1)
	if err != nil {
		return nil, err
	}
	return merge(base, s), nil
}

// merge applies the local service definition over the one it extends.
func merge(base, local *Service) *Service {
	out := *base
	out.Name = local.Name
	out.Extends = nil
	for _, f := range []struct{ dst, src *string }{
		{&out.Image, &local.Image}, {&out.User, &local.User}, {&out.WorkingDir, &local.WorkingDir},
	} {
		if *f.src != "" {
			*f.dst = *f.src
		}
	}
	if local.Command != nil {
		out.Command = local.Command
	}
	if local.Entrypoint != nil {
		out.Entrypoint = local.Entrypoint
	}
	out.Environment = Env{}
	for k, v := range base.Environment {
		out.Environment[k] = v
	}
	for k, v := range local.Environment {
		out.Environment[k] = v
	}
	out.DependsOn = DependsOn{}
	for k, v := range base.DependsOn {
		out.DependsOn[k] = v
	}
	for k, v := range local.DependsOn {
		out.DependsOn[k] = v
	}
	// Mounts merge by target, the local one wins.
	byTarget := map[string]Mount{}
	var order []string
	for _, m := range append(append([]Mount{}, base.Mounts...), local.Mounts...) {
		if _, ok := byTarget[m.Target]; !ok {
			order = append(order, m.Target)
		}
		byTarget[m.Target] = m
	}
	out.Mounts = nil
	for _, t := range order {
		out.Mounts = append(out.Mounts, byTarget[t])
	}
	out.Ports = append(append([]string{}, base.Ports...), local.Ports...)
	if local.Build != nil {
		b := Build{Args: map[string]string{}}
		if base.Build != nil {
			b.Context = base.Build.Context
			for k, v := range base.Build.Args {
				b.Args[k] = v
			}
		}
		if local.Build.Context != "" {
			b.Context = local.Build.Context
		}
		for k, v := range local.Build.Args {
			b.Args[k] = v
		}
		out.Build = &b
	}
	if local.Healthcheck != nil {
		out.Healthcheck = local.Healthcheck
	}
	return &out
}

func parseMount(spec, dir string) (Mount, error) {
	parts := strings.Split(spec, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return Mount{}, fmt.Errorf("volume %q: only the short syntax SOURCE:TARGET[:MODE] is supported", spec)
	}
	m := Mount{Source: parts[0], Target: filepath.Clean(parts[1])}
	if len(parts) == 3 {
		for _, o := range strings.Split(parts[2], ",") {
			if o == "ro" {
				m.ReadOnly = true
			}
		}
	}
	switch {
	case strings.HasPrefix(m.Source, "/"):
	case strings.HasPrefix(m.Source, ".") || strings.HasPrefix(m.Source, "~"):
		m.Source = filepath.Join(dir, m.Source)
	default:
		m.Named = true
	}
	return m, nil
}

// Order returns the services in an order that starts every service after the
// services it depends on (ties by name).
func (p *Project) Order(names []string) ([]string, error) {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	done := map[string]bool{}
	var out []string
	for len(out) < len(names) {
		var ready []string
		for n := range want {
			if done[n] {
				continue
			}
			ok := true
			for dep := range p.Services[n].DependsOn {
				if want[dep] && !done[dep] {
					ok = false
				}
			}
			if ok {
				ready = append(ready, n)
			}
		}
		if len(ready) == 0 {
			return nil, fmt.Errorf("depends_on cycle among %v", names)
		}
		sort.Strings(ready)
		done[ready[0]] = true
		out = append(out, ready[0])
	}
	return out, nil
}

// UIDGID parses a service's user: "" and "root" are 0:0, otherwise numeric
// "uid[:gid]" (the gid defaults to the uid's primary group, taken as the uid).
func UIDGID(user string) (uid, gid int, err error) {
	if user == "" || user == "root" || user == "0" {
		return 0, 0, nil
	}
	u, g, hasG := strings.Cut(user, ":")
	if uid, err = strconv.Atoi(u); err != nil {
		return 0, 0, fmt.Errorf("user %q: only numeric users are supported", user)
	}
	gid = uid
	if hasG {
		if gid, err = strconv.Atoi(g); err != nil {
			return 0, 0, fmt.Errorf("user %q: only numeric groups are supported", user)
		}
	}
	return uid, gid, nil
}

// RunsCommands tells whether the tests can run the service here: its image is
// one whose tools this machine has (Go and Node.js images).
func (s *Service) RunsCommands() bool {
	return strings.HasPrefix(s.Image, "golang:") || strings.HasPrefix(s.Image, "node:")
}

// OneShot tells whether the service is expected to exit (a build or seed step)
// rather than serve: it publishes no ports.
func (s *Service) OneShot() bool { return len(s.Ports) == 0 }

var goCommandRE = regexp.MustCompile(`(^|[\s;&|(])go (run|build|tool|install|test|mod|generate)\b`)

// RunsGo tells whether the service runs the go command.
func (s *Service) RunsGo() bool {
	for _, a := range append(append([]string{}, s.Entrypoint...), s.Command...) {
		if a == "go" || goCommandRE.MatchString(a) {
			return true
		}
	}
	return false
}
