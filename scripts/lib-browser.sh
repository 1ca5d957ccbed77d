#!/usr/bin/env bash
# Sourced helper: makes a headless browser available to the e2e suite's browser tests (the /docs page, CORS from a
# page on another origin), which drive Debian's chromium with playwright-core (never a downloaded browser).
#   . scripts/lib-browser.sh
# Exports E2E_CHROMIUM when a chromium binary is found, installing Debian's `chromium` package first when it is missing
# and this runs as root with apt-get available (as on CI). Otherwise prints why the browser tests will be skipped.

kgraph_find_chromium() {
  local candidate
  for candidate in "${E2E_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

kgraph_select_chromium() {
  local found
  if ! found=$(kgraph_find_chromium); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "lib-browser: installing Debian's chromium for the browser tests" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) >&2 \
        || echo "lib-browser: apt-get could not install chromium" >&2
      found=$(kgraph_find_chromium) || found=""
    fi
  fi
  if [ -n "${found:-}" ]; then
    export E2E_CHROMIUM="$found"
    echo "lib-browser: browser tests use $E2E_CHROMIUM" >&2
  else
    echo "lib-browser: no chromium (not root with apt-get, or the install failed); the browser tests (/docs page," \
      "CORS from another origin) will be SKIPPED. Install Debian's chromium package or set E2E_CHROMIUM." >&2
  fi
}

kgraph_select_chromium
