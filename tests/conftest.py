"""Shared pytest configuration for the beampy test suite.

Async tests need no marker: ``trio_mode = true`` (pytest-trio, see pyproject.toml) runs
every ``async def`` test and fixture under trio.

Hypothesis profiles: ``ci`` (chosen automatically when ``CI`` is set) is derandomized and
has no per-example deadline, so a slow shared CI machine cannot make property tests flaky.
Pick one explicitly with ``HYPOTHESIS_PROFILE=<name>``.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)
