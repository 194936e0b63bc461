#!/usr/bin/env bash
# Benchmark (not a test): scry's Go vulnerability scan against Debian's govulncheck, on the same
# Go binaries with the same advisories.
#
#   Binaries  the Go fixtures (tools/make-go-fixtures, tools/fetch-npm-go-binaries) that
#             govulncheck can read (it rejects stripped binaries, universal Mach-O files and
#             pclntabs of Go < 1.18 or >= 1.22; they are listed and left out), copied into one
#             folder.
#   Records   ../shared/vulndata/go/osv: imported once with `scry db import` into a cache folder
#             of the bench's own, and written once in the legacy layout Debian's govulncheck
#             (0.0~git20230201) reads through GOVULNDB=file://... (the generator of
#             tests/integration/go_vulns_test.py).
#   Timed     after W warm-ups, N alternating runs of
#               scry fs --format json --skip-db-update --quiet FOLDER    (one process)
#               scry fs ... BINARY, once per binary                       (one process each)
#               govulncheck -json BINARY, once per binary                (it takes one binary)
#             and the median wall time of each; ratios govulncheck/scry.
#
# Usage: bench/govulncheck.sh BUILD_DIR
# Env:   N (default 10) measured runs, W (default 2) warm-ups, SCRY (default: BUILD_DIR/scry or
#        BUILD_DIR/src/scry/cli/scry), GOVULNCHECK (default govulncheck), SCRY_VULNDATA (default
#        ../shared/vulndata), SCRY_FIXTURES_DIR (default: BUILD_DIR's CMake setting, else
#        build/fixtures).
set -euo pipefail

