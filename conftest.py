"""Settings for every test pytest collects, the package's doctests included.

The doctests show real use (``Store.open(pathlib.Path(tempfile.mkdtemp()) / "a.db")``), so they
make temporary directories and leave them; so may code under test (``akhbar export`` writes a
parquet folder in one).  Each test worker points ``tempfile`` at one directory of pytest's own,
which pytest prunes (the last three runs kept), instead of leaving about twenty directories in
the system's temporary directory at every run.
"""

import tempfile
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def _temporary_files_under_pytest(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(tmp_path_factory.mktemp("tempfile")))
        yield
