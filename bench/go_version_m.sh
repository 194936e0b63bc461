#!/usr/bin/env bash
# Benchmark (not a test): scry's Go binary inventory against `go version -m` on the same files.
#
#   compare  one folder with every Go fixture (tools/make-go-fixtures, tools/fetch-npm-go-binaries,
#            in the fixtures directory that the build directories share) plus copies of the Go
#            toolchain's own binaries, all executable (`go version -m DIR` skips files without
#            an x bit); runs `scry fs --scanners none --format json DIR` and
#            `go version -m DIR` alternately N times after W warm-ups and prints the median wall
#            time of each, the ratio scry/go and the peak RSS of each.
#   rss      scry's peak RSS and time on a small Go binary and on a ~130 MB one (a Go program
#            embedding a large generated file): memory should not grow with the file size.
#
# Usage: bench/go_version_m.sh BUILD_DIR [compare|rss|all]     (default: all)
# Env:   N (default 15) measured runs, W (default 2) warm-ups, SCRY (default: BUILD_DIR/scry or
#        BUILD_DIR/src/scry/cli/scry), BIG_MB (default 128) size of the embedded file,
#        SCRY_FIXTURES_DIR (default: BUILD_DIR's CMake setting, else build/fixtures) the fixtures.
set -euo pipefail

