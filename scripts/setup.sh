#!/usr/bin/env bash
# Setup run before `npm start` and `npm test` (npm's prestart/pretest hooks): installs what a fresh
# clone lacks. Idempotent and quick when everything is present.
#   --test   also make sure Chromium (for the browser tests) is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

# 1. Node packages: install when node_modules is missing or older than the lockfile.
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] installing Node packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# 2. Database engine: build FerretDB with Go once, unless MONGODB_URI or mongod makes it unneeded.
if [ -z "${MONGODB_URI:-}" ] && ! command -v mongod >/dev/null 2>&1; then
  node_modules/.bin/tsx scripts/ensure-engine.ts
fi

# 3. Chromium for the browser test.
if [ "${1:-}" = "--test" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "[setup] installing Debian's chromium for the browser tests"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
  else
    echo "[setup] Chromium is missing: install Debian's chromium package (sudo apt-get install chromium) for the browser tests" >&2
    exit 1
  fi
fi
