#!/usr/bin/env bash
# bench/dense-yaml.sh: peak memory and time of erslint on dense 10 MiB YAML
# files (issue 10), and on files just under the --max-nodes count, each the
# worst of its shape. Every figure must stay under 300 MiB of peak memory.
#
# Usage: bench/dense-yaml.sh [ERSLINT_BINARY]   (default: builds ./cmd/erslint)
# Needs: python3, GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bin=${1:-}
if [[ -z $bin ]]; then
	go build -o "$out/erslint" ./cmd/erslint
	bin=$out/erslint
fi
python3 - "$out" <<'PY'
import sys
out = sys.argv[1]
size, nodes = 10 << 20, 500_000
def write(name, head, item, tail, n):
    with open(f"{out}/{name}.yaml", "w") as f:
        f.write(head + item * n + tail)
# 10 MiB, far over the limit: refused before parsing.
write("flow-10MiB", "items: [", "a, ", "a]\n", (size - 20) // 3)
write("block-10MiB", "items:\n", "- a\n", "", (size - 20) // 4)
write("comments-10MiB", "a: 1\n", "# a b c d e f g h\n", "", (size - 20) // 18)
write("string-10MiB", "a: \"", "x" * 1000, "\"\n", (size - 20) // 1000)
# Just under the count before parsing: parsed, the densest shapes.
write("flow-under", "items: [", "a,", "a]\n", (nodes - 20) // 2)
write("flowmaps-under", "items: [", "{a},", "{a}]\n", (nodes - 20) // 4)
write("block-under", "items:\n", "- a\n", "", (nodes - 20) // 3)
with open(f"{out}/keys-under.yaml", "w") as f:
    f.write("".join(f"k{i}: v\n" for i in range((nodes - 20) // 4)))
write("aliases-under", "a: &a [x]\nb: [", "*a,", "*a]\n", (nodes - 40) // 2)
PY
printf '%-16s %10s %6s %9s %11s\n' file bytes exit seconds peak-MiB
for f in "$out"/*.yaml; do
	name=$(basename "$f" .yaml)
	set +e
	/usr/bin/time -f '%e %M' -o "$out/time" "$bin" lint --as-of 2026-11-24 "$f" >"$out/report" 2>/dev/null
	code=$?
	set -e
	read -r secs kib < <(tail -n 1 "$out/time")
	printf '%-16s %10d %6d %9s %11d\n' "$name" "$(stat -c %s "$f")" "$code" "$secs" $((kib / 1024))
done
