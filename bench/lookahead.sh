#!/usr/bin/env bash
# bench/lookahead.sh: the cost of the look-ahead (issue 21), erslint built from
# a revision against erslint built from the working tree (or a second
# revision), on the 10k corpus of bench/gen-manifests.py.
#
# For each build it measures, interleaved (base, head, head, base, ..., so
# that a change of load falls on both alike):
#   days0     erslint lint --format json --days 0 --no-cache (a plain lint)
#   days90    erslint lint --format json --no-cache (the JSON and HTML
#             reports' look-ahead of 90 days; target at most 1.2 x days0)
#   forecast  erslint forecast --days 90 --format json (with the go-live
#             rehearsals; target at most 2 x days0), --no-cache where the
#             build's forecast has a cache
# and prints the medians of the CPU time (user + system, from the kernel's
# accounting of each child) and of the ratios to days0 of the same build in
# the same round (days0, days90 and forecast run back to back). Last it checks
# that both builds write the same bytes for days90 and forecast.
#
# Usage: bench/lookahead.sh [--runs N] [--out DIR] [-n N] REV [HEAD-REV]
#   --runs N   rounds per build (default 4)
#   --out DIR  builds, corpus, reports (default $TMPDIR/erslint-lookahead)
#   -n N       manifests in the corpus (default 10000)
# Needs: go, python3, git.
set -euo pipefail

cd "$(dirname "$0")/.."
out=${TMPDIR:-/tmp}/erslint-lookahead
runs=4
n=10000
rev=
head_rev=
as_of=2026-11-24
while (($#)); do
	case $1 in
	--runs) runs=$2; shift ;;
	--out) out=$2; shift ;;
	-n) n=$2; shift ;;
	-h | --help) sed -n '2,23p' "$0"; exit 0 ;;
	-*) echo "lookahead.sh: unknown argument $1" >&2; exit 2 ;;
	*) if [[ -z $rev ]]; then rev=$1; else head_rev=$1; fi ;;
	esac
	shift
done
[[ -n $rev ]] || { echo "lookahead.sh: name the revision to compare with" >&2; exit 2; }
mkdir -p "$out/bin"

build() {
	local src=$out/src-$1
	if [[ ! -d $src ]]; then
		rm -rf "$src.tmp" && mkdir -p "$src.tmp"
		git archive "$1" | tar -x -C "$src.tmp"
		mv "$src.tmp" "$src"
	fi
	(cd "$src" && go build -o "$2" ./cmd/erslint)
}
build "$(git rev-parse --verify "$rev^{commit}")" "$out/bin/base"
if [[ -n $head_rev ]]; then
	build "$(git rev-parse --verify "$head_rev^{commit}")" "$out/bin/head"
else
	go build -o "$out/bin/head" ./cmd/erslint
fi

corpus=$out/corpus-$n
sum=$(sha256sum bench/gen-manifests.py | cut -c1-16)
if [[ $(cat "$corpus/.stamp" 2>/dev/null) != "$n $sum" ]]; then
	echo "generating $n manifests into $corpus" >&2
	rm -rf "$corpus"
	python3 bench/gen-manifests.py "$corpus" -n "$n" >/dev/null
	echo "$n $sum" >"$corpus/.stamp"
fi

python3 - "$out" "$runs" "$as_of" "$corpus" "$rev" "${head_rev:-the working tree}" <<'EOF'
import filecmp, os, statistics, subprocess, sys

out, runs, as_of, corpus, rev, head_rev = sys.argv[1:]
runs = int(runs)
cases = {
    "days0": ["lint", "--no-cache", "--as-of", as_of, "--format", "json", "--days", "0", corpus],
    "days90": ["lint", "--no-cache", "--as-of", as_of, "--format", "json", corpus],
    "forecast": ["forecast", "--as-of", as_of, "--days", "90", "--format", "json", corpus],
}

def has_cache(name, command):
    """Whether the build's command has a cache (and so --no-cache)."""
    help = subprocess.run([os.path.join(out, "bin", name), command, "--help"], capture_output=True, text=True).stdout
    return "--no-cache" in help

def cpu(name, case):
    """CPU seconds (user + system) of one run, without the cache; the report
    kept for the last."""
    args = cases[case]
    if "--no-cache" not in args and has_cache(name, args[0]):
        args = [args[0], "--no-cache", *args[1:]]
    with open(os.path.join(out, f"{name}-{case}.json"), "wb") as f:
        p = subprocess.Popen([os.path.join(out, "bin", name), *args], stdout=f, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: the corpus has findings
        sys.exit(f"lookahead: {name} {' '.join(cases[case])} failed")
    return ru.ru_utime + ru.ru_stime

samples = {n: {c: [] for c in cases} for n in ("base", "head")}
load0 = os.getloadavg()[0]
for i in range(runs):
    for name in (("base", "head") if i % 2 == 0 else ("head", "base")):
        for case in cases:
            samples[name][case].append(cpu(name, case))
load1 = os.getloadavg()[0]

print(f"base: {rev}; head: {head_rev}; {runs} interleaved rounds; load average {load0:.1f} before, {load1:.1f} after; {os.cpu_count()} CPUs")
print()
print("| build | days0 CPU s | days90 CPU s | forecast CPU s | days90 / days0 | forecast / days0 |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for name, s in samples.items():
    med = {c: statistics.median(v) for c, v in s.items()}
    r90 = statistics.median(a / b for a, b in zip(s["days90"], s["days0"]))
    rfc = statistics.median(a / b for a, b in zip(s["forecast"], s["days0"]))
    print(f"| {name} | {med['days0']:.2f} | {med['days90']:.2f} | {med['forecast']:.2f} | {r90:.2f} | {rfc:.2f} |")
print()
for case in ("days90", "forecast"):
    same = filecmp.cmp(os.path.join(out, f"base-{case}.json"), os.path.join(out, f"head-{case}.json"), shallow=False)
    print(f"{case}: reports {'byte-identical' if same else 'DIFFER'}")
EOF
