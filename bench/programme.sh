#!/usr/bin/env bash
# bench/programme.sh: the programme view at scale (issue 11), on the
# benchmark corpus (bench/gen-manifests.py, 10,000 manifests by default):
#   lint          erslint lint --format json --days 0 (a plain lint)
#   forecast      erslint forecast --days 90 --format json (budget: 5 x lint)
#   lint json     erslint lint --format json (with the 90-day look-ahead its
#                 organisation summaries read)
#   html          erslint lint --format html, its size, and in headless
#                 chromium its DOMContentLoaded and the time of a filter
#                 (BenchmarkDashboard in pkg/report; needs .ci/install-browser.sh)
# Times are the best of --runs runs, wall and user CPU (GNU time).
#
# Usage: bench/programme.sh [-n N] [--runs N] [--out DIR]
set -euo pipefail

cd "$(dirname "$0")/.."
n=10000
runs=3
out=$PWD/bench/out
as_of=2026-11-24
while (($#)); do
	case $1 in
	-n) n=$2; shift ;;
	--runs) runs=$2; shift ;;
	--out) out=$2; shift ;;
	-h | --help) sed -n '2,14p' "$0"; exit 0 ;;
	*) echo "programme.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
[[ -x /usr/bin/time ]] || { echo "programme.sh: GNU time is needed (apt-get install -y time)" >&2; exit 2; }
mkdir -p "$out/bin"
go build -o "$out/bin/erslint" ./cmd/erslint
erslint=$out/bin/erslint

dir=$out/corpus-$n
sum=$(sha256sum bench/gen-manifests.py | cut -c1-16)
if [[ $(cat "$dir/.stamp" 2>/dev/null) != "$n $sum" ]]; then
	echo "generating $n manifests into $dir" >&2
	rm -rf "$dir"
	python3 bench/gen-manifests.py "$dir" -n "$n"
	echo "$n $sum" >"$dir/.stamp"
fi

# best NAME ARGS...: the best wall and user seconds of runs of erslint ARGS.
best() {
	local name=$1 wall user best_wall="" best_user=""
	shift
	for ((i = 0; i < runs; i++)); do
		read -r wall user < <(/usr/bin/time -f "%e %U" "$erslint" "$@" 2>&1 >/dev/null | tail -1)
		if [[ -z $best_wall ]] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; fi
		if [[ -z $best_user ]] || awk "BEGIN{exit !($user < $best_user)}"; then best_user=$user; fi
	done
	printf '%-10s %8.2f s wall %8.2f s user\n' "$name" "$best_wall" "$best_user"
	eval "${name//-/_}_wall=$best_wall ${name//-/_}_user=$best_user"
}

echo "== $n manifests, as of $as_of, best of $runs"
best lint lint --as-of "$as_of" --format json --days 0 "$dir"
best forecast forecast --as-of "$as_of" --days 90 --format json "$dir"
best lint-json lint --as-of "$as_of" --format json "$dir"
awk "BEGIN{printf \"forecast / lint: %.2f x wall, %.2f x user (budget 5 x)\n\", $forecast_wall/$lint_wall, $forecast_user/$lint_user}"
awk "BEGIN{printf \"lint json with look-ahead / lint: %.2f x wall, %.2f x user\n\", $lint_json_wall/$lint_wall, $lint_json_user/$lint_user}"

page=$out/dashboard-$n.html
"$erslint" lint --as-of "$as_of" --format html --output "$page" "$dir" || true
echo "html: $(stat -c %s "$page") bytes"
ERSLINT_BENCH_PAGE=$page go test -run '^$' -bench '^BenchmarkDashboard$' -benchtime "${runs}x" ./pkg/report | grep -E '^Benchmark|dashboard'
