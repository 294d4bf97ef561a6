package composetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// repoRoot is the directory of go.mod and docker-compose.yaml.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

func loadCompose(t *testing.T, env map[string]string) *Project {
	t.Helper()
	p, err := Load(filepath.Join(repoRoot(t), "docker-compose.yaml"), env)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestInterpolate(t *testing.T) {
	env := map[string]string{"SET": "v", "EMPTY": ""}
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"$SET ${SET}", "v v"},
		{"${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d}", "d d  d"},
		{"${SET:+alt}${UNSET:+alt}${EMPTY+alt}", "altalt"},
		{"$$owner $${owner%:*} $$(stat -c %u /src)", "$owner ${owner%:*} $(stat -c %u /src)"},
		{"${UID:-1000}:${GID:-1000}", "1000:1000"},
	} {
		got, err := Interpolate(tc.in, env)
		if err != nil || got != tc.want {
			t.Errorf("Interpolate(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := Interpolate("${UNSET:?must be set}", env); err == nil || !strings.Contains(err.Error(), "must be set") {
		t.Errorf("required variable: %v", err)
	}
}

func TestLoadMergesExtends(t *testing.T) {
	p := loadCompose(t, nil)
	g := p.Services["grafana"]
	if g == nil {
		t.Fatal("no grafana service")
	}
	root := repoRoot(t)
	m := g.MountOf("/var/lib/grafana/plugins/northstar-kpi-app")
	if m == nil || m.Named || m.Source != filepath.Join(root, "dist") {
		t.Errorf("grafana's plugin mount (from .config/docker-compose-base.yaml): %+v", m)
	}
	if g.Environment["GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS"] == "northstar-kpi-app" {
		t.Error("the root compose file's environment does not override the base file's")
	}
	if g.Build == nil || g.Build.Context != filepath.Join(root, ".config") {
		t.Errorf("build from the base file: %+v", g.Build)
	}
}

// TestGrafanaStartsWithoutDevMode: the scaffold's image runs supervisord when its
// DEV variable is not "false", and supervisord starts Grafana only once
// dist/gpx_kpi* exists, which this plugin never builds (its executables are
// dist/datasource/gpx_northstar_kpi_datasource_<os>_<arch>), so Grafana would never
// start. With DEVELOPMENT=true in the shell too, the grafana container must start
// Grafana directly.
func TestGrafanaStartsWithoutDevMode(t *testing.T) {
	root := repoRoot(t)
	dockerfile, err := os.ReadFile(filepath.Join(root, ".config", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dockerfile), `ENV DEV "${development}"`) {
		t.Fatal(`.config/Dockerfile no longer sets DEV from the build argument "development": update this test`)
	}
	entrypoint, err := os.ReadFile(filepath.Join(root, ".config", "entrypoint.sh"))
	if err != nil {
		t.Fatal(err)
	}
	// The entrypoint as it is, with its two programs replaced by echo.
	script := strings.NewReplacer("exec /run.sh", "echo START /run.sh; exit 0",
		"exec /usr/bin/supervisord", "echo START supervisord; exit 0").Replace(string(entrypoint))
	for _, shellEnv := range []map[string]string{nil, {"DEVELOPMENT": "true"}, {"DEVELOPMENT": "false"}} {
		g := loadCompose(t, shellEnv).Services["grafana"]
		dev := ""
		if g.Build != nil {
			dev = g.Build.Args["development"]
		}
		if v, ok := g.Environment["DEV"]; ok {
			dev = v
		}
		cmd := exec.Command("sh", "-c", script)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "DEV=" + dev}
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "START /run.sh") {
			t.Errorf("shell %v: DEV=%q, the entrypoint does %q (%v), want /run.sh (Grafana itself)", shellEnv, dev, out, err)
		}
		if g.Build == nil || g.Build.Args["development"] != "false" {
			t.Errorf("shell %v: the grafana image is not built with development=false (it would install Go 1.21, delve and mage for a mode that cannot work with this plugin)", shellEnv)
		}
	}
}

