#!/usr/bin/env python3
"""Reading container images from files (artifact/image) on real images built here, offline.

Images come from umoci (init/new/insert, unpack/repack: OCI layouts with gzip layers, layers
without end-of-archive blocks or padding, whiteouts), skopeo (copies to docker-archive,
oci-archive and zstd-compressed OCI layouts), and this file's own writers for what neither tool
writes: Docker >= 25's docker-save layout (an OCI layout inside the tar), the legacy layout with
`<id>/layer.tar` symlinks, mixed gzip/zstd/plain layers, multi-platform nested indexes, and
corrupt variants (bad digests and diffIDs, missing blobs, a manifest pointing to nothing,
truncated layers, a gzip bomb, '..' paths, symlink loops, 100,000 tiny files). Every image is
read with tests/integration/image_probe.cpp and compared with what was built and with
`skopeo inspect`.

Usage: IMAGE_PROBE=build/release/tests/image_probe python3 tests/integration/image_inputs_test.py
"""

import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import unittest

PROBE = os.environ.get("IMAGE_PROBE", "")
TIMEOUT = 300


def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def run(*args, check=True, **kwargs):
    return subprocess.run(list(args), check=check, capture_output=True, timeout=TIMEOUT, **kwargs)


def probe(*args):
    """Runs image_probe; returns (exit code, parsed JSON)."""
    result = run(PROBE, *args, check=False)
    try:
        out = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"image_probe {args}: rc {result.returncode}\n{result.stdout!r}\n"
                             f"{result.stderr!r}")
    if result.returncode not in (0, 1):
        raise AssertionError(f"image_probe crashed: {result.returncode}: {result.stderr!r}")
    return result.returncode, out


