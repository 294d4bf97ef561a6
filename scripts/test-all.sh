#!/usr/bin/env bash
# Runs every test of the suite and prints one closing line "N passed, N failed".
#   Go: gofmt, go vet, unit, integration (real Prometheus, PostgreSQL, MariaDB
#       and SQLite on 127.0.0.1), 5 s of each fuzz target and the
#       plugin-protocol test against the built executable;
#   TypeScript: typecheck, lint, jest, production build;
#   Browser: Playwright in Chromium against the built dist/ panel;
#   tree-clean: the run changed no tracked file and left no untracked file
#       that git does not ignore (compared with `git status` before the run, so
#       uncommitted work that was there already does not count).
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

# The working tree as git sees it: one line per changed tracked file and per
# untracked file that is not ignored (each file of an untracked folder).
tree_status() {
  git status --porcelain=v1 -uall --no-renames 2>/dev/null | LC_ALL=C sort
}

# Fails if the run added lines to `git status`: a tracked file it changed or
# deleted, a file it left that .gitignore does not cover. What was dirty before
# the run is not the run's doing; a file that was already modified and that the
# run changed again is not seen (its status line stays the same).
tree_clean() {
  local added
  added=$(LC_ALL=C comm -13 "$results/tree-before" <(tree_status))
  [ -z "$added" ] || {
    echo "the test run changed the working tree (git status lines that were not there before):"
    echo "$added"
    return 1
  }
}

tree_status >"$results/tree-before"

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
step tree-clean tree_clean

node scripts/summarize.mjs "$results" "${failed_steps[@]}"
