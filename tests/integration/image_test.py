#!/usr/bin/env python3
"""`scry image` on the real images of tools/make-image-fixtures, against their manifest.

Every image of build/fixtures/images/manifest.json (see tests/integration/README.md) is scanned
with `--scanners none --list-all-pkgs --format json` and must report exactly:
  * Metadata: ImageID (config digest), DiffIDs in layer order, RepoTags for docker-save inputs,
    OS {Family, Name};
  * the OS packages: name, full version ([epoch:]version[-release]), source name and version,
    arch, and the layer whose package database last changed the package (Layer.DiffID);
  * the Go binaries: one gobinary Result per path, main module path (and version when the
    manifest names the version scry infers), Layer.DiffID of the layer that last wrote it;
  * nothing of what `removed` / `purged_packages` list (whiteouts, opaque directories, purges).
Corrupt images must fail with exit code 1 and an error naming the offending blob. The cache
tests scan one image twice (the second scan analyses no layer), from several processes at once
sharing one cache folder (all succeed with identical reports), and with --cache-backend memory
(nothing written).

Usage: SCRY_BIN=build/release/scry SCRY_IMAGE_FIXTURES=build/fixtures/images \\
       python3 tests/integration/image_test.py [-k NAME]
"""
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest

from fixture_tests import add_fixture_tests

SCRY_BIN = os.environ.get("SCRY_BIN", "")
FIXTURES = os.environ.get("SCRY_IMAGE_FIXTURES", "")
# The layer bomb inflates to 8 GiB; stop it well before (bytes).
BOMB_LIMIT = str(1 << 30)


def load_manifest():
    path = os.path.join(FIXTURES, "manifest.json")
    if not FIXTURES or not os.path.exists(path):
        return []
    with open(path) as f:
        images = json.load(f)["images"]
    for image in images:
        image["expect"] = "error" if image.get("expect_error") else "scan"
    return images


def dpkg_status_packages(text):
    """(name, version) of the installed packages of a dpkg status file."""
    found = set()
    for paragraph in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in paragraph.splitlines() if ": " in line and line[0] != " ")
        if fields.get("Status", "").endswith(" installed") and "Package" in fields:
            found.add((fields["Package"], fields.get("Version")))
    return found


def dpkg_origin_layers(image):
    """{(name, version): layer} for an OCI layout image with gzip or plain layers: the first layer
    of the last unbroken run of layers whose var/lib/dpkg/status lists the package. A layer that
    rewrites the status file without touching a package does not change the package's layer (as
    Trivy, which gives the first layer holding the package)."""
    root = os.path.join(FIXTURES, image["path"])
    present, origin = set(), {}
    for number, layer in enumerate(image["layers"]):
        blob = os.path.join(root, "blobs", *layer["digest"].split(":"))
        with open(blob, "rb") as f:
            data = f.read()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        status = None
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
            for member in tar:
                if member.name.lstrip("./") == "var/lib/dpkg/status" and member.isfile():
                    status = tar.extractfile(member).read().decode()
        if status is None:
            continue
        present = dpkg_status_packages(status)
        origin = {key: origin.get(key, number) for key in present}
    return origin


IMAGES = load_manifest()
# Images (by ImageID) whose dpkg packages' layers are recomputed with dpkg_origin_layers.
DPKG_ORIGINS = {}
for _image in IMAGES:
    if _image["name"] == "multilayer":
        DPKG_ORIGINS[_image["image_id"]] = dpkg_origin_layers(_image)
_scratch = tempfile.mkdtemp(prefix="scry-image-test-")


def image_args(image):
    path = os.path.join(FIXTURES, image["path"])
    if image["form"] == "oci-layout":
        args = [path + (":" + image["ref"] if image.get("ref") else "")]
    else:
        args = ["--input", path]
    if image.get("platform"):
        args += ["--platform", image["platform"]]
    return args


def run_scry(args, cache_dir=None, extra_env=None, timeout=900):
    env = dict(os.environ, SOURCE_DATE_EPOCH="0")
    env.update(extra_env or {})
    cache_dir = cache_dir or os.path.join(_scratch, "cache-%d" % os.getpid())
    cmd = [SCRY_BIN] + args + ["--cache-dir", cache_dir]
    if args[0] == "image":
        cmd += ["--max-layer-size", BOMB_LIMIT]
    return subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)


def scan_json(image, extra=(), cache_backend="memory", cache_dir=None):
    args = ["image"] + image_args(image) + ["--scanners", "none", "--list-all-pkgs", "--format", "json",
                                            "--cache-backend", cache_backend] + list(extra)
    return run_scry(args, cache_dir)


