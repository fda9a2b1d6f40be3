"""Settings for the whole suite.

Hypothesis's default 200 ms deadline per example is a wall-clock limit: on a shared 2-core
machine (CI, or a developer's with other jobs) a slow example fails a correct property.  Speed is
measured in ``benchmarks/``, so no property test has a deadline.
"""

from hypothesis import settings

settings.register_profile("akhbar", deadline=None)
settings.load_profile("akhbar")
