#!/usr/bin/env bash
# End-to-end test of .pre-commit-hooks.yaml with the real pre-commit.
#
# The work tree as it is (tracked and untracked files, less what .gitignore leaves out)
# is committed to a throwaway repository, which a throwaway manifest repository then
# uses the way README.md's "Use as a pre-commit hook" says, with that snippet itself
# (repo and rev replaced). For the erslint hook (language golang, which builds erslint
# with go install) and erslint-system (the erslint on PATH), `pre-commit run
# --all-files` must pass on a compliant manifest and fail on one with an error, naming
# its file:line. erslint-test is run on a passing and a failing Rego test.
#
# pre-commit is installed from Debian when it is missing. Without it the script fails,
# or, when CI is unset (a developer's machine), skips with a message.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

install_pre_commit() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || return 1
    sudo=(sudo -n)
  fi
  "${sudo[@]}" apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends pre-commit
}

if ! command -v pre-commit >/dev/null 2>&1; then
  echo "pre-commit is not installed: installing the Debian package"
  if ! install_pre_commit; then
    if [ -z "${CI:-}" ]; then
      echo "SKIP: pre-commit could not be installed (CI is unset, so this is not an error)"
      exit 0
    fi
    fail "pre-commit could not be installed with apt-get"
  fi
fi
echo "pre-commit $(pre-commit --version | awk '{print $2}'), $(go version | awk '{print $3}')"

tmp=$(mktemp -d)
cleanup() {
  chmod -R u+w "$tmp" 2>/dev/null || true # go leaves read-only files
  rm -rf "$tmp"
}
trap cleanup EXIT

# Commits need an author, and a developer's own git configuration must not matter.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=erslint-ci GIT_AUTHOR_EMAIL=ci@erslint.invalid
export GIT_COMMITTER_NAME=erslint-ci GIT_COMMITTER_EMAIL=ci@erslint.invalid
# pre-commit's own store, so every run builds the hook afresh from this tree.
export PRE_COMMIT_HOME="$tmp/pre-commit-home"
# pre-commit points GOPATH at the hook's environment, which would download every
# module again; the machine's module cache serves them instead.
GOMODCACHE=$(go env GOMODCACHE)
export GOMODCACHE
export NO_COLOR=1
# erslint's cache, the test's own: never the user's.
export ERSLINT_CACHE_DIR="$tmp/erslint-cache"

# The work tree, committed to a throwaway repository: the hooks' `repo:`.
src="$tmp/erslint"
git init -q -b main "$src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard) |
  while IFS= read -r -d '' f; do
    if [ -e "$root/$f" ] || [ -L "$root/$f" ]; then printf '%s\0' "$f"; fi
  done |
  tar -C "$root" --null -T - -cf - | tar -C "$src" -xf -
git -C "$src" add -A
git -C "$src" commit -q -m "erslint work tree"
rev=$(git -C "$src" rev-parse HEAD)