def full_version(epoch, version, release):
    text = version or ""
    if epoch:
        text = "%d:%s" % (epoch, text)
    if release:
        text += "-" + release
    return text


def no_slash(path):
    return path.lstrip("/")


class Images(unittest.TestCase):
    maxDiff = None

    def check_fixture(self, image):
        if image["expect"] == "error":
            return self.check_error(image)
        res = scan_json(image)
        stderr = res.stderr.decode(errors="replace")
        self.assertEqual(res.returncode, 0, stderr[-3000:])
        report = json.loads(res.stdout)
        diff_ids = [layer["diff_id"] for layer in image.get("layers") or []]
        meta = report.get("Metadata") or {}
        self.assertEqual(report["ArtifactType"], "container_image")
        if image.get("image_id"):
            self.assertEqual(meta.get("ImageID"), image["image_id"])
        if diff_ids:
            self.assertEqual(meta.get("DiffIDs"), diff_ids)
        if image.get("repo_tags"):
            # As the tarball's manifest.json writes them (skopeo adds docker.io/).
            tags = [t[len("docker.io/"):] if t.startswith("docker.io/") else t for t in meta.get("RepoTags") or []]
            self.assertEqual(tags, image["repo_tags"])
        if image.get("os"):
            self.assertEqual({k: meta.get("OS", {}).get(k) for k in ("Family", "Name")},
                             {"Family": image["os"]["family"], "Name": image["os"]["name"]})
        self.assertIn("ImageConfig", meta)
        if any(not layer.get("tar_eoa", True) for layer in image.get("layers") or []):
            self.assertIn("end-of-archive", stderr, "a layer without tar end blocks is read with a warning")

        results = report.get("Results") or []
        os_results = [r for r in results if r.get("Class") == "os-pkgs"]
        if image["packages"]:
            self.assertEqual(len(os_results), 1, [r["Target"] for r in results])
            got = {}
            for p in os_results[0].get("Packages") or []:
                got[p["Name"]] = {
                    "version": full_version(p.get("Epoch"), p.get("Version"), p.get("Release")),
                    "src_name": p.get("SrcName") or p["Name"],
                    "src_version": full_version(p.get("SrcEpoch"), p.get("SrcVersion"), p.get("SrcRelease")),
                    "arch": p.get("Arch"),
                    "diff_id": (p.get("Layer") or {}).get("DiffID"),
                }
            origins = DPKG_ORIGINS.get(image.get("image_id"), {})
            want = {p["name"]: {"version": p["version"], "src_name": p["src_name"],
                                "src_version": p["src_version"], "arch": p["arch"],
                                "diff_id": diff_ids[origins.get((p["name"], p["version"]), p["layer"])]}
                    for p in image["packages"]}
            self.assertEqual(sorted(got), sorted(want), "OS package names")
            problems = ["%s: %s, want %s" % (name, got[name], want[name])
                        for name in sorted(want) if got[name] != want[name]]
            self.assertFalse(problems, "%d packages differ:\n%s" % (len(problems), "\n".join(problems[:5])))
        else:
            self.assertEqual(os_results, [], "no OS packages expected")

        binaries = {r["Target"]: r for r in results if r.get("Type") == "gobinary"}
        want_binaries = {no_slash(b["path"]): b for b in image["go_binaries"]}
        self.assertEqual(sorted(binaries), sorted(want_binaries), "Go binaries")
        for path, want in want_binaries.items():
            packages = binaries[path].get("Packages") or []
            layers = {(p.get("Layer") or {}).get("DiffID") for p in packages}
            if diff_ids:
                self.assertEqual(layers, {diff_ids[want["layer"]]}, path)
            else:
                self.assertEqual(len(layers), 1, path)
            if want.get("main"):
                roots = [p for p in packages if p.get("Relationship") == "root"]
                self.assertEqual([p["Name"] for p in roots], [want["main"]["path"]], path)
                if want.get("main_version"):
                    self.assertEqual(roots[0].get("Version"), want["main_version"], path)
            stdlib = [p for p in packages if p["Name"] == "stdlib"]
            if want.get("go_version"):
                self.assertEqual([p.get("Version") for p in stdlib], ["v" + want["go_version"][2:]], path)
        targets = {r["Target"] for r in results}
        for removed in image.get("removed") or []:
            self.assertNotIn(no_slash(removed), targets)
        names = {p["Name"] for r in os_results for p in r.get("Packages") or []}
        for purged in image.get("purged_packages") or []:
            self.assertNotIn(purged, names)
        for host_path in image.get("host_paths_absent") or []:
            self.assertFalse(os.path.lexists(host_path), host_path)

    def check_error(self, image):
        res = scan_json(image)
        stderr = res.stderr.decode(errors="replace")
        self.assertEqual(res.returncode, 1, "%s: exit %d\n%s" % (image["name"], res.returncode, stderr[-2000:]))
        self.assertIn(image["expect_error"], stderr, image.get("expect_error_hint"))
        self.assertEqual(res.stdout, b"", "no report for an image that cannot be read")

    # --- the cache -------------------------------------------------------------------------------

    def multilayer(self):
        for image in IMAGES:
            if image["name"] == "multilayer":
                return image
        self.fail("the multilayer image is missing from the manifest")

    def test_cache_second_scan_analyses_nothing(self):
        image = self.multilayer()
        cache = tempfile.mkdtemp(dir=_scratch)
        first = scan_json(image, ["--debug"], "fs", cache)
        self.assertEqual(first.returncode, 0, first.stderr.decode(errors="replace")[-2000:])
        second = scan_json(image, ["--debug"], "fs", cache)
        self.assertEqual(second.returncode, 0)
        self.assertEqual(first.stdout, second.stdout)
        count = len(image["layers"])
        self.assertRegex(first.stderr.decode(), r"layers: 0 from the cache, %d analysed" % count)
        self.assertRegex(second.stderr.decode(), r"layers: %d from the cache, 0 analysed" % count)
        # The zstd form has the same diffIDs: its layers come from the cache too.
        zstd = [i for i in IMAGES if i["name"] == "multilayer-zstd"][0]
        third = scan_json(zstd, ["--debug"], "fs", cache)
        self.assertRegex(third.stderr.decode(), r"layers: %d from the cache, 0 analysed" % count)
        # scry clean empties it.
        clean = run_scry(["clean"], cache)
        self.assertEqual(clean.returncode, 0)
        again = scan_json(image, ["--debug"], "fs", cache)
        self.assertRegex(again.stderr.decode(), r"layers: 0 from the cache, %d analysed" % count)

    def test_cache_concurrent_scans(self):
        image = self.multilayer()
        cache = tempfile.mkdtemp(dir=_scratch)
        args = ["image"] + image_args(image) + ["--scanners", "none", "--list-all-pkgs", "--format", "json",
                                                "--cache-backend", "fs"]
        env = dict(os.environ, SOURCE_DATE_EPOCH="0")
        procs = [subprocess.Popen([SCRY_BIN] + args + ["--cache-dir", cache], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
        outputs = [p.communicate(timeout=900) for p in procs]
        for p, (out, err) in zip(procs, outputs):
            self.assertEqual(p.returncode, 0, err.decode(errors="replace")[-2000:])
        self.assertEqual(len({out for out, _ in outputs}), 1, "concurrent scans disagree")
        leftovers = [os.path.join(d, f) for d, _, files in os.walk(cache) for f in files if ".tmp-" in f]
        self.assertEqual(leftovers, [])

    def test_memory_cache_writes_nothing(self):
        image = [i for i in IMAGES if i["name"] == "scratch"][0]
        cache = tempfile.mkdtemp(dir=_scratch)
        res = scan_json(image, [], "memory", cache)
        self.assertEqual(res.returncode, 0, res.stderr.decode(errors="replace")[-2000:])
        self.assertFalse(os.path.exists(os.path.join(cache, "analysis")))

    def test_unknown_platform_lists_the_available_ones(self):
        image = [i for i in IMAGES if i["name"] == "multiarch-amd64"][0]
        res = run_scry(["image", os.path.join(FIXTURES, image["path"]), "--platform", "linux/s390x",
                        "--scanners", "none"])
        self.assertEqual(res.returncode, 1)
        self.assertIn("linux/arm64", res.stderr.decode())

    def test_missing_input_is_a_clear_error(self):
        res = run_scry(["image", "--input", os.path.join(_scratch, "nope.tar"), "--scanners", "none"])
        self.assertEqual(res.returncode, 1)
        self.assertIn("nope.tar", res.stderr.decode())


add_fixture_tests(Images, IMAGES, key="name")


def main():
    global SCRY_BIN, FIXTURES
    if not SCRY_BIN or not os.path.exists(SCRY_BIN):
        sys.exit("set SCRY_BIN to the scry executable")
    if not IMAGES:
        sys.exit("no image fixtures: run tools/make-image-fixtures (SCRY_IMAGE_FIXTURES=%r)" % FIXTURES)
    try:
        unittest.main(verbosity=2)
    finally:
        shutil.rmtree(_scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