if (($# < 1 || $# > 2)); then
  echo "usage: $0 BUILD_DIR [compare|rss|all]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
mode=${2:-all}
runs=${N:-15}
warmups=${W:-2}
big_mb=${BIG_MB:-128}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fixtures_dir=${SCRY_FIXTURES_DIR:-$(sed -n 's/^SCRY_FIXTURES_DIR:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)}
fixtures=${fixtures_dir:-$root/build/fixtures}/go
work=$build/bench-go
timebin=/usr/bin/time

scry=${SCRY:-}
if [[ -z $scry ]]; then
  for candidate in "$build/scry" "$build/src/scry/cli/scry"; do
    if [[ -x $candidate ]]; then scry=$candidate; break; fi
  done
fi
[[ -n $scry && -x $scry ]] || { echo "go_version_m.sh: no scry binary in $build (set SCRY=...)" >&2; exit 1; }
[[ -x $timebin ]] || { echo "go_version_m.sh: $timebin missing: run scripts/install-deps (package time)" >&2; exit 1; }
command -v go >/dev/null || { echo "go_version_m.sh: go missing: run scripts/install-deps" >&2; exit 1; }

# `go version -m` reads files only; keep its environment from looking anywhere else.
export GOENV=off GOFLAGS='' GOPROXY=off GOTOOLCHAIN=local GOTELEMETRY=off
goroot=$(go env GOROOT)
mkdir -p "$work"

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maximum() { sort -n | tail -1; }

# measure NAME COMMAND... : one run; appends wall seconds to $work/NAME.wall and peak RSS (KiB)
# to $work/NAME.rss. Output goes to /dev/null, stderr to $work/NAME.stderr.
measure() {
  local name=$1
  shift
  local t0 t1
  t0=$EPOCHREALTIME
  "$timebin" -f %M -o "$work/$name.rss1" "$@" >/dev/null 2>"$work/$name.stderr" || {
    echo "go_version_m.sh: '$*' failed:" >&2
    tail -5 "$work/$name.stderr" >&2
    exit 1
  }
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }' >>"$work/$name.wall"
  tail -1 "$work/$name.rss1" >>"$work/$name.rss"
}

reset() { local n; for n in "$@"; do : >"$work/$n.wall"; : >"$work/$n.rss"; done; }

summary() { # NAME LABEL
  printf '  %-34s median %8.3f s   peak RSS %8.1f MiB   (%d runs)\n' "$2" \
    "$(median <"$work/$1.wall")" "$(awk '{ print $1 / 1024 }' <<<"$(maximum <"$work/$1.rss")")" \
    "$(wc -l <"$work/$1.wall")"
}

# Both tools only check their outputs when these are up to date, and wait for a run in progress.
ensure_fixtures() {
  "$root/tools/make-go-fixtures" "$fixtures"
  "$root/tools/fetch-npm-go-binaries" "$fixtures"
}

compare() {
  ensure_fixtures
  local dir=$work/all
  rm -rf "$dir"
  mkdir -p "$dir/toolchain/bin" "$dir/toolchain/tool"
  cp -r "$fixtures/bin" "$dir/fixtures"
  cp -r "$fixtures/npm" "$dir/npm"
  cp "$goroot"/bin/* "$dir/toolchain/bin/"
  cp "$goroot"/pkg/tool/linux_amd64/* "$dir/toolchain/tool/"
  find "$dir" -type f -exec chmod 755 {} +
  local files bytes
  files=$(find "$dir" -type f | wc -l)
  bytes=$(du -sb "$dir" | cut -f1)
  echo "compare: $dir: $files files, $((bytes / 1048576)) MiB; $(go version); scry $scry"
  printf '  %d warm-up run(s), then %d alternating runs each\n' "$warmups" "$runs"

  local i
  for ((i = 0; i < warmups; i++)); do
    "$scry" fs --scanners none --format json "$dir" >/dev/null 2>&1 || true
    go version -m "$dir" >/dev/null 2>&1 || true
  done
  reset scry-dir go-dir
  for ((i = 0; i < runs; i++)); do
    measure scry-dir "$scry" fs --scanners none --format json "$dir"
    measure go-dir go version -m "$dir"
  done
  summary scry-dir "scry fs --scanners none (json)"
  summary go-dir "go version -m"
  awk -v s="$(median <"$work/scry-dir.wall")" -v g="$(median <"$work/go-dir.wall")" \
    'BEGIN { printf "  ratio scry/go (median wall)         %.2f\n", s / g }'
}

build_big() {
  local src=$work/big-src out=$work/big/bigapp
  if [[ -f $out && -f $src/big.bin && $(stat -c %s "$src/big.bin") == $((big_mb * 1048576)) ]]; then
    return
  fi
  rm -rf "$src" "$work/big"
  mkdir -p "$src" "$work/big"
  cp "$root/tools/go-fixtures/big/main.go" "$src/"
  printf 'module example.com/bigapp\n\ngo 1.19\n' >"$src/go.mod"
  head -c $((big_mb * 1048576)) /dev/urandom >"$src/big.bin"
  (cd "$src" && GOCACHE=$work/.go/cache GOPATH=$work/.go/path GOFLAGS=-buildvcs=false \
    go build -o "$out" .)
}

rss() {
  ensure_fixtures
  build_big
  local small=$work/small/hello big=$work/big/bigapp i
  mkdir -p "$work/small"
  cp "$fixtures/bin/hello" "$small"
  echo "rss: scry's peak RSS on one small and one large Go binary"
  echo "  small: $small ($(($(stat -c %s "$small") / 1024)) KiB)"
  echo "  large: $big ($(($(stat -c %s "$big") / 1048576)) MiB)"
  for f in "$small" "$big"; do "$scry" fs --scanners none --format json "$f" >/dev/null 2>&1 || true; done
  reset scry-small scry-big
  local n=$((runs < 5 ? runs : 5))
  for ((i = 0; i < n; i++)); do
    measure scry-small "$scry" fs --scanners none --format json "$small"
    measure scry-big "$scry" fs --scanners none --format json "$big"
  done
  summary scry-small "scry on the small binary"
  summary scry-big "scry on the large binary"
  awk -v s="$(maximum <"$work/scry-small.rss")" -v b="$(maximum <"$work/scry-big.rss")" \
    'BEGIN { printf "  peak RSS large/small                 %.2f\n", b / s }'
}

case $mode in
  compare) compare ;;
  rss) rss ;;
  all) compare; echo; rss ;;
  *) echo "usage: $0 BUILD_DIR [compare|rss|all]" >&2; exit 2 ;;
esac
