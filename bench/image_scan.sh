#!/usr/bin/env bash
# Benchmark (not a test): `scry image` on whole images against the decompress+hash floor of the
# same layer blobs, timed in the same run (issue 4, section 7).
#
# Images: the debootstrap image (debian/oci) and the multi-layer one (multilayer/oci) of the
# fixtures directory (tools/make-image-fixtures), and a large synthetic one: BIG_MB MB of file data
# (1 MB files and one 500 MB file) in two gzip layers, built once by
# `ONLY_BIG_IMAGE=1 BIG_IMAGE_MB=BIG_MB tools/make-image-fixtures BENCH_IMAGES/bigBIG_MB`.
# Timed, alternating, N runs after W warm-ups, all from the page cache; medians are printed:
#   cold (memory)  scry image DIR --scanners none --format json --cache-backend memory --quiet
#   cold (fs)      the same with --cache-backend fs in a cache dir of its own, `scry clean` before
#                  each run (not timed): analysis plus writing the layer cache
#   floor (seq)    for every layer, one after the other: `igzip -dc BLOB | openssl sha256` and
#                  `openssl sha256 BLOB` (zstd -dc for zstd layers, one hash for plain tar ones)
#   floor (tee)    the same in one read per layer: `tee >(openssl sha256) <BLOB | igzip -dc |
#                  openssl sha256` (three processes, so it may use both cores)
#   floor (par)    floor (seq) with the layers at once, one background job each: scry works on
#                  several layers at once too, so on a many-layer image this is the fair floor
#   warm (none)    the cold command on a populated fs cache (its own --cache-dir): nothing analysed
#   warm (vuln)    the same with --scanners vuln --skip-db-update, the Go OSV records of
#                  VULNDATA imported into that cache dir first (`scry db import`, not timed):
#                  warm (vuln) - warm (none) is the matching cost
# openssl's SHA-256 uses SHA-NI like scry's; sha256sum does not, so it is not used here.
# Prints the ratios cold/floor (target <= 1.2), the warm times (target < 100 ms plus matching) and
# the peak RSS of each scry run (/usr/bin/time %M; target < 200 MiB on the 2 GB image), and the
# load average before and after (the machine is shared: look at it before trusting a number).
#
# Usage: bench/image_scan.sh BUILD_DIR [IMAGE_NAME...]   (default: debian multilayer big)
# Env:   N (default 5) measured runs, W (default 1) warm-ups, SCRY (default BUILD_DIR/scry),
#        BIG_MB (default 2000) size of the big image, BENCH_IMAGES (default BUILD_DIR/bench-images)
#        where it is built, SCRY_FIXTURES_DIR (default: BUILD_DIR's CMake setting, else
#        build/fixtures) the fixture images and Go fixtures, VULNDATA (default
#        ../shared/vulndata/go/osv from the repository root; empty to skip warm (vuln)).
set -euo pipefail

