"""The small two-city world of the reporting tests: major matters happen to the same centers."""

from ticms.reporting.tests.conftest import (  # noqa: F401
    World,
    filled_report,
    reports_since_2000,
    world,
)
