"""Fixtures for the classification tests."""

from __future__ import annotations

import pytest

from waarborg.domain.classification import Ruleset, load_ruleset


@pytest.fixture(scope="session")
def ruleset() -> Ruleset:
    return load_ruleset()
