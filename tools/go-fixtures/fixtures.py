#!/usr/bin/env python3
"""Helpers for tools/make-go-fixtures and tools/fetch-npm-go-binaries (stdlib only).

Subcommands:
  vendor MODDIR             fill MODDIR/vendor from MODDIR/go.mod with Debian's module sources
  proxy DEST PATH@VERSION.. write a file-system module proxy (GOPROXY=file://DEST)
  tamper MODE IN OUT        MODE: zero-magic | empty-modinfo | truncate
  garbage OUT SIZE          deterministic pseudo-random bytes
  manifest RECORDS OUT      turn the fixture records (JSON lines) into OUT (manifest JSON)
"""

import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

GOCODE = "/usr/share/gocode/src"
# Module paths that are not in /usr/share/gocode/src under their own name: forks made from a
# Debian source for the replacement fixtures.
SOURCE_OF = {"example.com/fork/errors": "github.com/pkg/errors"}
MAGIC = b"\xff Go buildinf:"
ZIP_TIME = (2023, 1, 1, 0, 0, 0)


def die(msg):
    print("fixtures.py: " + msg, file=sys.stderr)
    sys.exit(1)


# ---------------------------------------------------------------------------------------------
# go.mod reading (only the subset the fixtures write: module, go, require, replace)


def parse_gomod(text):
    mod = {"module": None, "go": None, "require": [], "replace": []}
    block = None
    for raw in text.splitlines():
        line = raw.split("//", 1)[0].strip()
        indirect = "// indirect" in raw
        if not line:
            continue
        if block:
            if line == ")":
                block = None
                continue
            words = [block] + line.split()
        else:
            words = line.split()
            if len(words) == 2 and words[1] == "(":
                block = words[0]
                continue
        verb, args = words[0], words[1:]
        if verb == "module":
            mod["module"] = args[0]
        elif verb == "go":
            mod["go"] = args[0]
        elif verb == "require":
            mod["require"].append((args[0], args[1], indirect))
        elif verb == "replace":
            arrow = args.index("=>")
            old, new = args[:arrow], args[arrow + 1:]
            mod["replace"].append((old[0], old[1] if len(old) > 1 else "",
                                   new[0], new[1] if len(new) > 1 else ""))
    return mod


def gomod_go_version(moddir):
    path = os.path.join(moddir, "go.mod")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return parse_gomod(f.read())["go"]


def source_dir(path):
    src = os.path.join(GOCODE, SOURCE_OF.get(path, path))
    if not os.path.isdir(src):
        die("no Debian source for module %s (looked in %s)" % (path, src))
    return os.path.realpath(src)


def nested_module_dirs(root):
    nested = set()
    for dirpath, _dirs, files in os.walk(root):
        if dirpath != root and "go.mod" in files:
            nested.add(dirpath)
    return nested


def package_dirs(root):
    """Import-path suffixes (relative dirs) of the directories of root holding non-test Go code."""
    nested = nested_module_dirs(root)
    pkgs = []
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("testdata", "vendor") and not d.startswith((".", "_"))
                         and os.path.join(dirpath, d) not in nested)
        if any(f.endswith(".go") and not f.endswith("_test.go") for f in files):
            rel = os.path.relpath(dirpath, root)
            pkgs.append("" if rel == "." else rel.replace(os.sep, "/"))
    return sorted(pkgs)


def copy_module_source(src, dest):
    """Copies the non-test Go sources (and licence files) of a module, as `go mod vendor` does."""
    nested = nested_module_dirs(src)
    for dirpath, dirs, files in os.walk(src):
        dirs[:] = sorted(d for d in dirs if d not in ("testdata", "vendor") and not d.startswith((".", "_"))
                         and os.path.join(dirpath, d) not in nested)
        rel = os.path.relpath(dirpath, src)
        keep = [f for f in files
                if (f.endswith((".go", ".s", ".h", ".c")) and not f.endswith("_test.go"))
                or (rel == "." and f.upper().startswith(("LICENSE", "COPYING", "PATENTS")))]
        if not keep:
            continue
        out = os.path.normpath(os.path.join(dest, rel))
        os.makedirs(out, exist_ok=True)
        for f in keep:
            shutil.copyfile(os.path.join(dirpath, f), os.path.join(out, f))


