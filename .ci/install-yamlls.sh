#!/usr/bin/env bash
# Installs yaml-language-server (pinned) under .tools/npm for the editor test
# (cmd/erslint/yamlls_test.go), which drives it over stdio as an editor would.
# Idempotent: does nothing when that version is already there. 1.25.0 is the
# newest release that runs on Debian's Node 20 (2.x wants Node 22.13 or later).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=1.25.0
pkg="$root/.tools/npm/node_modules/yaml-language-server/package.json"
if [ -f "$pkg" ] && grep -q "\"version\": \"$version\"" "$pkg"; then
  echo "yaml-language-server $version already installed"
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "install-yamlls: npm is needed (apt-get install npm)" >&2; exit 1; }
mkdir -p "$root/.tools/npm"
npm install --prefix "$root/.tools/npm" --no-audit --no-fund --loglevel=error "yaml-language-server@$version"
