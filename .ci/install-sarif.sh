#!/usr/bin/env bash
# Installs the SARIF multitool (Microsoft's SARIF SDK, from npm) under .tools/npm,
# for cmd/erslint's tests, which validate every SARIF report they write with
# `sarif-multitool validate` and require zero errors. The npm package ships a
# self-contained .NET build for linux-x64; nothing else is needed. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
version=5.7.0
bin=.tools/npm/node_modules/.bin/sarif-multitool
installed=$([ -x "$bin" ] && "$bin" --version 2>&1 | sed -n 1p || true)
if [[ "$installed" == "SARIF Multitool $version+"* ]]; then
  echo "sarif-multitool $version is installed"
  exit 0
fi
mkdir -p .tools/npm
npm install --prefix .tools/npm --no-audit --no-fund "@microsoft/sarif-multitool@$version"
installed=$("$bin" --version 2>&1 | sed -n 1p)
echo "$installed"
[[ "$installed" == "SARIF Multitool $version+"* ]] || { echo "sarif-multitool $version did not install" >&2; exit 1; }
