#!/usr/bin/env bash
# Times reading one large gzip image layer the way scry does (one pass: SHA-256 of the blob,
# isa-l inflate, SHA-256 of the tar, libarchive tar walk; tests/integration/image_probe
# --counts-only) against the decompress+hash floor `igzip -dc LAYER | sha256sum` (and against
# `igzip -dc | openssl sha256`, whose SHA-256 uses SHA-NI like scry's), on the same layer in the
# same run, and prints the ratios and scry's peak RSS.
# Usage: bench/image_layer.sh BUILD_DIR [SOURCE_DIR (default /usr)] [MAX_MB (default 750)]
set -euo pipefail
build=${1:?usage: bench/image_layer.sh BUILD_DIR [SOURCE_DIR] [MAX_MB]}
source_dir=${2:-/usr}
max_mb=${3:-750}
probe="$build/tests/image_probe"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A tar of real files (binaries, libraries, text) up to MAX_MB, gzip -6 like docker and umoci.
find "$source_dir" -xdev -type f -size -50M -print0 2>/dev/null | sort -z |
  python3 -c '
import os, sys
limit, total, out = int(sys.argv[1]) << 20, 0, []
for path in sys.stdin.buffer.read().split(b"\0"):
    if not path: continue
    try: size = os.path.getsize(path)
    except OSError: continue
    if total + size > limit: break
    total += size; out.append(path)
sys.stdout.buffer.write(b"\0".join(out))' "$max_mb" > "$work/list"
tar --null -T "$work/list" -cf "$work/layer.tar" 2>/dev/null || true
gzip -6 -c "$work/layer.tar" > "$work/layer.tar.gz"
python3 - "$work" <<'PY'
import hashlib, json, os, sys
work = sys.argv[1]
root = os.path.join(work, "oci")
os.makedirs(os.path.join(root, "blobs", "sha256"))
def digest_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""): h.update(chunk)
    return "sha256:" + h.hexdigest()
def blob(data):
    d = "sha256:" + hashlib.sha256(data).hexdigest()
    open(os.path.join(root, "blobs", "sha256", d[7:]), "wb").write(data)
    return {"digest": d, "size": len(data)}
layer_digest = digest_file(os.path.join(work, "layer.tar.gz"))
os.rename(os.path.join(work, "layer.tar.gz"), os.path.join(root, "blobs", "sha256", layer_digest[7:]))
layer = {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer_digest,
         "size": os.path.getsize(os.path.join(root, "blobs", "sha256", layer_digest[7:]))}
config = blob(json.dumps({"os": "linux", "architecture": "amd64", "rootfs": {"type": "layers",
              "diff_ids": [digest_file(os.path.join(work, "layer.tar"))]}}).encode())
config["mediaType"] = "application/vnd.oci.image.config.v1+json"
manifest = blob(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": config, "layers": [layer]}).encode())
manifest["mediaType"] = "application/vnd.oci.image.manifest.v1+json"
json.dump({"schemaVersion": 2, "manifests": [manifest]}, open(os.path.join(root, "index.json"), "w"))
print(os.path.join(root, "blobs", "sha256", layer_digest[7:]))
PY
layer=$(ls -S "$work"/oci/blobs/sha256/* | head -n 1)
tar_mb=$(( $(stat -c %s "$work/layer.tar") / 1000000 ))
gz_mb=$(( $(stat -c %s "$layer") / 1000000 ))
rm -f "$work/layer.tar"
cat "$layer" > /dev/null  # page cache

best() {  # best of 3 wall-clock seconds of "$@"
  local best=""
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N)
    best=$(python3 -c "import sys; t=float(sys.argv[2])-float(sys.argv[1]); b=sys.argv[3]; print(min(t, float(b)) if b else t)" "$start" "$end" "$best")
  done
  echo "$best"
}
scry_s=$(best "$probe" "$work/oci" --counts-only)
floor_s=$(best bash -c "igzip -dc '$layer' | sha256sum")
openssl_s=$(best bash -c "igzip -dc '$layer' | openssl sha256")
rss_kb=$( { /usr/bin/time -f %M "$probe" "$work/oci" --counts-only > /dev/null; } 2>&1 | tail -n 1)
python3 - "$tar_mb" "$gz_mb" "$scry_s" "$floor_s" "$openssl_s" "$rss_kb" <<'PY'
import sys
tar_mb, gz_mb, scry, floor, openssl, rss = sys.argv[1:]
scry, floor, openssl = float(scry), float(floor), float(openssl)
print(f"layer: {tar_mb} MB tar, {gz_mb} MB gzip")
print(f"scry one pass (digest + inflate + diffID + tar walk): {scry:.3f} s "
      f"({int(tar_mb) / scry:.0f} MB/s of tar), peak RSS {int(rss) // 1024} MB")
print(f"igzip -dc | sha256sum:      {floor:.3f} s   ratio scry/floor = {scry / floor:.2f}")
print(f"igzip -dc | openssl sha256: {openssl:.3f} s   ratio scry/floor = {scry / openssl:.2f}")
PY