def cmd_vendor(moddir):
    with open(os.path.join(moddir, "go.mod")) as f:
        gomod = parse_gomod(f.read())
    vendor = os.path.join(moddir, "vendor")
    shutil.rmtree(vendor, ignore_errors=True)
    os.makedirs(vendor)
    replaces = {}
    for old, old_ver, new, new_ver in gomod["replace"]:
        replaces[(old, old_ver)] = (new, new_ver)
    lines = []
    for path, version, _indirect in sorted(gomod["require"]):
        repl = replaces.get((path, version)) or replaces.get((path, ""))
        header = "# %s %s" % (path, version)
        if repl:
            new, new_ver = repl
            header += " => %s%s" % (new, " " + new_ver if new_ver else "")
            if new.startswith(("./", "../", "/")):
                src = os.path.realpath(os.path.join(moddir, new))
            else:
                src = source_dir(new)
        else:
            src = source_dir(path)
        lines.append(header)
        gover = gomod_go_version(src)
        lines.append("## explicit" + ("; go " + gover if gover else ""))
        for rel in package_dirs(src):
            lines.append(path + ("/" + rel if rel else ""))
        copy_module_source(src, os.path.join(vendor, path))
    # Replacements without a version on the left are recorded once more on their own (Go >= 1.17).
    for old, old_ver, new, new_ver in gomod["replace"]:
        if not old_ver:
            lines.append("# %s => %s%s" % (old, new, " " + new_ver if new_ver else ""))
    with open(os.path.join(vendor, "modules.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------------------------------------
# file-system module proxy


def escape_path(path):
    return re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), path)


