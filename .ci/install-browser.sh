#!/usr/bin/env bash
# Installs what the dashboard's browser tests drive (pkg/report/html, issue 11):
# Debian's chromium (headless) and axe-core, pinned, under .tools/npm.
# Idempotent: does nothing for what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "install-browser: apt-get install chromium"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
fi

axe_version=4.11.0
if [ "$(node -p 'require("./.tools/npm/node_modules/axe-core/package.json").version' 2>/dev/null)" != "$axe_version" ]; then
  echo "install-browser: npm install axe-core@$axe_version"
  npm install --silent --no-audit --no-fund --prefix .tools/npm "axe-core@$axe_version"
fi