# The configuration is README.md's snippet, pointed at the throwaway repository.
snippet=$(awk '
  /<!-- snippet:pre-commit -->/ { on = 1; next }
  /<!-- \/snippet -->/ { on = 0 }
  on && /^```/ { fence = !fence; next }
  on && fence { print }
' "$root/README.md")
[ -n "$snippet" ] || fail "README.md has no <!-- snippet:pre-commit --> block"
config=$(printf '%s\n' "$snippet" |
  sed -E "s#^( *- repo: ).*#\\1$src#; s#^( *rev: ).*#\\1$rev#")
grep -q "repo: $src\$" <<<"$config" || fail "the README snippet has no '- repo:' line"
grep -q "rev: $rev\$" <<<"$config" || fail "the README snippet has no 'rev:' line"
grep -q -- '- id: erslint$' <<<"$config" || fail "the README snippet has no '- id: erslint' line"

# A compliant GP practice; its DSPT is published today, so it stays current.
today=$(date -u +%F)
good_manifest() {
  cat <<EOF
apiVersion: ers-onboarding/v1
kind: OnboardingManifest
metadata:
  name: example-medical-practice
stage: live
organisation:
  name: Example Medical Practice
  type: gp-practice
  odsCode: A83008
  newToErs: true
services: []
registrationAuthority:
  inPlace: true
  provider: external
  providerName: Example ICB RA Service
  ersBusinessRolesAdded: true
governance:
  dspt:
    status: standards-met
    version: "2025-26"
    publishedOn: "$today"
  lessPrivateSettings: false
  clinicalSafety:
    officer:
      name: Dr C Example
      registration: GMC 1122334
    dcb0160: compliant
devices:
  - name: Consulting room PCs
    count: 8
    os: windows-11
    browser: edge
    browserVersion: 131
    meetsErsSpec: true
access:
  url: internet-facing
  network: internet
  authentication:
    - cis2-security-key
  existingSmartcardInfrastructure: false
training:
  applicationGuidanceReviewed: true
goLive:
  nationalServiceDeskRegistered: true
  releasePageBookmarked: true
  trainingForumJoined: true
  checkInCallBooked: true
  benefitsCaseRaised: true
  sessionTimeoutsUnderstood: true
EOF
}

# run_hooks DIR: pre-commit run --all-files in DIR; sets $out and $status.
run_hooks() {
  status=0
  out=$(cd "$1" && pre-commit run --all-files --color never 2>&1) || status=$?
}

# check_lint_hook NAME CONFIG [PATH-PREFIX]: the compliant manifest passes, the
# manifest with an error fails with its file:line.
check_lint_hook() {
  local name=$1 cfg=$2 repo="$tmp/manifests-$1"
  local start=$SECONDS
  git init -q -b main "$repo"
  mkdir -p "$repo/manifests"
  printf '%s\n' "$cfg" >"$repo/.pre-commit-config.yaml"
  good_manifest >"$repo/manifests/practice.yaml"
  # Other YAML beside the manifests, which pre-commit names too: not a manifest,
  # so not reported (erslint lint --force-exclude).
  printf 'services:\n  web:\n    image: nginx:1.27\nvolumes:\n  data: {}\n' >"$repo/docker-compose.yml"
  git -C "$repo" add -A
  git -C "$repo" commit -q -m "compliant manifest"

  run_hooks "$repo"
  [ "$status" -eq 0 ] || fail "$name: pre-commit failed on a compliant manifest (exit $status):"$'\n'"$out"
  grep -q '^erslint\.*Passed$' <<<"$out" || fail "$name: the hook did not run and pass:"$'\n'"$out"
  echo "ok   $name passes a compliant manifest"

  good_manifest | sed 's/^  url: internet-facing$/  url: other/' >"$repo/manifests/practice.yaml"
  local line
  line=$(grep -n '^  url: other$' "$repo/manifests/practice.yaml" | cut -d: -f1)
  git -C "$repo" commit -q -am "access through another URL"
  run_hooks "$repo"
  [ "$status" -eq 1 ] || fail "$name: pre-commit did not fail on a manifest with an error (exit $status):"$'\n'"$out"
  grep -q '^erslint\.*Failed$' <<<"$out" || fail "$name: the hook did not fail:"$'\n'"$out"
  grep -q "^manifests/practice.yaml:$line:[0-9]*: error ERS-ACC-001 " <<<"$out" ||
    fail "$name: the output does not name manifests/practice.yaml:$line with ERS-ACC-001:"$'\n'"$out"
  echo "ok   $name fails a manifest with an error, at manifests/practice.yaml:$line ($((SECONDS - start))s)"

  # pre-commit passes only the staged files: a staged copy of a committed manifest
  # (the same ODS code and name) must still fail on ERS-REPO-001/002, against the
  # manifest it was not given.
  start=$SECONDS
  git -C "$repo" checkout -q HEAD~1 -- manifests/practice.yaml
  git -C "$repo" commit -q -am "compliant again"
  mkdir -p "$repo/manifests/new"
  cp "$repo/manifests/practice.yaml" "$repo/manifests/new/copy.yaml"
  git -C "$repo" add manifests/new/copy.yaml
  status=0
  out=$(cd "$repo" && pre-commit run --color never 2>&1) || status=$?
  [ "$status" -eq 1 ] || fail "$name: pre-commit did not fail on a staged copy of a manifest (exit $status):"$'\n'"$out"
  grep -q "^manifests/new/copy.yaml:[0-9]*:[0-9]*: error ERS-REPO-001 .*manifests/practice.yaml:" <<<"$out" ||
    fail "$name: the staged copy is not reported with ERS-REPO-001 naming manifests/practice.yaml:"$'\n'"$out"
  grep -q "^manifests/new/copy.yaml:[0-9]*:[0-9]*: error ERS-REPO-002 " <<<"$out" ||
    fail "$name: the staged copy is not reported with ERS-REPO-002:"$'\n'"$out"
  if grep -q "^manifests/practice.yaml:" <<<"$out"; then
    fail "$name: a file pre-commit did not pass is reported on:"$'\n'"$out"
  fi
  echo "ok   $name fails a staged copy of a manifest (ERS-REPO-001/002 against the committed one) ($((SECONDS - start))s)"
}

# erslint-system needs erslint on PATH: installed as a user would.
mkdir -p "$tmp/bin"
(cd "$root" && GOBIN="$tmp/bin" go install ./cmd/erslint)

check_lint_hook erslint "$config"
installed=$(find "$PRE_COMMIT_HOME" -path '*/golangenv-*/bin/erslint' -type f | sed -n 1p)
[ -n "$installed" ] || fail "erslint: pre-commit did not build erslint in its golang environment"
echo "     (the golang hook built ${installed#"$PRE_COMMIT_HOME"/})"

PATH="$tmp/bin:$PATH" check_lint_hook erslint-system "$(sed 's/- id: erslint$/- id: erslint-system/' <<<"$config")"

# A national repository: 10,000 manifests (bench/gen-manifests.py). A commit that
# adds one runs the hook on that file alone, with every other manifest as context
# (ERS-REPO-001/002): the first run fills erslint's cache, the second reads the
# other manifests' keys from it, neither reading nor parsing them, and reports the
# same.
check_national_repo() {
  local repo="$tmp/national" start=$SECONDS out1 out2
  python3 "$root/bench/gen-manifests.py" "$repo/manifests" -n 10000 >/dev/null
  git -C "$repo" init -q -b main
  sed 's/- id: erslint$/- id: erslint-system/' <<<"$config" >"$repo/.pre-commit-config.yaml"
  git -C "$repo" add -A
  git -C "$repo" commit -q -m "10,000 manifests"
  local original
  original=$(cd "$repo" && git ls-files 'manifests/*.yaml' | sed -n 4242p)
  mkdir -p "$repo/manifests/new"
  cp "$repo/$original" "$repo/manifests/new/copy.yaml"
  git -C "$repo" add manifests/new/copy.yaml
  rm -rf "$ERSLINT_CACHE_DIR" # cold, then warm
  for run in 1 2; do
    status=0
    out=$(cd "$repo" && PATH="$tmp/bin:$PATH" pre-commit run --verbose --color never 2>&1) || status=$?
    [ "$status" -eq 1 ] || fail "national repository, run $run: pre-commit did not fail on a copy of a manifest (exit $status):"$'\n'"$out"
    grep -q "^manifests/new/copy.yaml:[0-9]*:[0-9]*: error ERS-REPO-001 .*$original:" <<<"$out" ||
      fail "national repository, run $run: the copy is not reported with ERS-REPO-001 naming $original:"$'\n'"$out"
    if grep -q "^manifests/[0-9]" <<<"$out"; then
      fail "national repository, run $run: a file pre-commit did not pass is reported on:"$'\n'"$out"
    fi
    grep -v -e '^- duration' -e '^erslint: cache' <<<"$out" >"$tmp/national-$run.out"
  done
  grep -q "erslint: cache: .*10000 of 10000 context files" <<<"$out" ||
    fail "national repository: the second run did not take the 10,000 context files from the cache:"$'\n'"$out"
  cmp -s "$tmp/national-1.out" "$tmp/national-2.out" ||
    fail "national repository: the warm run reported otherwise:"$'\n'"$(diff "$tmp/national-1.out" "$tmp/national-2.out")"
  echo "ok   erslint-system on 10,000 manifests: a copy fails with ERS-REPO-001, the second run from the cache ($((SECONDS - start))s)"
}
check_national_repo

# erslint-test: the Rego tests of custom policies.
if ! "$tmp/bin/erslint" test --help >/dev/null 2>&1; then
  echo "SKIP erslint-test: this erslint has no test subcommand"
else
  start=$SECONDS
  repo="$tmp/policies-repo"
  git init -q -b main "$repo"
  mkdir -p "$repo/policies"
  cat >"$repo/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $src
    rev: $rev
    hooks:
      - id: erslint-test
        args: [policies]
EOF
  cat >"$repo/policies/smoke_test.rego" <<'EOF'
package custom.smoke_test

test_truth if {
	true
}
EOF
  git -C "$repo" add -A
  git -C "$repo" commit -q -m "a passing test"
  run_hooks "$repo"
  [ "$status" -eq 0 ] || fail "erslint-test: pre-commit failed on a passing test (exit $status):"$'\n'"$out"
  grep -q '^erslint test\.*Passed$' <<<"$out" || fail "erslint-test: the hook did not run and pass:"$'\n'"$out"
  echo "ok   erslint-test passes when the policy tests pass"
  printf '\ntest_wrong if {\n\tfalse\n}\n' >>"$repo/policies/smoke_test.rego"
  git -C "$repo" commit -q -am "a failing test"
  run_hooks "$repo"
  [ "$status" -eq 1 ] || fail "erslint-test: pre-commit did not fail on a failing test (exit $status):"$'\n'"$out"
  grep -q 'FAIL .*test_wrong' <<<"$out" || fail "erslint-test: the output does not name test_wrong:"$'\n'"$out"
  echo "ok   erslint-test fails when a policy test fails ($((SECONDS - start))s)"
fi
echo "pre-commit hooks: all checks passed"
