#!/usr/bin/env bash
# bench/cache.sh: what the cache (issue 21) saves, on the 10k corpus in a git
# repository, all rows from one run on one machine:
#   no cache      erslint lint --no-cache on the corpus (the reference)
#   cold          the same with an empty cache (it fills it)
#   warm          again, nothing changed
#   warm, 100     again after 100 files changed (not committed: hashed, not
#                 named by git's index)
#   one file      pre-commit: one staged, changed manifest with the whole
#                 repository as context, warm; against --context none --no-cache
# and the cache's size on disk. Each row is the median of --runs runs (wall
# and CPU time, user+sys, from GNU time); cold runs start from an empty cache.
#
# Usage: bench/cache.sh [--runs N] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$PWD/bench/out
runs=5
while (($#)); do
	case $1 in
	--runs) runs=$2; shift ;;
	--out) out=$2; shift ;;
	-h | --help) sed -n '2,15p' "$0"; exit 0 ;;
	*) echo "cache.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
gnutime=/usr/bin/time
[[ -x $gnutime ]] || { echo "cache.sh: GNU time is needed (apt-get install -y time)" >&2; exit 2; }
mkdir -p "$out/bin"
go build -o "$out/bin/erslint" ./cmd/erslint
erslint=$out/bin/erslint
as_of=2026-11-24
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@b GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@b

repo=$out/cache-repo
sum=$(sha256sum bench/gen-manifests.py | cut -c1-16)
if [[ $(cat "$repo/.git/bench-stamp" 2>/dev/null) != "$sum" ]]; then
	rm -rf "$repo"
	python3 bench/gen-manifests.py "$repo" -n 10000 >/dev/null
	git -C "$repo" init -q
	git -C "$repo" add -A
	git -C "$repo" commit -qm corpus
	echo "$sum" >"$repo/.git/bench-stamp"
fi
git -C "$repo" reset -q --hard
cache=$out/cache-dir
export ERSLINT_CACHE_DIR=$cache
mapfile -t files < <(git -C "$repo" ls-files | sort)
one=${files[4242]}

# sample NAME CMD...: one run under GNU time, appended to $out/NAME.samples.
sample() {
	local name=$1
	shift
	(cd "$repo" && "$gnutime" -f '%e %U %S' -o "$out/time.txt" "$@" >/dev/null 2>&1) || true
	tail -1 "$out/time.txt" >>"$out/$name.samples"
}
median() { # NAME -> "wall cpu"
	sort -n "$out/$1.samples" | sed -n "$(((runs + 1) / 2))p" | awk '{ printf "%.3f %.3f", $1, $2 + $3 }'
}
edit100() { # change 100 files (a comment at the end), or undo it
	local i
	if [[ $1 == on ]]; then
		for ((i = 0; i < 10000; i += 100)); do printf '# edited in round %d\n' "$r" >>"$repo/${files[$i]}"; done
	else
		git -C "$repo" checkout -q -- .
	fi
}
full=(lint --as-of "$as_of" --format json --days 0 .)
rm -f "$out"/*.samples
echo "measuring ($runs runs each, interleaved)" >&2
for ((r = 0; r < runs; r++)); do
	sample nocache "$erslint" "${full[@]}" --no-cache
	rm -rf "$cache"
	sample cold "$erslint" "${full[@]}"
	sample warm "$erslint" "${full[@]}"
	edit100 on
	sample warm100 "$erslint" "${full[@]}"
	edit100 off
	"$erslint" "${full[@]}" >/dev/null 2>&1 || true # the 100 files are as committed again
	printf '# staged in round %d\n' "$r" >>"$repo/$one"
	git -C "$repo" add "$one"
	sample onenone "$erslint" lint --as-of "$as_of" --context none --no-cache "$one"
	sample one "$erslint" lint --as-of "$as_of" "$one"
	sample one "$erslint" lint --as-of "$as_of" "$one"
	git -C "$repo" reset -q --hard
done
size=$(du -sk "$cache" | awk '{ printf "%.1f", $1 / 1024 }')

row() { printf '| %-44s | %8s | %8s | %s |\n' "$1" "$2" "$3" "$4"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
read -r nw nc <<<"$(median nocache)"
read -r cw cc <<<"$(median cold)"
read -r ww wc <<<"$(median warm)"
read -r hw hc <<<"$(median warm100)"
read -r ow oc <<<"$(median one)"
read -r bw bc <<<"$(median onenone)"
echo
echo "Machine: $(nproc) CPUs, $(go version | cut -d' ' -f3-); $runs runs, medians"
echo
row "run (10k manifests, git repository)" "wall (s)" "CPU (s)" "target"
row "---" "---:" "---:" "---"
row "--no-cache" "$nw" "$nc" ""
row "cold (empty cache)" "$cw" "$cc" "CPU $(ratio "$cc" "$nc") x --no-cache (target <= 1.05)"
row "warm, nothing changed" "$ww" "$wc" "target <= 0.5 s"
row "warm, 100 files changed" "$hw" "$hc" "target <= 0.8 s"
row "one staged file, whole-repo context, warm" "$ow" "$oc" "wall $(ratio "$ow" "$bw") x, CPU $(ratio "$oc" "$bc") x the next row (target <= 4)"
row "one file, --context none --no-cache" "$bw" "$bc" ""
echo
echo "cache on disk: $size MiB (target <= 50)"