def tar_bytes(entries, end_blocks=True):
    """entries: (name, kind, data_or_target). kind: file, dir, symlink, hardlink."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, kind, value in entries:
            info = tarfile.TarInfo(name)
            info.mtime = 1700000000
            if kind == "file":
                info.size = len(value)
                info.mode = 0o644
                tar.addfile(info, io.BytesIO(value))
                continue
            if kind == "dir":
                info.type, info.mode = tarfile.DIRTYPE, 0o755
            elif kind == "symlink":
                info.type, info.linkname, info.mode = tarfile.SYMTYPE, value, 0o777
            elif kind == "hardlink":
                info.type, info.linkname, info.mode = tarfile.LNKTYPE, value, 0o644
            tar.addfile(info)
    data = buffer.getvalue()
    if not end_blocks:
        data = data.rstrip(b"\0")
        data += b"\0" * (-len(data) % 512)
    return data


def compress(data, kind):
    if kind == "gzip":
        return gzip.compress(data, mtime=0)
    if kind == "zstd":
        return run("zstd", "-q", "-c", "-3", input=data).stdout
    return data


MEDIA = {"gzip": "application/vnd.oci.image.layer.v1.tar+gzip",
         "zstd": "application/vnd.oci.image.layer.v1.tar+zstd",
         "none": "application/vnd.oci.image.layer.v1.tar"}
MANIFEST = "application/vnd.oci.image.manifest.v1+json"
INDEX = "application/vnd.oci.image.index.v1+json"


class Layout:
    """Writes OCI layouts by hand, so that tests control every byte and every descriptor."""

    def __init__(self, root):
        self.root = root
        os.makedirs(os.path.join(root, "blobs", "sha256"), exist_ok=True)
        with open(os.path.join(root, "oci-layout"), "w") as f:
            f.write('{"imageLayoutVersion": "1.0.0"}')

    def blob(self, data):
        digest = sha256(data)
        with open(os.path.join(self.root, "blobs", "sha256", digest[7:]), "wb") as f:
            f.write(data)
        return {"digest": digest, "size": len(data)}

    def image(self, layers, platform=("linux", "amd64", ""), diff_ids=None):
        """layers: (tar bytes, compression). Returns (manifest descriptor, config bytes)."""
        descriptors, ids = [], []
        for tar, kind in layers:
            descriptor = self.blob(compress(tar, kind))
            descriptor["mediaType"] = MEDIA[kind]
            descriptors.append(descriptor)
            ids.append(sha256(tar))
        config = {"architecture": platform[1], "os": platform[0],
                  "rootfs": {"type": "layers", "diff_ids": diff_ids or ids},
                  "history": [{"created_by": f"layer {i}"} for i in range(len(layers))]}
        if platform[2]:
            config["variant"] = platform[2]
        config_bytes = json.dumps(config).encode()
        config_descriptor = self.blob(config_bytes)
        config_descriptor["mediaType"] = "application/vnd.oci.image.config.v1+json"
        manifest = {"schemaVersion": 2, "mediaType": MANIFEST, "config": config_descriptor,
                    "layers": descriptors}
        descriptor = self.blob(json.dumps(manifest).encode())
        descriptor["mediaType"] = MANIFEST
        descriptor["platform"] = {"os": platform[0], "architecture": platform[1]}
        if platform[2]:
            descriptor["platform"]["variant"] = platform[2]
        return descriptor, config_bytes

    def index_blob(self, descriptors):
        descriptor = self.blob(json.dumps({"schemaVersion": 2, "mediaType": INDEX,
                                           "manifests": descriptors}).encode())
        descriptor["mediaType"] = INDEX
        return descriptor

    def write_index(self, descriptors):
        with open(os.path.join(self.root, "index.json"), "w") as f:
            json.dump({"schemaVersion": 2, "mediaType": INDEX, "manifests": descriptors}, f)


def tar_of_folder(folder, out, extra_symlinks=()):
    """Packs `folder` into the tar `out` (names relative to it), plus (name, target) symlinks."""
    with tarfile.open(out, "w") as tar:
        for name in sorted(os.listdir(folder)):
            tar.add(os.path.join(folder, name), name)
        for name, target in extra_symlinks:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tar.addfile(info)


LAYER_A = [("etc", "dir", None), ("etc/os-release", "file", b"ID=debian\nVERSION_ID=12\n"),
           ("usr/bin/tool", "file", b"\x7fELF" + bytes(range(256)) * 40),
           ("usr/bin/alias", "symlink", "tool"), ("usr/bin/hard", "hardlink", "usr/bin/tool")]
LAYER_B = [("etc/.wh.os-release", "file", b""), ("opt/.wh..wh..opq", "file", b""),
           ("opt/new", "file", b"new\n")]
LAYER_C = [("var/lib/dpkg/status", "file", b"Package: x\nVersion: 1\n")]


def entries_of(layer_json):
    return [(e["path"], e["type"]) for e in layer_json["entries"]]


class ImageInputsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not PROBE:
            raise unittest.SkipTest("IMAGE_PROBE is not set")
        cls.tmp = tempfile.mkdtemp(prefix="scry-image-test-")
        cls.scratch = tempfile.mkdtemp(prefix="scry-image-scratch-")
        cls.build_umoci_image()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)
        shutil.rmtree(cls.scratch, ignore_errors=True)

    @classmethod
    def build_umoci_image(cls):
        """An OCI layout from umoci: two inserted layers and a repacked one with a whiteout."""
        cls.oci = os.path.join(cls.tmp, "umoci")
        root = os.path.join(cls.tmp, "src")
        os.makedirs(os.path.join(root, "etc"))
        os.makedirs(os.path.join(root, "usr", "bin"))
        with open(os.path.join(root, "etc", "os-release"), "w") as f:
            f.write("ID=debian\nVERSION_ID=12\n")
        with open(os.path.join(root, "usr", "bin", "hello"), "w") as f:
            f.write("#!/bin/sh\necho hello\n")
        os.symlink("hello", os.path.join(root, "usr", "bin", "hi"))
        run("umoci", "init", "--layout", cls.oci)
        run("umoci", "new", "--image", cls.oci + ":base")
        run("umoci", "insert", "--image", cls.oci + ":base", os.path.join(root, "etc"), "/etc")
        run("umoci", "insert", "--image", cls.oci + ":base", os.path.join(root, "usr"), "/usr")
        bundle = os.path.join(cls.tmp, "bundle")
        run("umoci", "unpack", "--image", cls.oci + ":base", bundle)
        os.remove(os.path.join(bundle, "rootfs", "usr", "bin", "hello"))
        with open(os.path.join(bundle, "rootfs", "etc", "added"), "w") as f:
            f.write("added\n")
        run("umoci", "repack", "--image", cls.oci + ":v2", bundle)

    def skopeo_inspect(self, reference):
        """(manifest-level JSON, raw config bytes) as skopeo sees them."""
        inspect = json.loads(run("skopeo", "inspect", reference).stdout)
        config = run("skopeo", "inspect", "--config", "--raw", reference).stdout
        return inspect, config

    def check_against_skopeo(self, out, reference, layer_digests_are_diff_ids=False):
        inspect, config = self.skopeo_inspect(reference)
        self.assertEqual(out["image_id"], sha256(config))
        diff_ids = json.loads(config)["rootfs"]["diff_ids"]
        self.assertEqual([layer["diff_id"] for layer in out["layers"]], diff_ids)
        expected = diff_ids if layer_digests_are_diff_ids else inspect["Layers"]
        self.assertEqual([layer["digest"] for layer in out["layers"]], expected)

    # ---- umoci and skopeo --------------------------------------------------------------------

    def test_umoci_layout_tags_and_skopeo(self):
        rc, out = probe(self.oci + ":base")
        self.assertEqual(rc, 0, out)
        self.check_against_skopeo(out, "oci:" + self.oci + ":base")
        self.assertEqual(len(out["layers"]), 2)
        self.assertEqual(entries_of(out["layers"][0]), [("etc", "dir"), ("etc/os-release", "file")])
        self.assertIn(("usr/bin/hi", "symlink"), entries_of(out["layers"][1]))
        # umoci insert ends layers without end-of-archive blocks (and even without padding).
        self.assertFalse(out["layers"][0]["end_marker"])
        self.assertTrue(any("without end-of-archive" in w for w in out["layers"][0]["warnings"]))
        content = {e["path"]: e for e in out["layers"][0]["entries"]}
        self.assertEqual(content["etc/os-release"]["sha256"],
                         hashlib.sha256(b"ID=debian\nVERSION_ID=12\n").hexdigest())

        rc, v2 = probe(self.oci + ":v2", "--threads", "3")
        self.assertEqual(rc, 0, v2)
        self.check_against_skopeo(v2, "oci:" + self.oci + ":v2")
        self.assertEqual(len(v2["layers"]), 3)
        paths = [p for p, _ in entries_of(v2["layers"][2])]
        self.assertIn("usr/bin/.wh.hello", paths)
        self.assertIn("etc/added", paths)

    def test_layout_without_tag_and_by_digest(self):
        rc, out = probe(self.oci)
        self.assertEqual(rc, 1)
        self.assertIn("holds 2 images for platform linux/amd64", out["error"])
        with open(os.path.join(self.oci, "index.json")) as f:
            index = json.load(f)
        digest = [m["digest"] for m in index["manifests"]
                  if m["annotations"]["org.opencontainers.image.ref.name"] == "base"][0]
        rc, by_digest = probe(self.oci + "@" + digest)
        self.assertEqual(rc, 0, by_digest)
        rc, by_tag = probe(self.oci + ":base")
        self.assertEqual(by_digest["image_id"], by_tag["image_id"])
        rc, out = probe(self.oci + ":nope")
        self.assertEqual(rc, 1)
        self.assertIn("has no image tagged nope (tags: base, v2)", out["error"])
        rc, out = probe(self.oci + "@sha256:" + "0" * 64)
        self.assertIn("has no manifest or index sha256:000", out["error"])

    def test_skopeo_docker_archive_oci_archive_and_gzip(self):
        archive = os.path.join(self.tmp, "docker.tar")
        run("skopeo", "copy", "oci:" + self.oci + ":v2", "docker-archive:" + archive +
            ":example.com/app:1.0")
        rc, out = probe(archive)
        self.assertEqual(rc, 0, out)
        self.assertEqual(out["repo_tags"], ["example.com/app:1.0"])
        self.check_against_skopeo(out, "docker-archive:" + archive, layer_digests_are_diff_ids=True)
        _, reference = probe(self.oci + ":v2")
        for ours, theirs in zip(out["layers"], reference["layers"]):
            self.assertEqual(ours["entries"], theirs["entries"])
            self.assertEqual(ours["media_type"], "application/vnd.docker.image.rootfs.diff.tar")

        gz = archive + ".gz"
        with open(archive, "rb") as f, open(gz, "wb") as g:
            g.write(gzip.compress(f.read()))
        temp = os.path.join(self.tmp, "temp")
        os.makedirs(temp)
        rc, out_gz = probe(gz, "--temp-dir", temp)
        self.assertEqual(rc, 0, out_gz)
        self.assertEqual(out_gz["layers"], out["layers"])
        self.assertEqual(os.listdir(temp), [])  # the decompressed copy is unlinked
        rc, err = probe(gz)
        self.assertIn("needs a temporary folder", err["error"])

        oci_archive = os.path.join(self.tmp, "image.oci.tar")
        run("skopeo", "copy", "oci:" + self.oci + ":v2", "oci-archive:" + oci_archive + ":v2")
        rc, out = probe(oci_archive)
        self.assertEqual(rc, 0, out)
        self.check_against_skopeo(out, "oci-archive:" + oci_archive)
        self.assertEqual([l["entries"] for l in out["layers"]],
                         [l["entries"] for l in reference["layers"]])

    def test_skopeo_zstd_layout(self):
        target = os.path.join(self.tmp, "zstd")
        run("skopeo", "copy", "--dest-compress-format", "zstd", "oci:" + self.oci + ":v2",
            "oci:" + target + ":z")
        rc, out = probe(target + ":z")
        self.assertEqual(rc, 0, out)
        self.check_against_skopeo(out, "oci:" + target + ":z")
        self.assertTrue(all(l["media_type"].endswith("+zstd") for l in out["layers"]))
        _, reference = probe(self.oci + ":v2")
        self.assertEqual([l["diff_id"] for l in out["layers"]],
                         [l["diff_id"] for l in reference["layers"]])

    # ---- own writers -------------------------------------------------------------------------

    def test_mixed_compression_layout(self):
        root = os.path.join(self.tmp, "mixed")
        layout = Layout(root)
        layers = [(tar_bytes(LAYER_A), "gzip"), (tar_bytes(LAYER_B, end_blocks=False), "zstd"),
                  (tar_bytes(LAYER_C), "none")]
        descriptor, config = layout.image(layers)
        layout.write_index([descriptor])
        rc, out = probe(root, "--threads", "2")
        self.assertEqual(rc, 0, out)
        self.check_against_skopeo(out, "oci:" + root)
        self.assertEqual([l["media_type"] for l in out["layers"]],
                         [MEDIA["gzip"], MEDIA["zstd"], MEDIA["none"]])
        self.assertEqual(entries_of(out["layers"][0]),
                         [("etc", "dir"), ("etc/os-release", "file"), ("usr/bin/tool", "file"),
                          ("usr/bin/alias", "symlink"), ("usr/bin/hard", "hardlink")])
        self.assertEqual(out["layers"][0]["entries"][4]["link"], "usr/bin/tool")
        self.assertEqual(entries_of(out["layers"][1]),
                         [("etc/.wh.os-release", "file"), ("opt/.wh..wh..opq", "file"),
                          ("opt/new", "file")])
        self.assertEqual(out["image_id"], sha256(config))

    def docker25_archive(self, path, layers, repo_tags, compress_whole=False):
        """docker save of Docker >= 25: an OCI layout plus manifest.json naming its blobs."""
        root = os.path.join(self.scratch, os.path.basename(path) + ".d")
        layout = Layout(root)
        descriptor, config = layout.image([(tar, "none") for tar in layers])
        descriptor["annotations"] = {"io.containerd.image.name": "docker.io/" + repo_tags[0],
                                     "org.opencontainers.image.ref.name": "1.0"}
        layout.write_index([descriptor])
        manifest = [{"Config": "blobs/sha256/" + sha256(config)[7:], "RepoTags": repo_tags,
                     "Layers": ["blobs/sha256/" + sha256(tar)[7:] for tar in layers]}]
        with open(os.path.join(root, "manifest.json"), "w") as f:
            json.dump(manifest, f)
        tar_of_folder(root, path)
        if compress_whole:
            with open(path, "rb") as f:
                data = f.read()
            with open(path, "wb") as f:
                f.write(gzip.compress(data))
        return config

    def test_docker25_layout(self):
        path = os.path.join(self.tmp, "docker25.tar")
        layers = [tar_bytes(LAYER_A), tar_bytes(LAYER_C)]
        config = self.docker25_archive(path, layers, ["app:1.0"])
        rc, out = probe(path)
        self.assertEqual(rc, 0, out)
        self.assertEqual(out["image_id"], sha256(config))
        self.assertEqual(out["repo_tags"], ["app:1.0"])
        self.assertEqual([l["digest"] for l in out["layers"]], [sha256(t) for t in layers])
        self.assertEqual([l["media_type"] for l in out["layers"]], [MEDIA["none"]] * 2)
        self.check_against_skopeo(out, "docker-archive:" + path, layer_digests_are_diff_ids=True)
        self.assertEqual(entries_of(out["layers"][0])[1], ("etc/os-release", "file"))

        # The same, gzip-compressed as a whole.
        self.docker25_archive(path + ".gz", layers, ["app:1.0"], compress_whole=True)
        temp = os.path.join(self.tmp, "temp25")
        os.makedirs(temp)
        rc, out_gz = probe(path + ".gz", "--temp-dir", temp)
        self.assertEqual(rc, 0, out_gz)
        self.assertEqual(out_gz["layers"], out["layers"])
        self.assertEqual(os.listdir(temp), [])

    def test_legacy_layout_with_layer_symlinks(self):
        """docker save before 25: <id>/layer.tar, the same layer twice as a symlink."""
        root = os.path.join(self.scratch, "legacy")
        layers = [tar_bytes(LAYER_A), tar_bytes(LAYER_C)]
        os.makedirs(os.path.join(root, "aaa"))
        os.makedirs(os.path.join(root, "bbb"))
        with open(os.path.join(root, "aaa", "layer.tar"), "wb") as f:
            f.write(layers[0])
        with open(os.path.join(root, "bbb", "layer.tar"), "wb") as f:
            f.write(layers[1])
        ids = [sha256(layers[0]), sha256(layers[1]), sha256(layers[0])]
        config = json.dumps({"os": "linux", "architecture": "amd64",
                             "rootfs": {"type": "layers", "diff_ids": ids}}).encode()
        config_name = sha256(config)[7:] + ".json"
        with open(os.path.join(root, config_name), "wb") as f:
            f.write(config)
        manifest = [{"Config": config_name, "RepoTags": ["legacy:1"],
                     "Layers": ["aaa/layer.tar", "bbb/layer.tar", "ccc/layer.tar"]}]
        with open(os.path.join(root, "manifest.json"), "w") as f:
            json.dump(manifest, f)
        path = os.path.join(self.tmp, "legacy.tar")
        tar_of_folder(root, path, extra_symlinks=[("ccc/layer.tar", "../aaa/layer.tar")])
        rc, out = probe(path)
        self.assertEqual(rc, 0, out)
        self.assertEqual([l["digest"] for l in out["layers"]], ids)
        self.assertEqual(out["layers"][2]["entries"], out["layers"][0]["entries"])
        self.check_against_skopeo(out, "docker-archive:" + path, layer_digests_are_diff_ids=True)

        loop = os.path.join(self.tmp, "legacy-loop.tar")
        manifest[0]["Layers"][2] = "ddd/layer.tar"
        with open(os.path.join(root, "manifest.json"), "w") as f:
            json.dump(manifest, f)
        tar_of_folder(root, loop, extra_symlinks=[("ddd/layer.tar", "../eee/layer.tar"),
                                                  ("eee/layer.tar", "../ddd/layer.tar")])
        rc, out = probe(loop)
        self.assertEqual(rc, 1)
        self.assertIn("link loop", out["error"])

    def test_multi_platform_nested_index(self):
        root = os.path.join(self.tmp, "multi")
        layout = Layout(root)
        amd, _ = layout.image([(tar_bytes(LAYER_A), "gzip")], ("linux", "amd64", ""))
        arm, _ = layout.image([(tar_bytes(LAYER_C), "gzip")], ("linux", "arm64", "v8"))
        arm7, _ = layout.image([(tar_bytes(LAYER_B), "gzip")], ("linux", "arm", "v7"))
        attestation, _ = layout.image([(tar_bytes(LAYER_C), "none")], ("unknown", "unknown", ""))
        nested = layout.index_blob([amd, arm, arm7, attestation])
        nested["annotations"] = {"org.opencontainers.image.ref.name": "latest"}
        layout.write_index([nested])
        rc, out = probe(root)
        self.assertEqual(rc, 0, out)
        self.assertEqual(out["architecture"], "amd64")
        rc, out = probe(root + ":latest", "--platform", "linux/arm64")
        self.assertEqual((rc, out["architecture"], out["variant"]), (0, "arm64", "v8"), out)
        rc, out = probe(root, "--platform", "linux/arm/v7")
        self.assertEqual((rc, out["architecture"]), (0, "arm"), out)
        rc, out = probe(root, "--platform", "linux/s390x")
        self.assertEqual(rc, 1)
        self.assertIn("no image for platform linux/s390x; available: linux/amd64 (latest), "
                      "linux/arm64/v8 (latest), linux/arm/v7 (latest)", out["error"])
        rc, out = probe(root, "--platform", "linux")
        self.assertIn("expected os/arch", out["error"])
        rc, out = probe(root + "@" + arm["digest"])
        self.assertEqual((rc, out["architecture"]), (0, "arm64"), out)

    # ---- corrupt images ----------------------------------------------------------------------

    def corrupt_copy(self, name):
        target = os.path.join(self.tmp, name)
        shutil.copytree(os.path.join(self.tmp, "base-good"), target)
        return target

    def good_layout(self):
        root = os.path.join(self.tmp, "base-good")
        if not os.path.exists(root):
            layout = Layout(root)
            descriptor, _ = layout.image([(tar_bytes(LAYER_A), "gzip"),
                                          (tar_bytes(LAYER_C), "gzip")])
            layout.write_index([descriptor])
        with open(os.path.join(root, "index.json")) as f:
            manifest_digest = json.load(f)["manifests"][0]["digest"]
        with open(os.path.join(root, "blobs", "sha256", manifest_digest[7:])) as f:
            return root, json.load(f)

    def test_bad_layer_digest(self):
        _, manifest = self.good_layout()
        root = self.corrupt_copy("bad-digest")
        layer = manifest["layers"][1]["digest"]
        path = os.path.join(root, "blobs", "sha256", layer[7:])
        with open(path, "r+b") as f:
            data = bytearray(f.read())
            data[len(data) // 2] ^= 0xff
            f.seek(0)
            f.write(data)
        rc, out = probe(root)
        self.assertEqual(rc, 1)
        self.assertIn(f"layer 1 ({layer}): digest mismatch: the blob hashes to", out["error"])

        # A valid gzip of the same tar under the old name: digest wrong, diffID right.
        root = self.corrupt_copy("bad-digest-valid-gzip")
        path = os.path.join(root, "blobs", "sha256", layer[7:])
        with open(path, "wb") as f:
            # Same length as the original so the size check passes.
            recompressed = gzip.compress(tar_bytes(LAYER_C), compresslevel=1, mtime=7)
            f.write(recompressed)
        size = len(recompressed)
        self.rewrite_layer_size(root, 1, size)
        rc, out = probe(root)
        self.assertEqual(rc, 1)
        self.assertIn(f"layer 1 ({layer}): digest mismatch", out["error"])

    def rewrite_layer_size(self, root, index, size):
        """Changes a layer's size in the manifest and re-links manifest and index by digest."""
        with open(os.path.join(root, "index.json")) as f:
            index_json = json.load(f)
        old = index_json["manifests"][0]["digest"]
        with open(os.path.join(root, "blobs", "sha256", old[7:])) as f:
            manifest = json.load(f)
        manifest["layers"][index]["size"] = size
        layout = Layout(root)
        descriptor = layout.blob(json.dumps(manifest).encode())
        descriptor["mediaType"] = MANIFEST
        layout.write_index([descriptor])

    def test_bad_diff_id(self):
        root = os.path.join(self.tmp, "bad-diffid")
        layout = Layout(root)
        descriptor, _ = layout.image([(tar_bytes(LAYER_A), "gzip")],
                                     diff_ids=[sha256(b"something else")])
        layout.write_index([descriptor])
        rc, out = probe(root)
        self.assertEqual(rc, 1)
        self.assertIn("diffID mismatch: the uncompressed layer hashes to " +
                      sha256(tar_bytes(LAYER_A)), out["error"])
        self.assertIn("layer 0 (sha256:", out["error"])

    def test_missing_blobs_and_dangling_manifests(self):
        _, manifest = self.good_layout()
        root = self.corrupt_copy("missing-layer")
        layer = manifest["layers"][0]["digest"]
        os.remove(os.path.join(root, "blobs", "sha256", layer[7:]))
        rc, out = probe(root)
        self.assertEqual(rc, 1)
        self.assertIn(f"layer 0 ({layer}) is missing (no blobs/sha256/{layer[7:]})", out["error"])

        root = self.corrupt_copy("missing-config")
        os.remove(os.path.join(root, "blobs", "sha256", manifest["config"]["digest"][7:]))
        rc, out = probe(root)
        self.assertIn("config blob " + manifest["config"]["digest"] + " is missing", out["error"])

        root = self.corrupt_copy("dangling")
        Layout(root).write_index([{"mediaType": MANIFEST, "digest": "sha256:" + "1" * 64,
                                   "size": 10}])
        rc, out = probe(root)
        self.assertIn("manifest blob sha256:" + "1" * 64 + " is missing", out["error"])

        root = self.corrupt_copy("empty-index")
        Layout(root).write_index([])
        rc, out = probe(root)
        self.assertIn("index.json points to no image manifest", out["error"])

        root = self.corrupt_copy("bad-json")
        with open(os.path.join(root, "index.json"), "w") as f:
            f.write('{"schemaVersion": 2, "manifests": [')
        rc, out = probe(root)
        self.assertEqual(out["code"], "invalid input")
        self.assertIn("index.json", out["error"])

        root = self.corrupt_copy("bad-digest-field")
        Layout(root).write_index([{"mediaType": MANIFEST, "digest": "sha256:xyz", "size": 1}])
        rc, out = probe(root)
        self.assertIn('manifests[0].digest "sha256:xyz" is not a sha256 digest', out["error"])

        rc, out = probe(os.path.join(self.tmp, "does-not-exist"))
        self.assertEqual(out["code"], "not found")

    def test_truncated_layer(self):
        root = os.path.join(self.tmp, "truncated")
        layout = Layout(root)
        whole = compress(tar_bytes([("big", "file", os.urandom(200000))]), "gzip")
        cut = whole[: len(whole) // 2]
        descriptor = layout.blob(cut)
        descriptor["mediaType"] = MEDIA["gzip"]
        config = json.dumps({"os": "linux", "architecture": "amd64",
                             "rootfs": {"type": "layers", "diff_ids": [sha256(b"x")]}}).encode()
        config_descriptor = layout.blob(config)
        manifest = layout.blob(json.dumps({"schemaVersion": 2, "mediaType": MANIFEST,
                                           "config": config_descriptor,
                                           "layers": [descriptor]}).encode())
        manifest["mediaType"] = MANIFEST
        layout.write_index([manifest])
        rc, out = probe(root)
        self.assertEqual(rc, 1)
        self.assertIn("gzip data truncated", out["error"])

        # A truncated blob whose manifest still gives the full size fails before reading.
        root = os.path.join(self.tmp, "truncated-size")
        shutil.copytree(os.path.join(self.tmp, "truncated"), root)
        self.rewrite_layer_size(root, 0, len(whole))
        rc, out = probe(root)
        self.assertIn(f"is {len(cut)} bytes but the manifest says {len(whole)}", out["error"])

    def test_gzip_bomb(self):
        root = os.path.join(self.tmp, "bomb")
        layout = Layout(root)
        bomb = tar_bytes([("zeros", "file", bytes(64 << 20))])
        descriptor, _ = layout.image([(bomb, "gzip")])
        layout.write_index([descriptor])
        with open(os.path.join(root, "blobs", "sha256", descriptor["digest"][7:])) as f:
            layer_digest = json.load(f)["layers"][0]["digest"]
        size = os.path.getsize(os.path.join(root, "blobs", "sha256", layer_digest[7:]))
        self.assertLess(size, 200000)
        rc, out = probe(root, "--max-layer-bytes", str(8 << 20), "--counts-only")
        self.assertEqual(rc, 1)
        self.assertEqual(out["code"], "limit exceeded")
        self.assertIn("decompresses to more than 8388608 bytes", out["error"])
        rc, out = probe(root, "--counts-only")
        self.assertEqual(rc, 0, out)

    def test_media_type_contradicted_by_bytes(self):
        root = os.path.join(self.tmp, "mismatch")
        layout = Layout(root)
        descriptor, _ = layout.image([(tar_bytes(LAYER_C), "gzip")])
        with open(os.path.join(root, "blobs", "sha256", descriptor["digest"][7:])) as f:
            manifest = json.load(f)
        manifest["layers"][0]["mediaType"] = MEDIA["zstd"]
        descriptor = layout.blob(json.dumps(manifest).encode())
        descriptor["mediaType"] = MANIFEST
        layout.write_index([descriptor])
        rc, out = probe(root)
        self.assertIn("is zstd by its media type but its bytes are gzip-compressed", out["error"])
        manifest["layers"][0]["mediaType"] = "application/vnd.oci.image.layer.v1.tar+xz"
        descriptor = layout.blob(json.dumps(manifest).encode())
        descriptor["mediaType"] = MANIFEST
        layout.write_index([descriptor])
        rc, out = probe(root)
        self.assertEqual(out["code"], "unsupported")

    def test_hostile_paths_and_symlink_loops(self):
        root = os.path.join(self.tmp, "hostile")
        layout = Layout(root)
        marker = os.path.join(self.scratch, "escaped")
        layer = tar_bytes([("../../../../../../.." + marker, "file", b"x"),
                           ("a/../../b", "file", b"x"), ("/abs/file", "file", b"ok"),
                           ("loop/a", "symlink", "b"), ("loop/b", "symlink", "a"),
                           ("etc/passwd", "symlink", "/etc/passwd"),
                           ("dev-like", "hardlink", "../../etc/shadow")])
        descriptor, _ = layout.image([(layer, "gzip")])
        layout.write_index([descriptor])
        before = set(os.listdir(self.scratch))
        rc, out = probe(root)
        self.assertEqual(rc, 0, out)
        self.assertEqual(entries_of(out["layers"][0]),
                         [("abs/file", "file"), ("loop/a", "symlink"), ("loop/b", "symlink"),
                          ("etc/passwd", "symlink")])
        self.assertEqual(out["layers"][0]["skipped"], 3)
        self.assertEqual(set(os.listdir(self.scratch)), before)
        self.assertFalse(os.path.exists(marker))

    def test_hundred_thousand_tiny_files(self):
        root = os.path.join(self.tmp, "many")
        layout = Layout(root)
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
            for i in range(100000):
                info = tarfile.TarInfo(f"d{i % 100}/f{i}")
                info.size = 1
                tar.addfile(info, io.BytesIO(b"x"))
        descriptor, _ = layout.image([(buffer.getvalue(), "gzip")])
        layout.write_index([descriptor])
        rc, out = probe(root, "--counts-only")
        self.assertEqual(rc, 0, out)
        self.assertEqual(out["layers"][0]["entry_count"], 100000)


if __name__ == "__main__":
    unittest.main()