if (($# != 1)); then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
runs=${N:-10}
warmups=${W:-2}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
vulndata=${SCRY_VULNDATA:-$root/../shared/vulndata}
fixtures_dir=${SCRY_FIXTURES_DIR:-$(sed -n 's/^SCRY_FIXTURES_DIR:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)}
fixtures=${fixtures_dir:-$root/build/fixtures}/go
govulncheck=${GOVULNCHECK:-govulncheck}
work=$build/bench-govulncheck

scry=${SCRY:-}
if [[ -z $scry ]]; then
  for candidate in "$build/scry" "$build/src/scry/cli/scry"; do
    if [[ -x $candidate ]]; then scry=$candidate; break; fi
  done
fi
[[ -n $scry && -x $scry ]] || { echo "govulncheck.sh: no scry binary in $build (set SCRY=...)" >&2; exit 1; }
command -v "$govulncheck" >/dev/null || { echo "govulncheck.sh: $govulncheck missing: run scripts/install-deps" >&2; exit 1; }
command -v python3 >/dev/null || { echo "govulncheck.sh: python3 missing: run scripts/install-deps" >&2; exit 1; }
[[ -d $vulndata/go/osv ]] || { echo "govulncheck.sh: no $vulndata/go/osv (set SCRY_VULNDATA)" >&2; exit 1; }

export GOENV=off GOFLAGS='' GOPROXY=off GOTOOLCHAIN=local GOTELEMETRY=off SOURCE_DATE_EPOCH=0

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f\n", b - a }'; }

# The fixtures are only rebuilt or fetched when missing or out of date.
"$root/tools/make-go-fixtures" "$fixtures"
"$root/tools/fetch-npm-go-binaries" "$fixtures"

rm -rf "$work"
mkdir -p "$work/bin"
db=$work/govulndb

echo "govulncheck.sh: importing $vulndata/go/osv"
t0=$EPOCHREALTIME
"$scry" --cache-dir "$work/cache" --quiet db import "$vulndata/go/osv"
t1=$EPOCHREALTIME
printf '  scry db import                     %8.3f s\n' "$(elapsed "$t0" "$t1")"
t0=$EPOCHREALTIME
python3 -B - "$root/tests/integration" "$vulndata" "$db" <<'EOF'
import os, sys
sys.path.insert(0, sys.argv[1])
import go_vulns_test as t
vulndata, out = sys.argv[2], sys.argv[3]
t.write_legacy_db(os.path.join(vulndata, "go", "osv"),
                  t.read_dates(os.path.join(vulndata, "go", "osv-dates.tsv")), out, True)
EOF
t1=$EPOCHREALTIME
printf '  legacy govulncheck database        %8.3f s (python, not timed below)\n' "$(elapsed "$t0" "$t1")"
export GOVULNDB=file://$db

# Every Go binary of the manifests that govulncheck reads, under a unique name.
mapfile -t candidates < <(python3 - "$fixtures" <<'EOF'
import json, os, sys
for name in ("manifest.json", "manifest-npm.json"):
    path = os.path.join(sys.argv[1], name)
    if os.path.exists(path):
        for f in json.load(open(path))["fixtures"]:
            if f["expect"] in ("build-info", "missing", "no-modules"):
                print(f["path"])
EOF
)
binaries=()
skipped=()
for path in "${candidates[@]}"; do
  name=${path//\//_}
  if "$govulncheck" -json "$fixtures/$path" >"$work/probe.json" 2>"$work/probe.err" ||
     grep -q '^{' "$work/probe.json"; then
    cp "$fixtures/$path" "$work/bin/$name"
    binaries+=("$work/bin/$name")
  else
    skipped+=("$path ($(tail -1 "$work/probe.err"))")
  fi
done
((${#binaries[@]} > 0)) || { echo "govulncheck.sh: govulncheck reads none of the fixtures" >&2; exit 1; }
bytes=$(du -sb "$work/bin" | cut -f1)
echo "  ${#binaries[@]} binaries govulncheck reads ($((bytes / 1048576)) MiB) in $work/bin;" \
  "${#skipped[@]} it rejects, left out:"
printf '    %s\n' "${skipped[@]}"

scry_folder() { "$scry" --cache-dir "$work/cache" fs --format json --skip-db-update --quiet "$work/bin" >/dev/null; }
scry_each() {
  local b
  for b in "${binaries[@]}"; do
    "$scry" --cache-dir "$work/cache" fs --format json --skip-db-update --quiet "$b" >/dev/null
  done
}
govulncheck_each() {
  local b status
  for b in "${binaries[@]}"; do
    status=0
    "$govulncheck" -json "$b" >/dev/null 2>&1 || status=$?
    # 3 means vulnerabilities found in some versions; anything else is a failure.
    if ((status != 0 && status != 3)); then
      echo "govulncheck.sh: govulncheck $b exited $status" >&2
      exit 1
    fi
  done
}

measure() { # NAME FUNCTION
  local t0 t1
  t0=$EPOCHREALTIME
  "$2"
  t1=$EPOCHREALTIME
  elapsed "$t0" "$t1" >>"$work/$1.wall"
}

echo "  $warmups warm-up run(s), then $runs alternating runs each"
for ((i = 0; i < warmups; i++)); do scry_folder; scry_each; govulncheck_each; done
: >"$work/scry-folder.wall"
: >"$work/scry-each.wall"
: >"$work/govulncheck.wall"
for ((i = 0; i < runs; i++)); do
  measure scry-folder scry_folder
  measure scry-each scry_each
  measure govulncheck govulncheck_each
done
folder=$(median <"$work/scry-folder.wall")
each=$(median <"$work/scry-each.wall")
gvc=$(median <"$work/govulncheck.wall")
printf '  %-44s median %8.3f s\n' "scry fs FOLDER (one process)" "$folder"
printf '  %-44s median %8.3f s\n' "scry fs BINARY x ${#binaries[@]} (one process each)" "$each"
printf '  %-44s median %8.3f s\n' "govulncheck -json BINARY x ${#binaries[@]}" "$gvc"
awk -v f="$folder" -v e="$each" -v g="$gvc" 'BEGIN {
  printf "  ratio govulncheck / scry (folder)          %6.1fx\n", g / f
  printf "  ratio govulncheck / scry (per binary)      %6.1fx\n", g / e
}'
