#!/usr/bin/env bash
# bench/many-findings.sh: time and peak memory of erslint on N small broken
# manifests ("kind: OnboardingManifest" and "a: <n>": 22 findings each; a file
# with no sign of a manifest would be skipped), for the sizes given (issue 10: time
# must grow linearly with the findings, memory in proportion to them). On a
# shared machine, compare the user CPU time and the number of collections:
# wall time follows the load.
#
# Usage: bench/many-findings.sh [ERSLINT_BINARY] [N...]   (default: builds
# ./cmd/erslint; sizes 10000 30000)
# Needs: python3, GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bin=${1:-}
shift || true
if [[ -z $bin ]]; then
	go build -o "$out/erslint" ./cmd/erslint
	bin=$out/erslint
fi
sizes=("$@")
((${#sizes[@]})) || sizes=(10000 30000)
printf '%8s %9s %6s %9s %9s %9s %5s %11s\n' files findings exit wall-s user-s peak-MiB gcs report-MiB
for n in "${sizes[@]}"; do
	dir=$out/broken-$n
	python3 - "$dir" "$n" <<'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    sub = f"{d}/{i // 1000:03d}"
    os.makedirs(sub, exist_ok=True)
    with open(f"{sub}/m{i:06d}.yaml", "w") as f:
        f.write(f"kind: OnboardingManifest\na: {i}\n")
PY
	set +e
	GODEBUG=gctrace=1 /usr/bin/time -f '%e %U %M' -o "$out/time" "$bin" lint --as-of 2026-11-24 "$dir" >"$out/report" 2>"$out/gc"
	code=$?
	set -e
	read -r wall user kib < <(tail -n 1 "$out/time")
	printf '%8d %9d %6d %9s %9s %9d %5d %11d\n' "$n" $(($(wc -l <"$out/report") - 1)) "$code" "$wall" "$user" \
		$((kib / 1024)) "$(grep -c '^gc ' "$out/gc")" $(($(stat -c %s "$out/report") >> 20))
	rm -rf "$dir"
done
