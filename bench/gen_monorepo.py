#!/usr/bin/env python3
"""Generates a synthetic monorepo for bench/monorepo.sh (issue 5, section 7). Deterministic: the
same arguments always give the same tree, byte for byte.

  OUT/packages/pkg-NNNN/src/...      source files (TypeScript, Python, Go, Rust, Markdown), the
                                     bulk of the --files count
  OUT/package-lock.json              one npm lockfile v3 of --npm-mb MB (default 20)
  OUT/pnpm-lock.yaml                 one pnpm lockfile v9 of --pnpm-mb MB (default 10)
  OUT/packages/pkg-NNNN/<lockfile>   --lockfiles - 2 (default 198) small lockfiles of the common
                                     formats, one format after the other: npm, yarn, pnpm, Cargo,
                                     poetry, Pipfile, requirements, go.mod (+ go.sum), Gemfile,
                                     composer, NuGet, Gradle, Maven, conan, pub, mix, SwiftPM,
                                     CocoaPods, uv

Rust, Python and Go lockfiles name real packages at versions with published advisories (the
embedded database covers RustSec, PyPA and Go), so that a vulnerability scan has work to do. npm
names are synthetic except for a few real ones.

A stamp file OUT/.monorepo-gen records the arguments: when it matches, nothing is rewritten.

Usage: bench/gen_monorepo.py OUT [--files N] [--lockfiles N] [--npm-mb MB] [--pnpm-mb MB]
"""

import argparse
import base64
import hashlib
import json
import os
import random
import shutil
import sys

GENERATOR_VERSION = 1

REAL_NPM = [("lodash", "4.17.15"), ("minimist", "1.2.5"), ("axios", "0.21.0"),
            ("express", "4.17.1"), ("node-fetch", "2.6.0"), ("semver", "7.3.5")]
REAL_CRATES = [("smallvec", "1.6.0"), ("time", "0.1.43"), ("regex", "1.5.4"),
               ("tokio", "1.8.0"), ("hyper", "0.14.9"), ("chrono", "0.4.19"),
               ("serde", "1.0.130"), ("libc", "0.2.100")]
REAL_PYPI = [("django", "3.2.0"), ("requests", "2.25.0"), ("pyyaml", "5.3.1"),
             ("jinja2", "2.11.2"), ("urllib3", "1.26.4"), ("pillow", "8.1.0"),
             ("flask", "1.1.2"), ("numpy", "1.21.0")]
REAL_GO = [("golang.org/x/net", "v0.0.0-20210226172049-e18ecbb05110"),
           ("golang.org/x/text", "v0.3.5"), ("github.com/gin-gonic/gin", "v1.6.0"),
           ("golang.org/x/crypto", "v0.0.0-20201216223049-8b5274cf687f"),
           ("github.com/gorilla/websocket", "v1.4.0")]