def cmd_proxy(dest, specs):
    for spec in specs:
        path, version = spec.split("@", 1)
        src = source_dir(path)
        vdir = os.path.join(dest, escape_path(path), "@v")
        os.makedirs(vdir, exist_ok=True)
        gomod_path = os.path.join(src, "go.mod")
        if os.path.exists(gomod_path):
            with open(gomod_path, "rb") as f:
                gomod = f.read()
        else:
            gomod = ("module %s\n" % path).encode()
        with open(os.path.join(vdir, version + ".mod"), "wb") as f:
            f.write(gomod)
        with open(os.path.join(vdir, version + ".info"), "w") as f:
            json.dump({"Version": version, "Time": "2023-01-01T00:00:00Z"}, f)
        prefix = "%s@%s/" % (path, version)
        nested = nested_module_dirs(src)
        entries = []
        for dirpath, dirs, files in os.walk(src):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and os.path.join(dirpath, d) not in nested)
            for name in sorted(files):
                full = os.path.join(dirpath, name)
                if os.path.islink(full) or not os.path.isfile(full):
                    continue
                entries.append((os.path.relpath(full, src).replace(os.sep, "/"), full))
        tmp = os.path.join(vdir, version + ".zip.tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for rel, full in sorted(entries):
                info = zipfile.ZipInfo(prefix + rel, ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                with open(full, "rb") as f:
                    zf.writestr(info, f.read())
        os.replace(tmp, os.path.join(vdir, version + ".zip"))
        listing = os.path.join(vdir, "list")
        known = set()
        if os.path.exists(listing):
            with open(listing) as f:
                known = set(f.read().split())
        known.add(version)
        with open(listing, "w") as f:
            f.write("\n".join(sorted(known)) + "\n")


# ---------------------------------------------------------------------------------------------
# tampering


def find_buildinfo(data):
    pos = data.find(MAGIC)
    while pos >= 0:
        if pos % 16 == 0 and pos + 32 <= len(data) and data[pos + 14] in (4, 8):
            return pos
        pos = data.find(MAGIC, pos + 1)
    die("no build info blob found")


def uvarint(data, pos):
    value = shift = 0
    while True:
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, pos
        shift += 7


def cmd_tamper(mode, src, dst):
    with open(src, "rb") as f:
        data = bytearray(f.read())
    if mode == "truncate":
        data = data[:4096]
    else:
        pos = find_buildinfo(data)
        if mode == "zero-magic":
            data[pos:pos + len(MAGIC)] = bytes(len(MAGIC))
        elif mode == "empty-modinfo":
            if not data[pos + 15] & 2:
                die("empty-modinfo needs the Go >= 1.18 inline layout")
            n, p = uvarint(data, pos + 32)
            p += n  # skip the Go version
            n, p = uvarint(data, p)
            if n == 0:
                die("modinfo already empty")
            data[p:p + n] = bytes(n)  # zeroed in place, framing included; lengths unchanged
        else:
            die("unknown tamper mode " + mode)
    tmp = dst + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, dst)


def cmd_garbage(dst, size):
    rng = random.Random(20240601)
    data = bytes(rng.getrandbits(8) for _ in range(int(size)))
    # Make sure it cannot be taken for an executable by its first bytes.
    data = b"GARBAGE!" + data[8:]
    with open(dst, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------------------------------------
# manifest


def go_version_m(path):
    """Parses `go version -m PATH`: (go_version, module paths, main path or None, dependencies as
    {path, version[, replace: {path, version}]})."""
    if not os.access(path, os.X_OK):
        # `go version` skips files without an executable bit: ask about an executable copy.
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, os.path.basename(path))
            shutil.copyfile(path, copy)
            os.chmod(copy, 0o755)
            return go_version_m(copy)
    out = subprocess.run(["go", "version", "-m", path], check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    go_version = lines[0].split(": ", 1)[1].strip()
    modules, main, deps = [], None, []
    for line in lines[1:]:
        fields = line.strip("\n").split("\t")
        if len(fields) < 3:
            continue
        kind = fields[1]
        version = fields[3] if len(fields) > 3 else ""
        if kind == "mod":
            main = fields[2]
            modules.append(fields[2])
        elif kind in ("dep", "=>"):
            if not fields[2].startswith(("./", "../", "/")):
                modules.append(fields[2])
            if kind == "dep":
                deps.append({"path": fields[2], "version": version})
            else:
                deps[-1]["replace"] = {"path": fields[2], "version": version}
    return go_version, modules, main, deps


def functions_of_modules(path, modules):
    """Modules that own at least one function of the binary: by its symbol table (`go tool nm`),
    or for stripped binaries by the NUL-separated function names of the pclntab."""
    res = subprocess.run(["go", "tool", "nm", path], capture_output=True, text=True)
    found = set()
    if res.returncode == 0 and res.stdout.strip():
        names = []
        for line in res.stdout.splitlines():
            parts = line.split(None, 2)
            if len(parts) == 3 and parts[1] in ("T", "t"):
                names.append(parts[2])
        for mod in modules:
            if any(n.startswith(mod + ".") or n.startswith(mod + "/") for n in names):
                found.add(mod)
    else:
        with open(path, "rb") as f:
            data = f.read()
        for mod in modules:
            pattern = b"\x00" + re.escape(mod.encode()) + rb"(/[A-Za-z0-9_./~-]*)?\.[A-Za-z_(*]"
            if re.search(pattern, data):
                found.add(mod)
    return sorted(found)


def cmd_manifest(records_path, out, base):
    fixtures = []
    seen = set()
    with open(records_path) as f:
        records = [json.loads(line) for line in f if line.strip()]
    for rec in records:
        if rec["path"] in seen:
            die("duplicate fixture " + rec["path"])
        seen.add(rec["path"])
        full = os.path.join(base, rec["path"])
        if not os.path.exists(full):
            die("fixture missing: " + full)
        entry = dict(rec)
        entry["sha256"] = hashlib.sha256(open(full, "rb").read()).hexdigest()
        entry["executable"] = os.access(full, os.X_OK)
        ref = rec.get("reference")
        if ref:
            ref_full = os.path.join(base, ref)
            go_version, modules, main, deps = go_version_m(ref_full)
            entry.setdefault("go_version", go_version)
            if rec["expect"] == "build-info":
                entry.setdefault("dependencies", deps)
            if rec["expect"] in ("missing", "no-modules"):
                # What scry can recover from the function table: modules owning functions.
                entry.setdefault("recovered_modules", functions_of_modules(ref_full, sorted(set(modules))))
                entry.setdefault("allowed_modules", sorted(set(modules)))
        fixtures.append(entry)
    doc = {"schema": 1, "fixtures": fixtures}
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, out)


def main(argv):
    if len(argv) < 2:
        die(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == "vendor" and len(args) == 1:
        cmd_vendor(args[0])
    elif cmd == "proxy" and len(args) >= 2:
        cmd_proxy(args[0], args[1:])
    elif cmd == "tamper" and len(args) == 3:
        cmd_tamper(*args)
    elif cmd == "garbage" and len(args) == 2:
        cmd_garbage(*args)
    elif cmd == "manifest" and len(args) == 3:
        cmd_manifest(*args)
    else:
        die(__doc__)


if __name__ == "__main__":
    main(sys.argv)
