// Package plugintest starts the built plugin executable the way Grafana does
// (hashicorp go-plugin, Grafana's handshake, gRPC) for programs that are not
// tests, such as the load benchmark. internal/protocoltest keeps its own copy,
// tied to *testing.T.
package plugintest

import (
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"

	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

// DistPath is where `mage` puts the executable for this machine's platform,
// relative to the repository root.
func DistPath(root string) string {
	return filepath.Join(root, "dist", "datasource", fmt.Sprintf("gpx_northstar_kpi_datasource_%s_%s", runtime.GOOS, runtime.GOARCH))
}

// Build builds ./pkg of the repository at root into out with the tags and
// flags `mage` uses, so the result behaves like the shipped executable and
// reuses mage's build cache.
func Build(root, out string) error {
	cmd := exec.Command("go", "build", "-o", out, "-tags", "arrow_json_stdlib", "-ldflags", "-w -s", "./pkg")
	cmd.Dir = root
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./pkg: %v\n%s", err, b)
	}
	return nil
}

// Plugin is a running plugin process and its gRPC clients.
type Plugin struct {
	Data        grpcplugin.DataClient
	Diagnostics grpcplugin.DiagnosticsClient
	Resource    grpcplugin.ResourceClient
	// Pid is the plugin process, for reading its /proc figures.
	Pid int

	client *goplugin.Client
}

// Options change how Start runs the plugin.
type Options struct {
	// Logger receives the plugin's log lines (go-plugin forwards its stderr);
	// nil discards them.
	Logger hclog.Logger
}

// Start runs the executable and dispenses its data, diagnostics and resource
// services, as Grafana's plugin manager does.
func Start(path string, opt Options) (*Plugin, error) {
	logger := opt.Logger
	if logger == nil {
		logger = hclog.New(&hclog.LoggerOptions{Output: io.Discard})
	}
	cmd := exec.Command(path)
	// If the caller dies without calling Kill, the plugin must not outlive it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	client := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig: goplugin.HandshakeConfig{
			ProtocolVersion: grpcplugin.ProtocolVersion, MagicCookieKey: grpcplugin.MagicCookieKey, MagicCookieValue: grpcplugin.MagicCookieValue,
		},
		VersionedPlugins: map[int]goplugin.PluginSet{grpcplugin.ProtocolVersion: {
			"data": &grpcplugin.DataGRPCPlugin{}, "diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{}, "resource": &grpcplugin.ResourceGRPCPlugin{},
		}},
		Cmd:              cmd,
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		Logger:           logger,
	})
	p := &Plugin{client: client}
	rpc, err := client.Client()
	if err != nil {
		client.Kill()
		return nil, fmt.Errorf("starting the plugin %s: %w", path, err)
	}
	p.Pid = cmd.Process.Pid
	for _, name := range []string{"data", "diagnostics", "resource"} {
		raw, err := rpc.Dispense(name)
		if err != nil {
			client.Kill()
			return nil, fmt.Errorf("dispense %s: %w", name, err)
		}
		switch name {
		case "data":
			p.Data = raw.(grpcplugin.DataClient)
		case "diagnostics":
			p.Diagnostics = raw.(grpcplugin.DiagnosticsClient)
		case "resource":
			p.Resource = raw.(grpcplugin.ResourceClient)
		}
	}
	return p, nil
}

// Exited tells whether the plugin process has ended (crashed or killed).
func (p *Plugin) Exited() bool { return p.client.Exited() }

// Kill stops the plugin process; it is safe to call more than once.
func (p *Plugin) Kill() { p.client.Kill() }
