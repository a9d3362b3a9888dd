#!/usr/bin/env bash
# bench/run.sh: erslint's performance table, measured in one run so that the
# ratios compare like with like on the same machine and the same load.
#
# It generates the corpus (bench/gen-manifests.py, the same corpus for everyone),
# then measures:
#   parse floor   bench/parsefloor: walk, read and yaml.v3-parse the same files
#                 with the same parallelism, nothing else
#   erslint       erslint lint --format json --days 0 on the corpus
#   conftest      conftest test --all-namespaces with the same rules and data
#   cold start    one manifest (the pre-commit case) against a bare erslint version
# and, with --100k, the parse floor and erslint on 100,000 manifests, and
# erslint on the first 50,000 of them.
#
# Usage: bench/run.sh [--100k] [--runs N] [--out DIR] [--no-conftest]
# Needs: go, python3, GNU time (/usr/bin/time); hyperfine if installed (else a
# loop of runs); conftest on PATH or in $(go env GOPATH)/bin, installed with
# go install when missing.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
out=$root/bench/out
runs=3
big=0
with_conftest=1
as_of=2026-11-24
while (($#)); do
	case $1 in
	--100k) big=1 ;;
	--runs) runs=$2; shift ;;
	--out) out=$2; shift ;;
	--no-conftest) with_conftest=0 ;;
	-h | --help) sed -n '2,18p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
mkdir -p "$out/bin"
gnutime=/usr/bin/time
[[ -x $gnutime ]] || { echo "run.sh: GNU time is needed (apt-get install -y time)" >&2; exit 2; }

log() { printf '%s\n' "$*" >&2; }

log "building erslint and the parse floor"
go build -o "$out/bin/erslint" ./cmd/erslint
go build -o "$out/bin/parsefloor" ./bench/parsefloor
erslint=$out/bin/erslint

# corpus N: generate once per size; a stamp records the generator's checksum.
corpus() {
	local n=$1 dir=$out/corpus-$1 sum
	sum=$(sha256sum bench/gen-manifests.py | cut -c1-16)
	if [[ $(cat "$dir/.stamp" 2>/dev/null) != "$n $sum" ]]; then
		log "generating $n manifests into $dir"
		rm -rf "$dir"
		python3 bench/gen-manifests.py "$dir" -n "$n"
		echo "$n $sum" >"$dir/.stamp"
	fi
	echo "$dir"
}

