from __future__ import annotations

import pytest

from tests.cases.helpers import actor, view
from waarborg.domain.cases.catalogue import CaseCatalogue, load_catalogue


@pytest.fixture(scope="session")
def cat() -> CaseCatalogue:
    return load_catalogue()


@pytest.fixture()
def make_actor():
    return actor


@pytest.fixture()
def make_view():
    return view
