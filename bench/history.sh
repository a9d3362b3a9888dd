#!/usr/bin/env bash
# bench/history.sh: erslint history at scale (issue 19). Builds a git
# repository of N manifests (bench/gen-manifests.py, 1,000 by default) with a
# commit a week for a year, each changing --churn manifests (a new owner, so a
# new blob), then times, best of --runs, user+sys CPU and wall (GNU time):
#   lint      erslint lint --format json (with the 90-day look-ahead its
#             verdicts read) at the last day
#   history   erslint history --since <a year before> --every week (52 points)
# Budget: history at most 10 x lint.
#
# Usage: bench/history.sh [-n N] [--churn N] [--runs N] [--out DIR]
set -euo pipefail

cd "$(dirname "$0")/.."
n=1000
churn=20
runs=3
out=$PWD/bench/out
while (($#)); do
	case $1 in
	-n) n=$2; shift ;;
	--churn) churn=$2; shift ;;
	--runs) runs=$2; shift ;;
	--out) out=$2; shift ;;
	-h | --help) sed -n '2,12p' "$0"; exit 0 ;;
	*) echo "history.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
[[ -x /usr/bin/time ]] || { echo "history.sh: GNU time is needed (apt-get install -y time)" >&2; exit 2; }
mkdir -p "$out/bin"
go build -o "$out/bin/erslint" ./cmd/erslint
erslint=$out/bin/erslint
repo=$out/history-$n-$churn
if [[ ! -d $repo/.git ]]; then
	rm -rf "$repo"
	python3 bench/gen-manifests.py "$repo/manifests" -n "$n" >/dev/null
	export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@erslint.invalid \
		GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@erslint.invalid
	git -C "$repo" init -q
	mapfile -t files < <(cd "$repo" && find manifests -name '*.yaml' | sort)
	for week in $(seq 0 52); do
		day=$(date -u -d "2025-11-24 + $((7 * week)) days" +%F)
		for k in $(seq 1 "$churn"); do
			f=${files[$(((week * churn + k) % ${#files[@]}))]}
			sed -i "s/^  owner: .*/  owner: week$week@example.nhs.uk/" "$repo/$f"
		done
		git -C "$repo" add -A
		GIT_AUTHOR_DATE="${day}T09:00:00Z" GIT_COMMITTER_DATE="${day}T09:00:00Z" git -C "$repo" commit -qm "week $week"
	done
fi
best() { # best user+sys and wall of $runs runs of "$@"
	local b= bw=
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%U %S %e' -o "$out/time" "$@" >/dev/null 2>&1 || [[ $? == 1 ]]
		read -r u s w < <(tail -n 1 "$out/time")
		c=$(echo "$u + $s" | bc)
		if [[ -z $b ]] || (($(echo "$c < $b" | bc))); then b=$c bw=$w; fi
	done
	echo "$b $bw"
}
cd "$repo"
read -r lc lw < <(best "$erslint" lint --as-of 2026-11-23 --format json manifests)
read -r hc hw < <(best "$erslint" history --since 2025-11-24 --as-of 2026-11-23 --every week manifests)
echo "lint    (1 day):    ${lc}s CPU, ${lw}s wall"
echo "history (52 weeks): ${hc}s CPU, ${hw}s wall; $(echo "scale=1; $hc / $lc" | bc) x lint (budget 10 x)"
