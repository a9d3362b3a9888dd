#!/usr/bin/env bash
# bench/cache.sh: what the cache (issue 21) saves, on the 10k corpus in a git
# repository, all rows from one run on one machine:
#   no cache      erslint lint --no-cache on the corpus (the reference)
#   cold          the same with an empty cache (it fills it)
#   warm          again, nothing changed
#   warm, 100     again after 100 files changed (not committed: hashed, not
#                 named by git's index)
#   warm, ahead   lint --format json with its default look-ahead (--days 90),
#                 warm: its cache filled by one run of it first
#   one file      pre-commit: one staged, changed manifest with the whole
#                 repository as context, warm; against --context none --no-cache
# and the cache's size on disk. Each row is the median of --runs runs (wall
# and CPU time, user+sys, from GNU time); cold runs start from an empty cache.
# With --base REV, erslint built from REV is measured too, interleaved with
# the working tree's build (each round runs both, in turn first), each with
# its own cache, and the table has both side by side.
#
# Usage: bench/cache.sh [--runs N] [--out DIR] [--base REV]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$PWD/bench/out
runs=5
base=
while (($#)); do
	case $1 in
	--runs) runs=$2; shift ;;
	--out) out=$2; shift ;;
	--base) base=$2; shift ;;
	-h | --help) sed -n '2,21p' "$0"; exit 0 ;;
	*) echo "cache.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
gnutime=/usr/bin/time
[[ -x $gnutime ]] || { echo "cache.sh: GNU time is needed (apt-get install -y time)" >&2; exit 2; }
mkdir -p "$out/bin"
go build -o "$out/bin/erslint" ./cmd/erslint
builds=(head)
if [[ -n $base ]]; then
	# Outside the repository: the tests' runs lint it with its context, and
	# would meet a second copy of every example there.
	src=${TMPDIR:-/tmp}/erslint-cache-base-src
	rm -rf "$src" && mkdir -p "$src"
	git archive "$base" | tar -x -C "$src"
	(cd "$src" && go build -o "$out/bin/erslint-base" ./cmd/erslint)
	builds=(base head)
fi
bin() { [[ $1 == base ]] && echo "$out/bin/erslint-base" || echo "$out/bin/erslint"; }
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
cachedir() { echo "$out/cache-dir-$1"; }
mapfile -t files < <(git -C "$repo" ls-files | sort)
one=${files[4242]}

# sample NAME CMD...: one run under GNU time, appended to $out/NAME.samples.
sample() {
	local name=$1
	shift
	(cd "$repo" && "$gnutime" -f '%e %U %S' -o "$out/time.txt" "$@" >/dev/null 2>&1) || true
	tail -1 "$out/time.txt" >>"$out/$name.samples"
}
median() { # NAME -> "wall cpu": the median of each, over every sample of NAME
	local f=$out/$1.samples n
	n=$(wc -l <"$f")
	printf '%.3f %.3f' "$(awk '{ print $1 }' "$f" | sort -g | sed -n "$(((n + 1) / 2))p")" \
		"$(awk '{ print $2 + $3 }' "$f" | sort -g | sed -n "$(((n + 1) / 2))p")"
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
# round BUILD: one run of every row with BUILD (its cache emptied first).
round() {
	local b=$1 erslint
	erslint=$(bin "$b")
	export ERSLINT_CACHE_DIR
	ERSLINT_CACHE_DIR=$(cachedir "$b")
	sample "$b.nocache" "$erslint" "${full[@]}" --no-cache
	rm -rf "$ERSLINT_CACHE_DIR"
	sample "$b.cold" "$erslint" "${full[@]}"
	sample "$b.warm" "$erslint" "${full[@]}"
	(cd "$repo" && "$erslint" lint --as-of "$as_of" --format json . >/dev/null 2>&1) || true
	sample "$b.warmahead" "$erslint" lint --as-of "$as_of" --format json .
	edit100 on
	sample "$b.warm100" "$erslint" "${full[@]}"
	edit100 off
	(cd "$repo" && "$erslint" "${full[@]}" >/dev/null 2>&1) || true # the 100 files are as committed again
	printf '# staged in round %d\n' "$r" >>"$repo/$one"
	git -C "$repo" add "$one"
	sample "$b.onenone" "$erslint" lint --as-of "$as_of" --context none --no-cache "$one"
	sample "$b.one" "$erslint" lint --as-of "$as_of" "$one"
	sample "$b.one" "$erslint" lint --as-of "$as_of" "$one"
	git -C "$repo" reset -q --hard
}
rm -f "$out"/*.samples
echo "measuring ($runs runs each, interleaved: ${builds[*]})" >&2
for ((r = 0; r < runs; r++)); do
	if ((r % 2)); then
		for ((k = ${#builds[@]} - 1; k >= 0; k--)); do round "${builds[k]}"; done
	else
		for b in "${builds[@]}"; do round "$b"; done
	fi
done

row() { printf '| %-44s |' "$1"; shift; printf ' %8s |' "$@"; printf '\n'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# paired A B: the median over rounds of A's CPU over B's in the same round
# (run one after the other): a drift of the machine's speed from round to
# round, which moves both alike, cancels.
paired() {
	paste -d' ' "$out/$1.samples" "$out/$2.samples" | awk '{ print ($2 + $3) / ($5 + $6) }' | sort -g |
		awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
declare -A wall cpu
for b in "${builds[@]}"; do
	for n in nocache cold warm warm100 warmahead one onenone; do
		read -r "wall[$b.$n]" "cpu[$b.$n]" <<<"$(median "$b.$n")"
	done
done
echo
echo "Machine: $(nproc) CPUs, $(go version | cut -d' ' -f3-); $runs runs, medians; wall and CPU (user+sys) seconds"
echo
head=() sep=()
for b in "${builds[@]}"; do
	name=$b
	[[ $b == base ]] && name="base ${base:0:10}"
	head+=("$name wall" "$name CPU")
	sep+=("---:" "---:")
done
row "run (10k manifests, git repository)" "${head[@]}"
row "---" "${sep[@]}"
for n in nocache cold warm warm100 warmahead one onenone; do
	case $n in
	nocache) label="--no-cache" ;;
	cold) label="cold (empty cache)" ;;
	warm) label="warm, nothing changed (target <= 0.5 s)" ;;
	warm100) label="warm, 100 files changed (target <= 0.8 s)" ;;
	warmahead) label="warm, json with look-ahead (--days 90)" ;;
	one) label="one staged file, whole-repo context, warm" ;;
	onenone) label="one file, --context none --no-cache" ;;
	esac
	cells=()
	for b in "${builds[@]}"; do cells+=("${wall[$b.$n]}" "${cpu[$b.$n]}"); done
	row "$label" "${cells[@]}"
done
echo
for b in "${builds[@]}"; do
	echo "$b: cold CPU $(ratio "${cpu[$b.cold]}" "${cpu[$b.nocache]}") x --no-cache (target <= 1.05; round by round, median $(paired "$b.cold" "$b.nocache") x);" \
		"one staged file CPU $(ratio "${cpu[$b.one]}" "${cpu[$b.onenone]}") x, wall $(ratio "${wall[$b.one]}" "${wall[$b.onenone]}") x --context none --no-cache (target <= 4);" \
		"cache on disk $(du -sk "$(cachedir "$b")" | awk '{ printf "%.1f", $1 / 1024 }') MiB (target <= 50)"
done
