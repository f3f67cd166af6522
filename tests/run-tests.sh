#!/usr/bin/env bash
# Runs the whole suite (unit + integration on embedded Kafka, DynamoDB Local and ONNX Runtime) and ends with
# the plain "N passed, N failed" line. Extra arguments go to dotnet test (e.g. --filter Name~Grains).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mktemp)"
dotnet test "$ROOT/tests/Fraud.Orleans.Tests/Fraud.Orleans.Tests.csproj" -c Debug --no-build -nologo \
  --logger "console;verbosity=detailed" "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
# The detailed console logger ends with "Total tests: N", "Passed: N", "Failed: N", "Skipped: N".
count() { grep -E "^ *$1: +[0-9]+" "$out" | tail -n 1 | grep -oE '[0-9]+' || true; }
total="$(count 'Total tests')"
passed="$(count Passed)"; failed="$(count Failed)"; skipped="$(count Skipped)"
rm -f "$out"
if [ -z "$total" ]; then
  echo "0 passed, 1 failed (the test run did not complete; see above)"
  exit 1
fi
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
[ "$status" -eq 0 ] && [ "${failed:-0}" -eq 0 ] && [ "${passed:-0}" -gt 0 ]
