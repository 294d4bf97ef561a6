//go:build mage
// +build mage

package main

import (
	"github.com/magefile/mage/mg"

	// mage:import
	build "github.com/grafana/grafana-plugin-sdk-go/build"
)

// Default is what `mage` builds without a target.
var Default = Servers

// Servers builds the backend for the platforms Grafana servers run on most:
// linux amd64 and arm64. `mage buildAll` builds every platform the SDK knows.
func Servers() {
	b := build.Build{}
	mg.Deps(b.Linux, b.LinuxARM64)
}
