#!/usr/bin/env bash
# Runs the whole suite (unit + integration on embedded Kafka, DynamoDB Local and ONNX Runtime) and ends with
# the plain "N passed, N failed" line. Extra arguments go to dotnet test (e.g. --filter Name~Grains).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mktemp)"
dotnet test "$ROOT/tests/Fraud.Orleans.Tests/Fraud.Orleans.Tests.csproj" -c Debug --no-build -nologo \
  --logger "console;verbosity=normal" "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
summary="$(grep -E '(Passed|Failed)!? +- +Failed: +[0-9]+, +Passed: +[0-9]+' "$out" | tail -n 1)"
rm -f "$out"
if [ -z "$summary" ]; then
  echo "0 passed, 1 failed (the test run did not complete; see above)"
  exit 1
fi
failed="$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$summary")"
passed="$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")"
skipped="$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$summary")"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
