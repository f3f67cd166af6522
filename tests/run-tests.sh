#!/usr/bin/env bash
# Runs the whole suite (unit + integration on embedded Kafka, DynamoDB Local and ONNX Runtime, then the Orleans
# integration tests on DynamoDB Local) and ends with one plain "N passed, N failed" line summing both projects.
# Extra arguments go to each dotnet test (e.g. --filter Name~Grains); a project the filter leaves empty counts 0.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECTS=(
  "$ROOT/tests/Fraud.Orleans.Tests/Fraud.Orleans.Tests.csproj"
  "$ROOT/tests/Fraud.Orleans.IntegrationTests/Fraud.Orleans.IntegrationTests.csproj"
)
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
# The detailed console logger ends with "Total tests: N", "Passed: N", "Failed: N", "Skipped: N".
count() { grep -E "^ *$1: +[0-9]+" "$out" | tail -n 1 | grep -oE '[0-9]+' || true; }
passed=0; failed=0; skipped=0; status=0
for project in "${PROJECTS[@]}"; do
  dotnet test "$project" -c Debug --no-build -nologo --logger "console;verbosity=detailed" "$@" 2>&1 | tee "$out"
  project_status=${PIPESTATUS[0]}
  total="$(count 'Total tests')"
  if [ -z "$total" ]; then
    # A filter that matches nothing in this project is not a failure; a run that did not complete is.
    if grep -qE "No test matches the given testcase filter|No test is available" "$out"; then
      continue
    fi
    echo "0 passed, 1 failed (the test run of $(basename "$project") did not complete; see above)"
    exit 1
  fi
  p="$(count Passed)"; f="$(count Failed)"; s="$(count Skipped)"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
  [ "$project_status" -eq 0 ] || status=$project_status
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
