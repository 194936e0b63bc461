#!/usr/bin/env bash
# Benchmark (not a test): `scry fs` on a monorepo-sized synthetic tree against the walk floor
# `find DIR -type f | wc -l` (issue 5, section 7).
#
# Tree: bench/gen_monorepo.py (deterministic; regenerated only when its arguments change) writes
# >= 50,000 source files and 200 lockfiles of the common formats, among them a 20 MB npm
# package-lock.json (lockfile v3) and a 10 MB pnpm-lock.yaml (lockfile v9), into DATA_DIR.
# Timed, alternating, N runs after W warm-ups, all from the page cache; medians are printed:
#   floor (walk)   find DIR -type f | wc -l
#   floor (read)   find DIR -type f -name <lockfile names> -exec cat {} + >/dev/null: the walk
#                  plus reading every lockfile once
#   scry list      scry fs DIR --format json --list-all-pkgs --skip-db-update --scanners none
#   scry vuln      scry fs DIR --format json --list-all-pkgs --skip-db-update: matching against
#                  the embedded database (RustSec, PyPA and Go advisories are built in)
# The scry runs share a cache folder of the bench's own (made afresh by the warm-ups, which install
# the embedded database there) and use the memory cache backend (no analysis is reused). Wall time is measured around the process; peak RSS and CPU time come from
# `/usr/bin/time -v`. Prints the ratios scry/floor, and per application type the number of
# lockfiles and packages the last `scry vuln` run reported (so that a parser that finds nothing
# shows up), and the load average before and after (the machine is shared: look at it before
# trusting a number).
#
# Usage: bench/monorepo.sh BUILD_DIR [DATA_DIR]     (DATA_DIR default: BUILD_DIR/bench-data/monorepo)
# Env:   N (default 3) measured runs, W (default 1) warm-ups, SCRY (default BUILD_DIR/scry or
#        BUILD_DIR/src/scry/cli/scry), GEN_ARGS extra arguments for gen_monorepo.py (e.g.
#        "--files 5000 --npm-mb 2" for a quick check).
set -euo pipefail

