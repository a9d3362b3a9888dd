#!/usr/bin/env bash
# bench/sidebyside.sh: erslint built from a revision against erslint built from
# the working tree (or from a second revision), on the same corpus, the same
# machine and the same load.
#
# It builds both, then measures them interleaved (base, head, head, base, ...,
# so that a change of load falls on both alike):
#   plain 10k   erslint lint --format json --days 0 on the 10k corpus of
#               bench/gen-manifests.py (without --days for a build before it)
#   cold start  erslint lint on one manifest (a copy of examples/nhs-trust.yaml
#               outside any repository: no context to read), the pre-commit case
# and prints the medians of the wall time and of the CPU time (user + system,
# from the kernel's accounting of each child: on a shared machine it moves
# less than the wall time), with head/base ratios, and the spread of the CPU
# times. Last it checks that both builds report the same findings on the
# corpus (the JSON reports' "findings" arrays, byte for byte).
#
# With --instructions N, it then counts the instructions each build executes
# (valgrind's callgrind, N runs each, medians), which do not drift with the
# machine's load as times do: the cold start, and the text lint of the first
# 1,000 manifests of the corpus. One CPU (GOMAXPROCS=1), so that no thread
# spins waiting for work, and without asynchronous preemption or RDTSCP,
# which valgrind does not follow; the collector's timing still moves a count
# by about half a percent.
#
# Usage: bench/sidebyside.sh [--runs N] [--cold N] [--instructions N] [--out DIR] REV [HEAD-REV]
#   --out DIR  where the builds, the corpus and the reports go
#              (default $TMPDIR/erslint-sidebyside, outside the repository)
#   --runs N   runs of the 10k lint per build (default 7)
#   --cold N   runs of the cold start per build (default 60)
#   --instructions N  runs of each instruction count (default 0: none)
# Needs: go, python3, git; valgrind for --instructions.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
# Outside the repository: linting a file inside it would read the whole
# repository as its context (ERS-REPO-001/002), the corpus too.
out=${TMPDIR:-/tmp}/erslint-sidebyside
runs=7
cold=60
instructions=0
rev=
head_rev=
as_of=2026-11-24
while (($#)); do
	case $1 in
	--runs) runs=$2; shift ;;
	--cold) cold=$2; shift ;;
	--instructions) instructions=$2; shift ;;
	--out) out=$2; shift ;;
	-h | --help) sed -n '2,32p' "$0"; exit 0 ;;
	-*) echo "sidebyside.sh: unknown argument $1" >&2; exit 2 ;;
	*) if [[ -z $rev ]]; then rev=$1; else head_rev=$1; fi ;;
	esac
	shift
done
[[ -n $rev ]] || { echo "sidebyside.sh: name the revision to compare with (e.g. c2f1dc0)" >&2; exit 2; }
commit=$(git rev-parse --verify "$rev^{commit}")
mkdir -p "$out/bin"

log() { printf '%s\n' "$*" >&2; }

# build COMMIT BIN: builds erslint as it was at COMMIT, from its tree.
build() {
	local src=$out/src-$1
	if [[ ! -d $src ]]; then
		rm -rf "$src.tmp" && mkdir -p "$src.tmp"
		git archive "$1" | tar -x -C "$src.tmp"
		mv "$src.tmp" "$src"
	fi
	(cd "$src" && go build -o "$2" ./cmd/erslint)
}
log "building $rev ($commit) and ${head_rev:-the working tree}"
build "$commit" "$out/bin/base"
if [[ -n $head_rev ]]; then
	build "$(git rev-parse --verify "$head_rev^{commit}")" "$out/bin/head"
else
	go build -o "$out/bin/head" ./cmd/erslint
fi

corpus=$out/corpus-10000
sum=$(sha256sum bench/gen-manifests.py | cut -c1-16)
if [[ $(cat "$corpus/.stamp" 2>/dev/null) != "10000 $sum" ]]; then
	log "generating 10,000 manifests into $corpus"
	rm -rf "$corpus"
	python3 bench/gen-manifests.py "$corpus" -n 10000 >/dev/null
	echo "10000 $sum" >"$corpus/.stamp"
fi

one=$out/one/nhs-trust.yaml
mkdir -p "$out/one" && cp examples/nhs-trust.yaml "$one"

# The look-ahead of --days and the cache came after some revisions: turn both
# off where known (the comparison is of the work a run does, not of what a
# cache saves it).
args() {
	if "$1" lint --help 2>/dev/null | grep -q -- '--days'; then
		echo "--days 0"
	fi
	nocache "$1"
}
nocache() {
	if "$1" lint --help 2>/dev/null | grep -q -- '--no-cache'; then
		echo "--no-cache"
	fi
}

python3 - "$out" "$runs" "$cold" "$as_of" "$corpus" "$one" \
	"$(args "$out/bin/base")" "$(args "$out/bin/head")" "$(nocache "$out/bin/base")" "$(nocache "$out/bin/head")" \
	"$rev" "${head_rev:-the working tree}" <<'EOF'
import json, os, statistics, subprocess, sys, time