# measure NAME CMD...: runs CMD $runs times under GNU time, after one warm-up
# run (the files are then in the page cache for every contender alike), and
# records the median wall time, the CPU time (user+sys) of that run and the
# largest peak RSS. Exit status 1 is expected: the corpus has findings.
declare -A wall cpu rss
measure() {
	local name=$1 i
	shift
	log "measuring $name ($runs runs)"
	"$@" >/dev/null 2>&1 || true
	local samples=()
	for ((i = 0; i < runs; i++)); do
		"$gnutime" -f '%e %U %S %M' -o "$out/time.txt" "$@" >/dev/null 2>&1 || true
		samples+=("$(tail -1 "$out/time.txt")")
	done
	local median
	median=$(printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
	read -r w u s _ <<<"$median"
	wall[$name]=$w
	cpu[$name]=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
	rss[$name]=$(printf '%s\n' "${samples[@]}" | awk 'm < $4 { m = $4 } END { printf "%.0f", m / 1024 }')
}

c10k=$(corpus 10000)
measure "parse floor, 10k" "$out/bin/parsefloor" "$c10k"
# --days 0: a plain lint, as conftest does, without the look-ahead the JSON
# report's organisation summaries read (bench/programme.sh measures that).
measure "erslint, 10k" "$erslint" lint --as-of "$as_of" --format json --days 0 "$c10k"

if ((with_conftest)); then
	conftest=$(command -v conftest || true)
	[[ -z $conftest && -x $(go env GOPATH)/bin/conftest ]] && conftest=$(go env GOPATH)/bin/conftest
	if [[ -z $conftest ]]; then
		log "installing conftest"
		if ! go install github.com/open-policy-agent/conftest@v0.69.0; then
			latest=$(go list -m -versions github.com/open-policy-agent/conftest | tr ' ' '\n' | tail -1)
			go install "github.com/open-policy-agent/conftest@$latest"
		fi
		conftest=$(go env GOPATH)/bin/conftest
	fi
	# The same rules: every built-in policy but the _test.rego files (conftest
	# would take their deny_* helpers for rules), and the same data.
	rm -rf "$out/conftest" && mkdir -p "$out/conftest/policies"
	(cd policies && find . -name '*.rego' ! -name '*_test.rego' -exec cp --parents {} "$out/conftest/policies/" \;)
	"$erslint" rules --format json | python3 -c '
import json, sys
ids = [r["id"] for r in json.load(sys.stdin)]
json.dump({"erslint": {"config": {"asOf": sys.argv[1], "ruleIds": ids}}}, sys.stdout)
' "$as_of" >"$out/conftest/data.json"
	measure "conftest, 10k" "$conftest" test --all-namespaces --no-color --output json \
		--policy "$out/conftest/policies" --data "$out/conftest/data.json" "$c10k"
fi

if ((big)); then
	c100k=$(corpus 100000)
	measure "parse floor, 100k" "$out/bin/parsefloor" "$c100k"
	# The first half of the corpus's directories: 50k manifests, to show how
	# memory and time grow between 50k and 100k.
	mapfile -t dirs < <(find "$c100k" -mindepth 1 -maxdepth 1 -type d | sort)
	measure "erslint, 50k" "$erslint" lint --as-of "$as_of" --format json --days 0 "${dirs[@]:0:${#dirs[@]}/2}"
	measure "erslint, 100k" "$erslint" lint --as-of "$as_of" --format json --days 0 "$c100k"
fi

# Cold start: the pre-commit case, one manifest, against the bare binary.
one=$root/examples/nhs-trust.yaml
log "measuring cold start"
if command -v hyperfine >/dev/null; then
	hyperfine -N --warmup 5 --runs 50 -i --export-json "$out/cold.json" \
		"$erslint version" "$erslint lint --as-of $as_of $one" >/dev/null 2>&1
	read -r cold_version cold_lint < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(*("%.1f" % (x["median"] * 1000) for x in r))' "$out/cold.json")
else
	median_ms() {
		local i t0 t1 ts=()
		for ((i = 0; i < 50; i++)); do
			t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
			ts+=($(((t1 - t0) / 1000)))
		done
		printf '%s\n' "${ts[@]}" | sort -n | sed -n 25p | awk '{ printf "%.1f", $1 / 1000 }'
	}
	cold_version=$(median_ms "$erslint" version)
	cold_lint=$(median_ms "$erslint" lint --as-of "$as_of" "$one")
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
row() { printf '| %-20s | %8s | %8s | %8s | %s |\n' "$1" "$2" "$3" "$4" "$5"; }

echo
echo "Machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(go version | cut -d' ' -f3-)"
echo
row "run" "wall (s)" "CPU (s)" "peak MiB" "ratio"
row "---" "---:" "---:" "---:" "---"
row "parse floor, 10k" "${wall[parse floor, 10k]}" "${cpu[parse floor, 10k]}" "${rss[parse floor, 10k]}" ""
row "erslint, 10k" "${wall[erslint, 10k]}" "${cpu[erslint, 10k]}" "${rss[erslint, 10k]}" \
	"$(ratio "${wall[erslint, 10k]}" "${wall[parse floor, 10k]}") x parse floor (target <= 2.5, and <= 3 s)"
if ((with_conftest)); then
	row "conftest, 10k" "${wall[conftest, 10k]}" "${cpu[conftest, 10k]}" "${rss[conftest, 10k]}" \
		"$(ratio "${wall[conftest, 10k]}" "${wall[erslint, 10k]}") x erslint's wall time"
fi
if ((big)); then
	row "parse floor, 100k" "${wall[parse floor, 100k]}" "${cpu[parse floor, 100k]}" "${rss[parse floor, 100k]}" ""
	row "erslint, 50k" "${wall[erslint, 50k]}" "${cpu[erslint, 50k]}" "${rss[erslint, 50k]}" \
		"$(ratio "${wall[erslint, 50k]}" "$(awk -v w="${wall[erslint, 10k]}" 'BEGIN { print w * 5 }')") x linear from 10k"
	row "erslint, 100k" "${wall[erslint, 100k]}" "${cpu[erslint, 100k]}" "${rss[erslint, 100k]}" \
		"$(ratio "${wall[erslint, 100k]}" "${wall[parse floor, 100k]}") x parse floor; $(ratio "${wall[erslint, 100k]}" "$(awk -v w="${wall[erslint, 10k]}" 'BEGIN { print w * 10 }')") x linear from 10k; memory $(ratio "${rss[erslint, 100k]}" "${rss[erslint, 50k]}") x 50k, $(ratio "${rss[erslint, 100k]}" "${rss[erslint, 10k]}") x 10k"
fi
echo
row "cold start (median)" "ms" "" "" ""
row "---" "---:" "" "" "---"
row "erslint version" "$cold_version" "" "" ""
row "lint one manifest" "$cold_lint" "" "" "$(ratio "$cold_lint" "$cold_version") x version (target <= 30 ms)"
