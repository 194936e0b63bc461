"""Shared by the Go integration tests: one unittest method per fixture binary."""
import re


def add_fixture_tests(test_class, fixtures, wanted=lambda fixture: True):
    """Adds test_fixture_<path> to test_class for every wanted fixture, each calling
    test_class.check_fixture(fixture), so a failure names the one binary that failed."""
    for fixture in fixtures:
        if not wanted(fixture):
            continue
        name = "test_fixture_" + re.sub(r"[^0-9A-Za-z]+", "_", fixture["path"])

        def test(self, fixture=fixture):
            self.check_fixture(fixture)

        test.__doc__ = "%s (%s)" % (fixture["path"], fixture["expect"])
        setattr(test_class, name, test)
