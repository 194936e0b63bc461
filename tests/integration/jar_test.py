#!/usr/bin/env python3
"""Java archives: scry's jar inventory against what the archives themselves say.

Real Debian Java libraries (/usr/share/java, installed by scripts/install-deps: commons-lang3,
jackson, slf4j, guava, ...) are copied into a directory; the test also builds, with Python's
zipfile, a war that nests them under WEB-INF/lib/ and an ear that nests that war under lib/.
`scry fs` scans the directory, and for every archive the test reads each
META-INF/maven/*/*/pom.properties itself (nested archives opened in memory, as zipfile allows)
and expects exactly those packages: name groupId:artifactId, the version, purl
pkg:maven/<group>/<artifact>@<version>, and file_path the outer archive's path followed by the
entry path of each nested archive (Trivy's convention). Archives whose own identity is not in a
pom.properties (none of the chosen ones) would add a MANIFEST.MF guess, which the test refuses.
Usage: SCRY_BIN=build/release/scry python3 tests/integration/jar_test.py
"""
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

SCRY_BIN = os.environ.get("SCRY_BIN", "")
JAVA_DIR = "/usr/share/java"
JARS = ["commons-lang3", "jackson-databind", "jackson-core", "jackson-annotations", "slf4j-api",
        "guava", "commons-io", "commons-cli"]
POM_PROPERTIES = re.compile(r"^META-INF/maven/[^/]+/[^/]+/pom\.properties$")


def read_properties(text):
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#!" or "=" not in line:
            continue
        key, value = line.split("=", 1)
        values[key.strip()] = value.strip()
    return values


def expected_packages(data, path, depth=0):
    """{(name, version, file_path)} from every pom.properties, nested archives included."""
    found = set()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if os.path.basename(name) == "pom.properties":
                props = read_properties(archive.read(name).decode("utf-8", "replace"))
                if props.get("groupId") and props.get("artifactId") and props.get("version"):
                    found.add((props["groupId"] + ":" + props["artifactId"], props["version"], path))
            elif name.lower().endswith((".jar", ".war", ".ear", ".par")) and depth < 5:
                found |= expected_packages(archive.read(name), path + "/" + name, depth + 1)
    return found


def purl(name, version):
    group, artifact = name.split(":", 1)
    return f"pkg:maven/{group}/{artifact}@{version}"


class JarTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="scry-jar-")
        cls.root = os.path.join(cls.tmp, "target")
        lib = os.path.join(cls.root, "opt", "lib")
        os.makedirs(lib)
        cls.jars = []
        for name in JARS:
            source = os.path.realpath(os.path.join(JAVA_DIR, name + ".jar"))
            if not os.path.exists(source):
                raise unittest.SkipTest(f"{source} missing: run scripts/install-deps")
            shutil.copy(source, os.path.join(lib, name + ".jar"))
            cls.jars.append(name + ".jar")
        war = os.path.join(cls.root, "srv", "app.war")
        os.makedirs(os.path.dirname(war))
        with zipfile.ZipFile(war, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("WEB-INF/web.xml", "<web-app/>")
            for name in cls.jars:
                archive.write(os.path.join(lib, name), "WEB-INF/lib/" + name)
        with zipfile.ZipFile(os.path.join(cls.root, "srv", "app.ear"), "w") as archive:
            archive.write(war, "lib/app.war")
        out = subprocess.run([SCRY_BIN, "fs", cls.root, "--format", "json", "--list-all-pkgs",
                              "--skip-db-update"], capture_output=True, text=True, timeout=600)
        if out.returncode != 0:
            raise AssertionError(f"scry failed ({out.returncode}): {out.stderr}")
        cls.report = json.loads(out.stdout)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def scry_packages(self):
        """{outer archive: [(name, version, file_path, purl)]} of the jar results.

        Installed Java packages are aggregated into one "Java" result, as Trivy does; each
        package's FilePath names its archive, nested ones as outer.war/WEB-INF/lib/x.jar.
        """
        results = {}
        for result in self.report.get("Results", []):
            if result.get("Type") != "jar":
                continue
            self.assertEqual(result["Target"], "Java")
            for p in result.get("Packages", []):
                path = p.get("FilePath", "")
                outer = re.match(r"^(.*?\.(?:jar|war|ear|par))(?:/|$)", path)
                key = outer.group(1) if outer else path
                results.setdefault(key, []).append(
                    (p["Name"], p.get("Version", ""), path,
                     p.get("Identifier", {}).get("PURL", "")))
        return results

    def test_every_archive_matches_its_pom_properties(self):
        results = self.scry_packages()
        archives = [os.path.join("opt", "lib", name) for name in self.jars]
        archives += [os.path.join("srv", "app.war"), os.path.join("srv", "app.ear")]
        for archive in archives:
            with self.subTest(archive=archive):
                with open(os.path.join(self.root, archive), "rb") as f:
                    expected = expected_packages(f.read(), archive)
                self.assertTrue(expected, f"{archive} holds no pom.properties")
                self.assertIn(archive, results)
                got = {(name, version, path) for name, version, path, _ in results[archive]}
                self.assertEqual(got, expected)
                for name, version, _, package_purl in results[archive]:
                    self.assertEqual(package_purl, purl(name, version))

    def test_nested_paths_follow_trivy(self):
        results = self.scry_packages()
        paths = {path for _, _, path, _ in results[os.path.join("srv", "app.ear")]}
        self.assertIn("srv/app.ear/lib/app.war/WEB-INF/lib/commons-lang3.jar", paths)
        self.assertEqual(len(results[os.path.join("srv", "app.ear")]),
                         len(results[os.path.join("srv", "app.war")]))


if __name__ == "__main__":
    if not SCRY_BIN:
        sys.exit("SCRY_BIN is not set")
    unittest.main()
