"""Where the integration tests find scry and the Go fixture binaries (CTest sets SCRY_BIN and
SCRY_GO_FIXTURES), and the check every test class of a scry run makes first."""
import os
import unittest

SCRY_BIN = os.path.abspath(os.environ["SCRY_BIN"]) if os.environ.get("SCRY_BIN") else ""
FIXTURES = os.environ.get("SCRY_GO_FIXTURES", "")


def require_scry_and_fixture(name):
    """The path of the Go fixture binary `name` (in FIXTURES/bin); skips the calling test class
    when scry or that binary is missing."""
    if not SCRY_BIN or not os.path.exists(SCRY_BIN):
        raise unittest.SkipTest("SCRY_BIN (%r) does not exist" % SCRY_BIN)
    binary = os.path.join(FIXTURES, "bin", name)
    if not os.path.exists(binary):
        raise unittest.SkipTest("no %s: run tools/make-go-fixtures" % binary)
    return binary