out, runs, cold, as_of, corpus, one, base_extra, head_extra, base_nc, head_nc, rev, head_rev = sys.argv[1:]
runs, cold = int(runs), int(cold)
bins = {"base": os.path.join(out, "bin", "base"), "head": os.path.join(out, "bin", "head")}
extra = {"base": base_extra.split(), "head": head_extra.split()}
nocache = {"base": base_nc.split(), "head": head_nc.split()}

def run(argv, stdout):
    """Wall and CPU (user + system) seconds of one run of argv."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: the corpus has findings
        sys.exit(f"sidebyside: {' '.join(argv)} exited {code}")
    return wall, ru.ru_utime + ru.ru_stime

def interleaved(n, argv_of, stdout_of):
    samples = {"base": [], "head": []}
    for name in samples:  # one warm-up run each: the files in the page cache for both
        with stdout_of(name) as f:
            run(argv_of(name), f)
    for i in range(n):
        order = ("base", "head") if i % 2 == 0 else ("head", "base")
        for name in order:
            with stdout_of(name) as f:
                samples[name].append(run(argv_of(name), f))
    return samples

def devnull(_):
    return open(os.devnull, "wb")

def report_of(name):
    return open(os.path.join(out, f"{name}.json"), "wb")

load0 = os.getloadavg()[0]
plain = interleaved(runs, lambda n: [bins[n], "lint", "--as-of", as_of, "--format", "json", *extra[n], corpus], report_of)
start = interleaved(cold, lambda n: [bins[n], "lint", "--as-of", as_of, *nocache[n], one], devnull)
load1 = os.getloadavg()[0]

def row(label, samples, unit, scale):
    med = {n: (statistics.median(w for w, _ in s), statistics.median(c for _, c in s)) for n, s in samples.items()}
    lo_hi = {n: (min(c for _, c in s) * scale, max(c for _, c in s) * scale) for n, s in samples.items()}
    print(f"| {label} | {med['base'][0]*scale:.{unit}f} | {med['head'][0]*scale:.{unit}f} | {med['head'][0]/med['base'][0]:.3f} "
          f"| {med['base'][1]*scale:.{unit}f} | {med['head'][1]*scale:.{unit}f} | {med['head'][1]/med['base'][1]:.3f} "
          f"| {lo_hi['base'][0]:.{unit}f}-{lo_hi['base'][1]:.{unit}f} / {lo_hi['head'][0]:.{unit}f}-{lo_hi['head'][1]:.{unit}f} |")

print(f"base: {rev}; head: {head_rev}; {runs} interleaved runs of the 10k lint and {cold} of the cold start each;"
      f" load average {load0:.1f} before, {load1:.1f} after; {os.cpu_count()} CPUs")
print()
print("| run | base wall | head wall | ratio | base CPU | head CPU | ratio | CPU spread base / head |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
row("plain 10k (s)", plain, 2, 1)
row("cold start (ms)", start, 1, 1000)
print()

findings = [json.load(open(os.path.join(out, f"{n}.json")))["findings"] for n in ("base", "head")]
if findings[0] == findings[1]:
    print(f"findings: the same {len(findings[0])} in both reports")
else:
    print(f"findings DIFFER: {len(findings[0])} (base) against {len(findings[1])} (head)")
EOF

((instructions > 0)) || exit 0
command -v valgrind >/dev/null || { echo "sidebyside.sh: --instructions needs valgrind" >&2; exit 2; }
python3 - "$out" "$instructions" "$as_of" "$corpus/000" "$one" \
	"$(args "$out/bin/base")" "$(args "$out/bin/head")" "$(nocache "$out/bin/base")" "$(nocache "$out/bin/head")" <<'EOF'
import os, re, statistics, subprocess, sys

out, n, as_of, thousand, one, base_extra, head_extra, base_nc, head_nc = sys.argv[1:]
n = int(n)
bins = {"base": os.path.join(out, "bin", "base"), "head": os.path.join(out, "bin", "head")}
extra = {"base": base_extra.split(), "head": head_extra.split()}
nocache = {"base": base_nc.split(), "head": head_nc.split()}
env = dict(os.environ, GOMAXPROCS="1", GODEBUG="asyncpreemptoff=1,cpu.rdtscp=off")

def count(argv):
    for _ in range(3):  # valgrind rarely loses a run to a signal: try again
        p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        m = re.search(r"Collected : (\d+)", p.stderr)
        if m and p.returncode in (0, 1):
            return int(m.group(1))
    sys.exit(f"sidebyside: no instruction count for {' '.join(argv)}")

def row(label, argv_of):
    med = {name: statistics.median(count(argv_of(name)) for _ in range(n)) for name in ("base", "head")}
    print(f"| {label} | {med['base']/1e6:.1f} | {med['head']/1e6:.1f} | {med['head']/med['base']:.3f} |")

print()
print(f"instructions (millions, median of {n}, one CPU):")
print()
print("| run | base | head | ratio |")
print("| --- | ---: | ---: | ---: |")
row("cold start", lambda m: [bins[m], "lint", "--as-of", as_of, *nocache[m], one])
row("1,000 manifests, text", lambda m: [bins[m], "lint", "--as-of", as_of, *extra[m], thousand])
EOF
