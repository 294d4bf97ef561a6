#!/usr/bin/env bash
# Runs every test of the suite and prints one closing line "N passed, N failed".
#   Go: gofmt, go vet, unit, integration (real Prometheus, PostgreSQL, MariaDB
#       and SQLite on 127.0.0.1), 5 s of each fuzz target and the
#       plugin-protocol test against the built executable;
#   TypeScript: typecheck, lint, jest, production build;
#   Browser: Playwright in Chromium against the built dist/ panel.
# Needs prometheus/promtool and chromium on PATH (.ci/run installs them).
set -uo pipefail
cd "$(dirname "$0")/.."
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
failed_steps=()

step() {
  local name=$1
  shift
  echo "== $name"
  if "$@"; then
    echo "ok" >"$results/step-$name"
  else
    echo "FAILED: $name"
    failed_steps+=("$name")
  fi
}

gofmt_clean() {
  local files
  files=$(gofmt -l pkg internal bench cmd 2>/dev/null)
  [ -z "$files" ] || { echo "gofmt needed: $files"; return 1; }
}

step gofmt gofmt_clean
step go-vet go vet ./...
step frontend-build npm run build
step backend-build go tool mage -v
step typecheck npm run typecheck
step lint npm run lint
step jest npx jest --ci --maxWorkers 2 --json --outputFile="$results/jest.json"
export NORTHSTAR_GPX="$PWD/dist/datasource/gpx_northstar_kpi_datasource_$(go env GOOS)_$(go env GOARCH)"
step databases bash scripts/start-databases.sh
step go-test bash -c "go test -p 2 -count=1 -json ./... >'$results/go.json'"
step fuzz bash scripts/fuzz-brief.sh
step compose-build go test -tags composebuild -count=1 -timeout 60m -v -run TestComposeBuild ./internal/composetest/
step browser env PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" npx playwright test -c tests/browser/playwright.config.ts --reporter=json,list

node scripts/summarize.mjs "$results" "${failed_steps[@]}"
