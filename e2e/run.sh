#!/usr/bin/env bash
# Runs the end-to-end suite against a LangGraph Platform API server that is already running.
# Usage: e2e/run.sh [BASE_URL]     (default $BASE_URL, else http://127.0.0.1:8123; loopback addresses only)
# Set E2E_SERVER=js-anchor when the target is the official JS server: tests of Python-server behaviour it does not
# share are then reported as todo instead of failing.
set -euo pipefail
cd "$(dirname "$0")"
export BASE_URL="${1:-${BASE_URL:-http://127.0.0.1:8123}}"
command -v node >/dev/null || { echo "run.sh: node (>= 20.16) is required" >&2; exit 2; }
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi
echo "e2e: testing ${BASE_URL}${E2E_SERVER:+ (as ${E2E_SERVER})}"
exec node --test --test-concurrency=1
