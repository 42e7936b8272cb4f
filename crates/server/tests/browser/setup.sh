#!/usr/bin/env bash
# Installs what the browser test needs: Debian's chromium package and playwright-core from
# the npm registry (which drives the system chromium; it never downloads a browser).
# Usage: setup.sh DIR  — playwright-core goes to DIR/node_modules.
# Exit status 0 when both are ready; non-zero with a reason on stderr otherwise.
set -euo pipefail
dir="${1:?usage: setup.sh DIR}"

command -v node >/dev/null || { echo "node is not installed" >&2; exit 2; }
command -v npm >/dev/null || { echo "npm is not installed" >&2; exit 2; }

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "/usr/bin/chromium is missing and cannot be installed here (needs root and apt-get)" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium >&2 || { apt-get update -qq >&2 && apt-get install -y -qq chromium >&2; }
fi

if [ ! -f "$dir/node_modules/playwright-core/package.json" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --no-save --silent "playwright-core@1" >&2
fi
test -f "$dir/node_modules/playwright-core/package.json"
