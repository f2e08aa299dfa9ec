#!/usr/bin/env bash
# Installs what tests/browser needs: Debian's chromium and CJK fonts (apt), axe-core (npm).
# Called by .ci/run; a developer may run it once too. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "tests/browser: please install chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk)" >&2
  fi
fi

# axe-core, pinned by package-lock.json, into tests/browser/node_modules (gitignored).
if [ ! -f "$here/node_modules/axe-core/axe.min.js" ]; then
  npm ci --no-audit --no-fund --prefix "$here" >/dev/null
fi
echo "tests/browser: chromium $(chromium --version 2>/dev/null | awk '{print $2}'), axe-core $(node -p "require('$here/node_modules/axe-core/package.json').version")"