// TestBuildCachesShared: every Go service uses one module cache and one build
// cache on named volumes (not the container's own file system, which is new for
// each container: each service would download every module again), does not
// stamp VCS information (git refuses a checkout owned by another user), and npm
// keeps its cache on a named volume, not in the checkout or a container.
func TestBuildCachesShared(t *testing.T) {
	p := loadCompose(t, nil)
	type place struct{ volume, path string }
	onVolume := func(s *Service, path string) (place, bool) {
		m := s.MountOf(path)
		if m == nil || !m.Named {
			return place{}, false
		}
		rel, _ := filepath.Rel(m.Target, path)
		return place{m.Source, rel}, true
	}
	var mods, builds []place
	var goServices []string
	for _, name := range sortedNames(p) {
		s := p.Services[name]
		if !strings.HasPrefix(s.Image, "golang:") && !strings.HasPrefix(s.Image, "node:") {
			continue
		}
		env, err := EffectiveEnv(s)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(s.Image, "node:") {
			cache := env["npm_config_cache"]
			if cache == "" {
				cache = filepath.Join(env["HOME"], ".npm")
			}
			if _, ok := onVolume(s, cache); !ok {
				t.Errorf("%s: npm cache %s is not on a named volume", name, cache)
			}
			continue
		}
		if !s.RunsGo() {
			continue
		}
		goServices = append(goServices, name)
		mod, build := GoCaches(env)
		mp, ok := onVolume(s, mod)
		if !ok {
			t.Errorf("%s: module cache %s is not on a named volume", name, mod)
		}
		bp, ok := onVolume(s, build)
		if !ok {
			t.Errorf("%s: build cache %s is not on a named volume", name, build)
		}
		mods, builds = append(mods, mp), append(builds, bp)
		if !slices.Contains(strings.Fields(env["GOFLAGS"]), "-buildvcs=false") {
			t.Errorf("%s: GOFLAGS %q lacks -buildvcs=false", name, env["GOFLAGS"])
		}
	}
	if len(goServices) < 3 {
		t.Fatalf("only %d Go services found: %v", len(goServices), goServices)
	}
	for i := range mods {
		if mods[i] != mods[0] || builds[i] != builds[0] {
			t.Errorf("%s uses caches %v %v, %s uses %v %v", goServices[i], mods[i], builds[i], goServices[0], mods[0], builds[0])
		}
	}
}

// TestPostgresSeeded: the postgres service initialises from a volume that a
// one-shot seed-sql service fills with cmd/seed-sql's file before postgres starts,
// and has the password variable that file reads for the read-only role.
func TestPostgresSeeded(t *testing.T) {
	p := loadCompose(t, nil)
	pg := p.Services["postgres"]
	if pg == nil {
		t.Fatal("no postgres service")
	}
	if pg.Image != "postgres:16-bookworm" || pg.Environment["POSTGRES_DB"] != "shop" || pg.Environment["POSTGRES_USER"] == "" || pg.Environment["POSTGRES_PASSWORD"] == "" {
		t.Errorf("postgres: image %s, environment %v", pg.Image, pg.Environment)
	}
	initdb := pg.MountOf("/docker-entrypoint-initdb.d")
	if initdb == nil || !initdb.Named {
		t.Fatalf("postgres: /docker-entrypoint-initdb.d is not a named volume: %+v", initdb)
	}
	var seeder *Service
	var out string
	for _, s := range p.Services {
		args := append(append([]string{}, s.Entrypoint...), s.Command...)
		i := slices.Index(args, "./cmd/seed-sql")
		if i < 0 {
			continue
		}
		seeder = s
		if j := slices.Index(args, "-out"); j > 0 && j+1 < len(args) {
			out = args[j+1]
		}
		role := ""
		if j := slices.Index(args, "-readonly-role"); j > 0 && j+1 < len(args) {
			role = args[j+1]
		}
		passwordEnv := "SHOP_READONLY_PASSWORD"
		if j := slices.Index(args, "-readonly-password-env"); j > 0 && j+1 < len(args) {
			passwordEnv = args[j+1]
		}
		if role != "grafana" {
			t.Errorf("%s: the read-only role is %q, want grafana", s.Name, role)
		}
		if pg.Environment[passwordEnv] == "" {
			t.Errorf("postgres: %s (the read-only role's password) is not set", passwordEnv)
		}
		if pg.Environment["POSTGRES_USER"] == role {
			t.Errorf("postgres: the owner (POSTGRES_USER) is the read-only role %q", role)
		}
	}
	if seeder == nil {
		t.Fatal("no service runs ./cmd/seed-sql")
	}
	m := seeder.MountOf(out)
	if m == nil || m.Source != initdb.Source || !strings.HasSuffix(out, ".sql") {
		t.Errorf("%s writes %s, not a .sql file on postgres's init volume %s", seeder.Name, out, initdb.Source)
	}
	if pg.DependsOn[seeder.Name] != "service_completed_successfully" {
		t.Errorf("postgres depends on %s with %q, want service_completed_successfully", seeder.Name, pg.DependsOn[seeder.Name])
	}
}

func sortedNames(p *Project) []string {
	var names []string
	for n := range p.Services {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
