#!/usr/bin/env bash
# Runs every Go fuzz target for a short while (5 s each; FUZZTIME=1m for longer)
# on top of its committed seed corpus, and fails if any target fails.
# docs/fuzzing.md: what each target checks, longer runs, keeping a crasher.
#
# go test -fuzz takes one package and one target at a time, hence the loop.
# -fuzzminimizetime counts runs rather than time: a minimization that runs out
# of time kills the fuzzing process, and a restarted pkg/datasource process
# starts its test Prometheus again (TestMain), which left no time to fuzz.
set -uo pipefail
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-5s}
targets=(
  "FuzzParse ./pkg/catalog"
  "FuzzPlanQuery ./pkg/datasource"
  "FuzzFinalize ./pkg/promql"
  "FuzzParseMeasures ./pkg/engine"
)
failed=()
for target in "${targets[@]}"; do
  read -r name pkg <<<"$target"
  echo "-- $name ($pkg, $fuzztime)"
  if ! go test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" -fuzzminimizetime=200x -parallel=2 "$pkg"; then
    failed+=("$name")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz targets failed: ${failed[*]} (a failing input is in the package's testdata/fuzz/<target>/)"
  exit 1
fi
echo "all ${#targets[@]} fuzz targets passed"
