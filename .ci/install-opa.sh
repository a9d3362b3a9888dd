#!/usr/bin/env bash
# Builds the real opa binary (the bundle's end-to-end tests serve the bundle with
# it) into .tools/bin, at the version of the OPA module go.mod pins, from the Go
# module proxy. Idempotent: does nothing when that version is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(go list -m -f '{{.Version}}' github.com/open-policy-agent/opa)
bin="$PWD/.tools/bin/opa"
if [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -x "Version: ${version#v}" >/dev/null; then
  echo "opa $version already installed at $bin"
  exit 0
fi
mkdir -p .tools/bin
GOBIN="$PWD/.tools/bin" go install "github.com/open-policy-agent/opa@$version"
"$bin" version | sed -n 1p