if (($# < 1 || $# > 2)); then
  echo "usage: $0 BUILD_DIR [DATA_DIR]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
data=${2:-$build/bench-data/monorepo}
runs=${N:-3}
warmups=${W:-1}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$build/bench-monorepo
timebin=/usr/bin/time

die() { echo "monorepo.sh: $*" >&2; exit 1; }
scry=${SCRY:-}
if [[ -z $scry ]]; then
  for candidate in "$build/scry" "$build/src/scry/cli/scry"; do
    if [[ -x $candidate ]]; then scry=$candidate; break; fi
  done
fi
[[ -n $scry && -x $scry ]] || die "no scry binary in $build (set SCRY=...)"
[[ -x $timebin ]] || die "$timebin missing: run scripts/install-deps (package time)"
command -v python3 >/dev/null || die "python3 missing"

# shellcheck disable=SC2086 # GEN_ARGS is a list of arguments
python3 "$root/bench/gen_monorepo.py" "$data" ${GEN_ARGS:-} || die "generating $data failed"
rm -rf "$work"
mkdir -p "$work"
data=$(cd "$data" && pwd)

lockfile_names=(package-lock.json yarn.lock pnpm-lock.yaml Cargo.lock poetry.lock Pipfile.lock
  requirements.txt go.mod go.sum Gemfile.lock composer.lock packages.lock.json gradle.lockfile
  pom.xml conan.lock pubspec.lock mix.lock Package.resolved Podfile.lock uv.lock)
name_args=()
for name in "${lockfile_names[@]}"; do
  ((${#name_args[@]})) && name_args+=(-o)
  name_args+=(-name "$name")
done
cat >"$work/floor-walk.sh" <<EOF
find $(printf %q "$data") -type f | wc -l >/dev/null
EOF
cat >"$work/floor-read.sh" <<EOF
find $(printf %q "$data") -type f \\( $(printf '%q ' "${name_args[@]}")\\) -exec cat {} + >/dev/null
EOF

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure NAME COMMAND...: one run; appends wall seconds to $work/NAME.wall, CPU seconds (user +
# system) to $work/NAME.cpu and peak RSS (KiB) to $work/NAME.rss. stdout goes to $work/NAME.out.
measure() {
  local name=$1
  shift
  local t0 t1
  t0=$EPOCHREALTIME
  "$timebin" -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.stderr" || {
    echo "monorepo.sh: '$*' failed:" >&2
    tail -5 "$work/$name.stderr" >&2
    exit 1
  }
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }' >>"$work/$name.wall"
  awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/$name.time" >>"$work/$name.rss"
  awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f\n", u + s }' \
    "$work/$name.time" >>"$work/$name.cpu"
}

row() { # NAME LABEL [rss]
  local rss=""
  [[ ${3:-} == rss ]] && rss=$(sort -n "$work/$1.rss" | tail -1 | awk '{ printf "%8.1f", $1 / 1024 }')
  printf '  %-46s %8.3f %8.3f %8.2f %8s\n' "$2" "$(median <"$work/$1.wall")" \
    "$(sort -n "$work/$1.wall" | head -1)" "$(median <"$work/$1.cpu")" "$rss"
}

ratio() { # LABEL NUM DEN: median of per-round ratios, and the ratio of the fastest runs
  local paired
  paired=$(paste "$work/$2.wall" "$work/$3.wall" | awk '{ printf "%.6f\n", $1 / $2 }' | median)
  awk -v l="$1" -v p="$paired" -v a="$(sort -n "$work/$2.wall" | head -1)" \
    -v b="$(sort -n "$work/$3.wall" | head -1)" 'BEGIN { printf "  %-46s %8.1f %8.1f\n", l, p, a / b }'
}

files=$(find "$data" -type f | wc -l)
lockfiles=$(find "$data" -type f \( "${name_args[@]}" \) | wc -l)
echo "monorepo.sh: scry $scry ($(date -r "$scry" '+%F %T')), $(nproc) CPUs, N=$runs W=$warmups"
echo "  tree: $data: $files files, $lockfiles lockfiles, $(du -sm "$data" | cut -f1) MB;" \
  "package-lock.json $(($(stat -c %s "$data/package-lock.json") / 1000000)) MB," \
  "pnpm-lock.yaml $(($(stat -c %s "$data/pnpm-lock.yaml") / 1000000)) MB"
echo "  before: $(uptime)"

common=(fs "$data" --format json --list-all-pkgs --skip-db-update --quiet --cache-dir "$work/cache"
  --cache-backend memory)
list=("$scry" "${common[@]}" --scanners=none)
vuln=("$scry" "${common[@]}")
for ((i = 0; i < warmups; i++)); do
  bash "$work/floor-walk.sh"
  bash "$work/floor-read.sh"
  "${list[@]}" >/dev/null
  "${vuln[@]}" >/dev/null
done
for name in floor-walk floor-read list vuln; do : >"$work/$name.wall"; : >"$work/$name.cpu"; : >"$work/$name.rss"; done
for ((i = 0; i < runs; i++)); do
  measure floor-walk bash "$work/floor-walk.sh"
  measure list "${list[@]}"
  measure floor-read bash "$work/floor-read.sh"
  measure vuln "${vuln[@]}"
done

printf '  %-46s %8s %8s %8s %8s\n' "wall seconds" median min "CPU s" "RSS MiB"
row floor-walk "floor: find -type f | wc -l"
row floor-read "floor: find + cat of the lockfiles"
row list "scry fs --scanners none (list packages)" rss
row vuln "scry fs (vuln, embedded database)" rss
printf '  %-46s %8s %8s\n' "ratios" paired "of min"
ratio "scry list / floor walk" list floor-walk
ratio "scry list / floor read" list floor-read
ratio "scry vuln / floor walk" vuln floor-walk
awk -v a="$(median <"$work/vuln.wall")" -v b="$(median <"$work/list.wall")" \
  'BEGIN { printf "  %-46s %8.3f\n", "matching (vuln - list, medians)", a - b }'
echo "  applications in the last vuln run (type: lockfiles, packages, vulnerabilities):"
python3 - "$work/vuln.out" <<'PY'
import collections, json, sys
report = json.load(open(sys.argv[1]))
seen = collections.OrderedDict()
for result in report.get("Results") or []:
    entry = seen.setdefault(result.get("Type", "?"), [0, 0, 0])
    entry[0] += 1
    entry[1] += len(result.get("Packages") or [])
    entry[2] += len(result.get("Vulnerabilities") or [])
if not seen:
    print("    (none)")
for kind, (files, packages, vulns) in sorted(seen.items()):
    print(f"    {kind:<16} {files:5d} {packages:8d} {vulns:6d}")
PY
echo "  after: $(uptime)"
