"""The Debian 11 root file system that several integration tests scan: os-release, debian_version
and a dpkg status with old zlib1g, libexpat1 and libc6, which the Debian security tracker lists
built into scry have findings for.
"""
import os

OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\nVERSION_ID="11"\n'
DEBIAN_VERSION = "11.6\n"
DPKG_STATUS = """Package: zlib1g
Status: install ok installed
Architecture: amd64
Source: zlib
Version: 1:1.2.11.dfsg-2
Depends: libc6 (>= 2.14)

Package: libexpat1
Status: install ok installed
Architecture: amd64
Source: expat
Version: 2.2.10-2
Depends: libc6 (>= 2.25)

Package: libc6
Status: install ok installed
Architecture: amd64
Source: glibc
Version: 2.31-13
"""


def files():
    """The fixture as (path, text) pairs, for tests that write it into image layers."""
    return [("etc/os-release", OS_RELEASE), ("etc/debian_version", DEBIAN_VERSION),
            ("var/lib/dpkg/status", DPKG_STATUS)]


def write_rootfs(root):
    """Writes the fixture below `root` (created when missing)."""
    for path, text in files():
        target = os.path.join(root, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w") as f:
            f.write(text)
