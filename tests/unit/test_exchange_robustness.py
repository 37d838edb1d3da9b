"""Whatever a case file holds, import answers with problems or a clean import, never a crash."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regie_tui.exchange import casefile
from regie_tui.exchange.checks import Checker
from regie_tui.exchange.importer import import_cases
from tests.conftest import TODAY, table_counts
from tests.fuzzing import examples
from tests.unit.exchange_helpers import RICH_CASE, document

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 3000) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=6,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*prefix, i))


PATHS = [p for p in _paths(RICH_CASE) if p]

# The test that imports runs on a store file and on a team store.
pytestmark = pytest.mark.both_engines


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), JSON)
def test_a_mutated_case_is_checked_without_crashing(path, value):
    case = copy.deepcopy(RICH_CASE)
    target = case
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    clean, problems = Checker(TODAY).case(case)
    assert (clean is None) == bool(problems)
    for where, message in problems:
        assert isinstance(where, str) and message


def test_unknown_fields_are_reported_even_with_other_problems():
    case = copy.deepcopy(RICH_CASE)
    case["alias"] = None
    case["remark"] = "x"
    _clean, problems = Checker(TODAY).case(case)
    assert ("remark", "unknown field.") in problems


@settings(max_examples=examples(25), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(JSON, max_size=3))
def test_garbage_cases_write_nothing(store, tmp_path_factory, cases):
    # One store for every example: an import with a problem writes nothing, so each
    # example meets the store as the one before left it.
    folder = tmp_path_factory.mktemp("garbage")
    before = table_counts(store)
    path = folder / "f.json"
    data = document(RICH_CASE)
    data["cases"] += cases
    path.write_text(json.dumps(data), encoding="utf-8")
    report = import_cases(store, casefile.parse(path))
    if cases:
        assert not report.written and report.problems
        assert table_counts(store) == before