if (($# < 1)); then
  echo "usage: $0 BUILD_DIR [debian|multilayer|big...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
shift
names=("$@")
((${#names[@]})) || names=(debian multilayer big)
runs=${N:-5}
warmups=${W:-1}
big_mb=${BIG_MB:-2000}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fixtures_dir=${SCRY_FIXTURES_DIR:-$(sed -n 's/^SCRY_FIXTURES_DIR:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)}
fixtures_dir=${fixtures_dir:-$root/build/fixtures}
bench_images=${BENCH_IMAGES:-$build/bench-images}
vulndata=${VULNDATA-$root/../shared/vulndata/go/osv}
base=$build/bench-image-scan
work=$base
timebin=/usr/bin/time
scry=${SCRY:-$build/scry}

die() { echo "image_scan.sh: $*" >&2; exit 1; }
[[ -x $scry ]] || die "no scry binary at $scry (set SCRY=...)"
[[ -x $timebin ]] || die "$timebin missing: run scripts/install-deps (package time)"
for tool in igzip openssl zstd python3; do
  command -v "$tool" >/dev/null || die "$tool missing (igzip: package isal)"
done
mkdir -p "$work"

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maximum() { sort -n | tail -1; }

# measure NAME COMMAND... : one run; appends wall seconds to $work/NAME.wall, CPU seconds (user +
# system, children included) to $work/NAME.cpu and peak RSS (KiB) to $work/NAME.rss. Output goes
# to /dev/null, stderr to $work/NAME.stderr.
measure() {
  local name=$1
  shift
  local t0 t1
  t0=$EPOCHREALTIME
  "$timebin" -f '%M %U %S' -o "$work/$name.rss1" "$@" >/dev/null 2>"$work/$name.stderr" || {
    echo "image_scan.sh: '$*' failed:" >&2
    tail -5 "$work/$name.stderr" >&2
    exit 1
  }
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }' >>"$work/$name.wall"
  tail -1 "$work/$name.rss1" | awk '{ print $1 }' >>"$work/$name.rss"
  tail -1 "$work/$name.rss1" | awk '{ printf "%.2f\n", $2 + $3 }' >>"$work/$name.cpu"
}

reset() { local n; for n in "$@"; do : >"$work/$n.wall"; : >"$work/$n.cpu"; : >"$work/$n.rss"; done; }
med() { median <"$work/$1.wall"; }
least() { sort -n "$work/$1.wall" | head -1; }

row() { # NAME LABEL [rss]: one line of the table
  local rss=""
  [[ ${3:-} == rss ]] && rss=$(awk '{ printf "%8.1f", $1 / 1024 }' <<<"$(maximum <"$work/$1.rss")")
  printf '  %-12s %-44s %8.3f %8.3f %8.2f %8s\n' "$image" "$2" "$(med "$1")" "$(least "$1")" \
    "$(median <"$work/$1.cpu")" "$rss"
}

# ratio LABEL NUM DEN TARGET: the median of the per-round ratios (the two runs of a round are
# back to back, so they see about the same load) and the ratio of the fastest runs.
ratio() {
  local paired
  paired=$(paste "$work/$2.wall" "$work/$3.wall" | awk '{ printf "%.6f\n", $1 / $2 }' | median)
  awk -v l="$1" -v p="$paired" -v a="$(least "$2")" -v b="$(least "$3")" -v t="$4" -v i="$image" \
    'BEGIN { printf "  %-12s %-44s %8.2f %8.2f   (target %s)\n", i, l, p, a / b, t }'
}

image_dir() { # NAME -> OCI layout folder (builds the big image when missing or stale)
  case $1 in
    debian | multilayer) echo "$fixtures_dir/images/$1/oci" ;;
    big)
      ONLY_BIG_IMAGE=1 BIG_IMAGE_MB=$big_mb "$root/tools/make-image-fixtures" \
        "$bench_images/big$big_mb" "$fixtures_dir/go" >&2 || die "building the big image failed"
      echo "$bench_images/big$big_mb/big/oci" ;;
    *) die "unknown image '$1' (debian, multilayer or big)" ;;
  esac
}

# Prints "MEDIA_TYPE BLOB_PATH" for every layer of the layout's first image (nested indexes
# followed to their first manifest).
layers() {
  python3 - "$1" <<'PY'
import json, os, sys
root = sys.argv[1]
def load(digest):
    return json.load(open(os.path.join(root, "blobs", *digest.split(":", 1))))
node = json.load(open(os.path.join(root, "index.json")))
while "manifests" in node:
    node = load(node["manifests"][0]["digest"])
for l in node["layers"]:
    print(l["mediaType"], os.path.join(root, "blobs", *l["digest"].split(":", 1)))
PY
}

# Writes the floor scripts for a layout: $work/floor-{seq,tee,par}.sh.
write_floors() {
  local media blob dec
  printf 'set -e -o pipefail\n' | tee "$work/floor-seq.sh" "$work/floor-par.sh" >"$work/floor-tee.sh"
  while read -r media blob; do
    case $media in
      *gzip) dec="igzip -dc" ;;
      *zstd) dec="zstd -dcq" ;;
      *) dec="" ;;
    esac
    if [[ -n $dec ]]; then
      printf '%s %q | openssl sha256 >/dev/null; openssl sha256 %q >/dev/null\n' \
        "$dec" "$blob" "$blob" >>"$work/floor-seq.sh"
      printf 'tee >(openssl sha256 >/dev/null) <%q | %s | openssl sha256 >/dev/null\n' \
        "$blob" "$dec" >>"$work/floor-tee.sh"
      printf '{ %s %q | openssl sha256 >/dev/null; openssl sha256 %q >/dev/null; } & pids+=($!)\n' \
        "$dec" "$blob" "$blob" >>"$work/floor-par.sh"
    else
      printf 'openssl sha256 %q >/dev/null\n' "$blob" | tee -a "$work/floor-seq.sh" >>"$work/floor-tee.sh"
      printf '{ openssl sha256 %q >/dev/null; } & pids+=($!)\n' "$blob" >>"$work/floor-par.sh"
    fi
  done < <(layers "$1")
  # shellcheck disable=SC2016 # written for the floor script to expand
  printf 'for p in "${pids[@]}"; do wait "$p"; done\n' >>"$work/floor-par.sh"
}