def integrity(name, version):
    digest = hashlib.sha512(f"{name}@{version}".encode()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def sha1hex(text):
    return hashlib.sha1(text.encode()).hexdigest()


def npm_names(rng, count):
    names = []
    for i in range(count):
        if i < len(REAL_NPM):
            names.append(REAL_NPM[i])
            continue
        base = f"lib-{i:05d}"
        name = f"@scope-{rng.randrange(400):03d}/{base}" if rng.random() < 0.3 else base
        names.append((name, f"{rng.randrange(10)}.{rng.randrange(30)}.{rng.randrange(20)}"))
    return names


def package_lock_v3(rng, target_bytes, root_name):
    """An npm lockfile v3: "packages" keyed by node_modules paths, with nested copies."""
    packages = {"": {"name": root_name, "version": "1.0.0", "dependencies": {}}}
    size = 0
    i = 0
    pool = npm_names(rng, max(64, target_bytes // 350))
    while size < target_bytes:
        name, version = pool[i % len(pool)]
        path = f"node_modules/{name}"
        if i >= len(pool):  # nested copies at other versions
            parent = pool[rng.randrange(len(pool))][0]
            path = f"node_modules/{parent}/node_modules/{name}"
            version = f"{rng.randrange(10)}.{rng.randrange(30)}.{rng.randrange(20)}"
        entry = {
            "version": version,
            "resolved": f"https://registry.npmjs.org/{name}/-/{name.split('/')[-1]}-{version}.tgz",
            "integrity": integrity(name, version),
        }
        deps = {pool[rng.randrange(len(pool))][0]: "^1.0.0" for _ in range(rng.randrange(4))}
        if deps:
            entry["dependencies"] = deps
        if rng.random() < 0.2:
            entry["dev"] = True
        if rng.random() < 0.1:
            entry["license"] = "MIT"
        packages[path] = entry
        if i < 200:
            packages[""]["dependencies"][name] = "^" + version
        size += len(json.dumps(entry, indent=2)) + len(path) + 8
        i += 1
    lock = {"name": root_name, "version": "1.0.0", "lockfileVersion": 3, "requires": True,
            "packages": packages}
    return json.dumps(lock, indent=2) + "\n"


def pnpm_lock_v9(rng, target_bytes):
    """A pnpm lockfile v9: importers, packages (resolutions) and snapshots (dependencies)."""
    pool = npm_names(rng, max(64, target_bytes // 150))
    out_importers = ["importers:", "", "  .:", "    dependencies:"]
    out_packages = ["packages:", ""]
    out_snapshots = ["snapshots:", ""]
    size = 0
    for i, (name, version) in enumerate(pool):
        if size >= target_bytes:
            break
        key = f"'{name}@{version}'" if name.startswith("@") else f"{name}@{version}"
        if i < 150:
            quoted = f"'{name}'" if name.startswith("@") else name
            out_importers += [f"      {quoted}:", f"        specifier: ^{version}",
                              f"        version: {version}"]
        block = [f"  {key}:", f"    resolution: {{integrity: {integrity(name, version)}}}",
                 "    engines: {node: '>=14'}", ""]
        out_packages += block
        snap = [f"  {key}:"]
        deps = [pool[rng.randrange(len(pool))] for _ in range(rng.randrange(4))]
        if deps:
            snap.append("    dependencies:")
            for dep_name, dep_version in deps:
                quoted = f"'{dep_name}'" if dep_name.startswith("@") else dep_name
                snap.append(f"      {quoted}: {dep_version}")
        else:
            snap[0] += " {}"
        snap.append("")
        out_snapshots += snap
        size += sum(len(line) + 1 for line in block + snap)
    head = ["lockfileVersion: '9.0'", "", "settings:", "  autoInstallPeers: true",
            "  excludeLinksFromLockfile: false", ""]
    return "\n".join(head + out_importers + [""] + out_packages + out_snapshots) + "\n"


def pick(rng, real, count, synth):
    chosen = list(real[: max(1, count // 2)])
    while len(chosen) < count:
        chosen.append(synth(len(chosen)))
    rng.shuffle(chosen)
    return chosen


def semver(rng):
    return f"{rng.randrange(5)}.{rng.randrange(20)}.{rng.randrange(10)}"


# Small lockfiles: (file name, writer(rng, index) -> text[, extra files]).
def w_npm(rng, n):
    return package_lock_v3(rng, 20000 + rng.randrange(40000), f"app-{n}")


def w_yarn(rng, n):
    lines = ["# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.",
             "# yarn lockfile v1", ""]
    for name, version in npm_names(rng, 40):
        lines += [f'"{name}@^{version}":', f'  version "{version}"',
                  f'  resolved "https://registry.yarnpkg.com/{name}/-/x-{version}.tgz"',
                  f"  integrity {integrity(name, version)}", ""]
    return "\n".join(lines)


def w_pnpm(rng, n):
    return pnpm_lock_v9(rng, 8000 + rng.randrange(8000))


def w_cargo(rng, n):
    crates = pick(rng, REAL_CRATES, 20, lambda i: (f"crate-{n}-{i}", semver(rng)))
    out = ["# This file is automatically @generated by Cargo.", "# It is not intended for manual editing.",
           "version = 3", ""]
    out += ["[[package]]", f'name = "app-{n}"', 'version = "0.1.0"', "dependencies = ["]
    out += [f' "{name}",' for name, _ in crates] + ["]", ""]
    for name, version in crates:
        out += ["[[package]]", f'name = "{name}"', f'version = "{version}"',
                'source = "registry+https://github.com/rust-lang/crates.io-index"',
                f'checksum = "{hashlib.sha256(name.encode()).hexdigest()}"', ""]
    return "\n".join(out)


def w_poetry(rng, n):
    out = []
    for name, version in pick(rng, REAL_PYPI, 16, lambda i: (f"pylib-{n}-{i}", semver(rng))):
        out += ["[[package]]", f'name = "{name}"', f'version = "{version}"', 'description = ""',
                'optional = false', 'python-versions = ">=3.7"', "files = []", ""]
    out += ["[metadata]", 'lock-version = "2.0"', 'python-versions = "^3.9"',
            f'content-hash = "{sha1hex(str(n))}"', ""]
    return "\n".join(out)


def w_pipfile(rng, n):
    default = {name: {"hashes": [f"sha256:{sha1hex(name)}"], "version": f"=={version}"}
               for name, version in pick(rng, REAL_PYPI, 12, lambda i: (f"pip-{n}-{i}", semver(rng)))}
    lock = {"_meta": {"hash": {"sha256": sha1hex(str(n))}, "pipfile-spec": 6, "requires": {},
                      "sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": True}]},
            "default": default, "develop": {}}
    return json.dumps(lock, indent=4) + "\n"


def w_requirements(rng, n):
    reqs = pick(rng, REAL_PYPI, 12, lambda i: (f"req-{n}-{i}", semver(rng)))
    return "".join(f"{name}=={version}\n" for name, version in reqs)


def w_gomod(rng, n):
    mods = pick(rng, REAL_GO, 8, lambda i: (f"example.com/mod{n}/m{i}", f"v{semver(rng)}"))
    gomod = [f"module example.com/app{n}", "", "go 1.21", "", "require ("]
    gomod += [f"\t{path} {version}" for path, version in mods] + [")", ""]
    gosum = "".join(f"{path} {version} h1:{sha1hex(path + version)}=\n"
                    f"{path} {version}/go.mod h1:{sha1hex(version + path)}=\n" for path, version in mods)
    return "\n".join(gomod), {"go.sum": gosum}


def w_gemfile(rng, n):
    gems = [(f"gem{n}x{i}", semver(rng)) for i in range(15)] + [("rack", "2.0.0"), ("nokogiri", "1.10.0")]
    out = ["GEM", "  remote: https://rubygems.org/", "  specs:"]
    out += [f"    {name} ({version})" for name, version in gems]
    out += ["", "PLATFORMS", "  ruby", "", "DEPENDENCIES"] + [f"  {name}" for name, _ in gems[:5]]
    out += ["", "BUNDLED WITH", "   2.4.10", ""]
    return "\n".join(out)


def w_composer(rng, n):
    pkgs = [{"name": f"vendor{n}/lib{i}", "version": f"v{semver(rng)}", "type": "library"} for i in range(15)]
    pkgs.append({"name": "guzzlehttp/guzzle", "version": "7.4.0", "type": "library"})
    return json.dumps({"_readme": ["generated"], "content-hash": sha1hex(str(n)), "packages": pkgs,
                       "packages-dev": []}, indent=4) + "\n"


def w_nuget(rng, n):
    deps = {f"Company.Lib{n}.P{i}": {"type": "Direct" if i < 4 else "Transitive", "resolved": semver(rng),
                                    "contentHash": sha1hex(str(i))} for i in range(15)}
    deps["Newtonsoft.Json"] = {"type": "Direct", "requested": "[12.0.1, )", "resolved": "12.0.1"}
    return json.dumps({"version": 1, "dependencies": {"net6.0": deps}}, indent=2) + "\n"


def w_gradle(rng, n):
    out = ["# This is a Gradle generated file for dependency locking.", "# Manual edits can break the build and are not advised.",
           "# This file is expected to be part of source control."]
    out += [f"com.example{n}:artifact{i}:{semver(rng)}=compileClasspath,runtimeClasspath" for i in range(20)]
    out += ["org.apache.logging.log4j:log4j-core:2.14.1=runtimeClasspath", "empty=annotationProcessor", ""]
    return "\n".join(out)


def w_pom(rng, n):
    deps = "".join(f"    <dependency><groupId>com.example{n}</groupId><artifactId>a{i}</artifactId>"
                   f"<version>{semver(rng)}</version></dependency>\n" for i in range(10))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
            f"  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.example</groupId>\n"
            f"  <artifactId>app{n}</artifactId>\n  <version>1.0.0</version>\n  <dependencies>\n{deps}"
            f"  </dependencies>\n</project>\n")


def w_conan(rng, n):
    refs = [f"lib{n}x{i}/{semver(rng)}#{sha1hex(str(i))[:32]}%1690000000.0" for i in range(10)]
    return json.dumps({"version": "0.5", "requires": refs + ["zlib/1.2.11#r%1"],
                       "build_requires": ["cmake/3.27.4#r%1"], "python_requires": []}, indent=4) + "\n"


def w_pub(rng, n):
    out = ["# Generated by pub", "packages:"]
    for i in range(15):
        out += [f"  dart_{n}_{i}:", f"    dependency: {'transitive' if i > 4 else 'direct main'}",
                "    description:", f"      name: dart_{n}_{i}", f'      sha256: "{sha1hex(str(i))}"',
                '      url: "https://pub.dev"', "    source: hosted", f'    version: "{semver(rng)}"']
    out += ["sdks:", '  dart: ">=3.0.0 <4.0.0"', ""]
    return "\n".join(out)


def w_mix(rng, n):
    entries = []
    for i in range(15):
        name = f"ex_{n}_{i}"
        deps = f'[{{:ex_{n}_{i + 1}, "~> 1.0", [hex: :ex_{n}_{i + 1}, repo: "hexpm", optional: false]}}]' if i < 14 else "[]"
        entries.append(f'  "{name}": {{:hex, :{name}, "{semver(rng)}", "{sha1hex(name)}", [:mix], {deps}, "hexpm", "{sha1hex(name + "o")}"}},')
    return "%{\n" + "\n".join(entries) + "\n}\n"


def w_swift(rng, n):
    pins = [{"identity": f"swift-lib-{n}-{i}", "kind": "remoteSourceControl",
             "location": f"https://github.com/example{n}/swift-lib-{i}.git",
             "state": {"revision": sha1hex(str(i)), "version": semver(rng)}} for i in range(10)]
    return json.dumps({"pins": pins, "version": 2}, indent=2) + "\n"


def w_pods(rng, n):
    out = ["PODS:"]
    out += [f"  - Pod{n}x{i} ({semver(rng)})" for i in range(12)]
    out += ["", "DEPENDENCIES:"] + [f"  - Pod{n}x{i}" for i in range(4)] + ["", "COCOAPODS: 1.12.1", ""]
    return "\n".join(out)


def w_uv(rng, n):
    out = ["version = 1", 'requires-python = ">=3.9"', ""]
    for name, version in pick(rng, REAL_PYPI, 10, lambda i: (f"uvlib-{n}-{i}", semver(rng))):
        out += ["[[package]]", f'name = "{name}"', f'version = "{version}"',
                'source = { registry = "https://pypi.org/simple" }', ""]
    return "\n".join(out)


WRITERS = [("package-lock.json", w_npm), ("yarn.lock", w_yarn), ("pnpm-lock.yaml", w_pnpm),
           ("Cargo.lock", w_cargo), ("poetry.lock", w_poetry), ("Pipfile.lock", w_pipfile),
           ("requirements.txt", w_requirements), ("go.mod", w_gomod), ("Gemfile.lock", w_gemfile),
           ("composer.lock", w_composer), ("packages.lock.json", w_nuget),
           ("gradle.lockfile", w_gradle), ("pom.xml", w_pom), ("conan.lock", w_conan),
           ("pubspec.lock", w_pub), ("mix.lock", w_mix), ("Package.resolved", w_swift),
           ("Podfile.lock", w_pods), ("uv.lock", w_uv)]

SOURCE_KINDS = [("ts", "export function f{i}(x: number): number {{\n  return x * {i};\n}}\n"),
                ("py", "def f{i}(x):\n    return x * {i}\n"),
                ("go", "package p\n\nfunc F{i}(x int) int {{ return x * {i} }}\n"),
                ("rs", "pub fn f{i}(x: u64) -> u64 {{ x * {i} }}\n"),
                ("md", "# Notes {i}\n\nNothing to see here.\n")]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=50000, help="source files (default 50000)")
    parser.add_argument("--lockfiles", type=int, default=200, help="lockfiles (default 200)")
    parser.add_argument("--npm-mb", type=float, default=20)
    parser.add_argument("--pnpm-mb", type=float, default=10)
    parser.add_argument("--packages", type=int, default=1000, help="package folders (default 1000)")
    args = parser.parse_args()

    stamp = json.dumps({"generator": GENERATOR_VERSION, "files": args.files,
                        "lockfiles": args.lockfiles, "npm_mb": args.npm_mb,
                        "pnpm_mb": args.pnpm_mb, "packages": args.packages}, sort_keys=True)
    stamp_path = os.path.join(args.out, ".monorepo-gen")
    if os.path.exists(stamp_path) and open(stamp_path).read() == stamp:
        print(f"gen_monorepo.py: {args.out} is up to date", file=sys.stderr)
        return
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    rng = random.Random(20261129)

    write(os.path.join(args.out, "package.json"),
          json.dumps({"name": "monorepo", "version": "1.0.0", "private": True,
                      "workspaces": ["packages/*"]}, indent=2) + "\n")
    write(os.path.join(args.out, "package-lock.json"),
          package_lock_v3(rng, int(args.npm_mb * 1e6), "monorepo"))
    write(os.path.join(args.out, "pnpm-lock.yaml"), pnpm_lock_v9(rng, int(args.pnpm_mb * 1e6)))

    folders = [os.path.join(args.out, "packages", f"pkg-{i:04d}") for i in range(args.packages)]
    for n in range(max(0, args.lockfiles - 2)):
        name, writer = WRITERS[n % len(WRITERS)]
        result = writer(rng, n)
        extra = {}
        if isinstance(result, tuple):
            result, extra = result
        folder = folders[(n * 7) % len(folders)]
        if os.path.exists(os.path.join(folder, name)):
            folder = os.path.join(folder, f"sub-{n}")
        write(os.path.join(folder, name), result)
        for extra_name, text in extra.items():
            write(os.path.join(folder, extra_name), text)

    for i in range(args.files):
        folder = folders[i % len(folders)]
        ext, template = SOURCE_KINDS[i % len(SOURCE_KINDS)]
        depth = i % 3
        sub = os.path.join(folder, "src", *[f"d{(i >> k) % 7}" for k in range(depth)])
        body = template.format(i=i) * (1 + rng.randrange(12))
        write(os.path.join(sub, f"file{i:06d}.{ext}"), body)

    write(stamp_path, stamp)


if __name__ == "__main__":
    main()
