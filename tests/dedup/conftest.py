"""Shared fixtures: real articles from ../shared/data (loaded once per session)."""

from __future__ import annotations

import pytest

from tests.dedup.synthetic import load_articles


@pytest.fixture(scope="session")
def articles() -> list[tuple[str, str, str]]:
    """``(id, title, body)`` of the 2,541 outlet articles."""
    return load_articles()
