"""Shared by the Go integration tests: one unittest method per fixture binary."""
import re


def add_fixture_tests(test_class, fixtures, wanted=lambda fixture: True, key="path"):
    """Adds test_fixture_<path> to test_class for every wanted fixture, each calling
    test_class.check_fixture(fixture), so a failure names the one fixture that failed; `key` is
    the field that names a fixture."""
    for fixture in fixtures:
        if not wanted(fixture):
            continue
        name = "test_fixture_" + re.sub(r"[^0-9A-Za-z]+", "_", fixture[key])

        def test(self, fixture=fixture):
            self.check_fixture(fixture)

        test.__doc__ = "%s (%s)" % (fixture[key], fixture["expect"])
        setattr(test_class, name, test)