sizes() { # DIR -> "L layers, X MB compressed, Y MB uncompressed"
  local media blob n=0 c=0 u=0 s
  while read -r media blob; do
    n=$((n + 1))
    c=$((c + $(stat -c %s "$blob")))
    case $media in
      *gzip) s=$(igzip -dc "$blob" | wc -c) ;;
      *zstd) s=$(zstd -dcq "$blob" | wc -c) ;;
      *) s=$(stat -c %s "$blob") ;;
    esac
    u=$((u + s))
  done < <(layers "$1")
  echo "$n layer(s), $((c / 1000000)) MB compressed, $((u / 1000000)) MB uncompressed"
}

bench_image() { # NAME
  image=$1
  local dir
  dir=$(image_dir "$1")
  [[ -f $dir/index.json ]] || die "no OCI layout at $dir (run tools/make-image-fixtures)"
  work=$base/$image
  mkdir -p "$work"
  echo "$image: $dir: $(sizes "$dir")"
  write_floors "$dir"
  local cold_fs=$work/cache-cold-fs warm=$work/cache-warm-$image
  local args=(image "$dir" --format json)
  local cold_mem=("$scry" --quiet "${args[@]}" --scanners none --cache-backend memory)
  local cold_fsc=("$scry" --quiet --cache-dir "$cold_fs" "${args[@]}" --scanners none --cache-backend fs)
  local warm_none=("$scry" --quiet --cache-dir "$warm" "${args[@]}" --scanners none --cache-backend fs)
  local warm_vuln=("$scry" --quiet --cache-dir "$warm" "${args[@]}" --scanners vuln --skip-db-update --cache-backend fs)
  local i have_db=0
  rm -rf "$cold_fs" "$warm"
  if [[ -n $vulndata && -d $vulndata ]]; then
    "$scry" --quiet --cache-dir "$warm" db import "$vulndata" >/dev/null && have_db=1
  fi
  "${warm_none[@]}" >/dev/null # populates the warm cache

  for ((i = 0; i < warmups; i++)); do
    "${cold_mem[@]}" >/dev/null
    bash "$work/floor-seq.sh"
    bash "$work/floor-tee.sh"
    bash "$work/floor-par.sh"
  done
  reset cold-mem cold-fs floor-seq floor-tee floor-par warm-none warm-vuln
  printf '  %-12s %-44s %8s %8s %8s %8s\n' image "wall seconds (ratios: paired median, of min)" \
    median min "CPU s" "RSS MiB"
  for ((i = 0; i < runs; i++)); do
    measure cold-mem "${cold_mem[@]}"
    measure floor-seq bash "$work/floor-seq.sh"
    "$scry" --quiet --cache-dir "$cold_fs" clean >/dev/null
    measure cold-fs "${cold_fsc[@]}"
    measure floor-tee bash "$work/floor-tee.sh"
    measure floor-par bash "$work/floor-par.sh"
    measure warm-none "${warm_none[@]}"
    if ((have_db)); then measure warm-vuln "${warm_vuln[@]}"; fi
  done
  row cold-mem "scry cold (--cache-backend memory)" rss
  row cold-fs "scry cold (fs cache, after scry clean)" rss
  row floor-seq "floor seq (igzip|openssl + openssl, summed)"
  row floor-tee "floor tee (one read per layer)"
  row floor-par "floor par (floor seq, layers at once)"
  local f
  for f in seq tee par; do ratio "ratio cold (memory) / floor $f" cold-mem "floor-$f" "<= 1.2"; done
  for f in seq tee par; do ratio "ratio cold (fs) / floor $f" cold-fs "floor-$f" "<= 1.2"; done
  awk -v a="$(median <"$work/cold-mem.cpu")" -v b="$(median <"$work/floor-seq.cpu")" -v i="$image" \
    'BEGIN { printf "  %-12s %-44s %8.2f\n", i, "CPU-time ratio cold (memory) / floor seq", a / b }'
  row warm-none "scry warm rescan (--scanners none)" rss
  if ((have_db)); then
    row warm-vuln "scry warm rescan (vuln, --skip-db-update)" rss
    awk -v a="$(med warm-vuln)" -v b="$(med warm-none)" -v i="$image" \
      'BEGIN { printf "  %-12s %-44s %8.3f\n", i, "matching (warm vuln - warm none)", a - b }'
  fi
  rm -rf "$cold_fs"
}

echo "image_scan.sh: scry $scry ($(date -r "$scry" '+%F %T'), $("$scry" version 2>&1 | head -1)), $(nproc) CPUs, N=$runs W=$warmups"
echo "  before: $(uptime)"
for name in "${names[@]}"; do
  bench_image "$name"
  echo "  after $name: $(uptime)"
done
echo "targets: ratio <= 1.2; warm rescan < 0.100 s plus matching; peak RSS < 200 MiB on the 2 GB image"
