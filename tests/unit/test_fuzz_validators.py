"""Fuzzing: no input makes a validator or a store command raise anything but
ValidationError (a clear message naming the field), and a refused command writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regie_tui.base.errors import ValidationError
from regie_tui.data import commands as C
from regie_tui.data import validate as v
from regie_tui.rules import vocab
from tests.conftest import TODAY, table_counts
from tests.fuzzing import examples

# Anything a form, a paste or an importer could hand over: text with every kind
# of character (lone surrogates, NUL, right-to-left marks), numbers, dates,
# datetimes, None, bools, bytes, lists.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)
LONG_TEXT = st.text(max_size=5000)
ANYTHING = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), ANY_TEXT, LONG_TEXT,
    st.binary(max_size=20), st.dates(), st.datetimes(), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
FUZZ = settings(max_examples=examples(300), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _only_validation_error(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        assert exc.field and exc.message
        return None


@FUZZ
@given(value=ANYTHING, max_len=st.integers(1, 4000), required=st.booleans(),
       multiline=st.booleans())
def test_text(value, max_len, required, multiline):
    result = _only_validation_error(v.text, "f", "Label", value, max_len=max_len,
                                    required=required, multiline=multiline)
    if result is not None:
        assert isinstance(result, str) and 0 < len(result) <= max_len
        result.encode("utf-8")  # storable: no lone surrogates


@FUZZ
@given(value=ANYTHING)
def test_choice(value):
    result = _only_validation_error(v.choice, "f", "Label", value, vocab.REGIMES)
    assert result is None or result in vocab.REGIMES


@FUZZ
@given(value=ANYTHING, required=st.booleans())
def test_date_and_happened(value, required):
    result = _only_validation_error(v.date, "f", "Label", value, required=required)
    assert result is None or type(result) is dt.date
    result = _only_validation_error(v.happened, "f", "Label", value, TODAY, required=required)
    assert result is None or result <= TODAY


@FUZZ
@given(value=st.one_of(st.none(), st.dates()), earlier=st.one_of(st.none(), st.dates()))
def test_not_before(value, earlier):
    _only_validation_error(v.not_before, "f", "Label", value, earlier, "other")


@FUZZ
@given(value=ANYTHING)
def test_birth_year(value):
    result = _only_validation_error(v.birth_year, "f", "Label", value, TODAY)
    assert result is None or 1900 <= result <= TODAY.year


# -- store commands: the inputs a screen passes through -----------------------------------

DATES = st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)), ANYTHING)


@pytest.fixture
def fuzz_case(store, make_case):
    case_id, _version = make_case()
    return case_id


def _current_version(store, case_id):
    with store.read() as conn:
        return conn.execute("SELECT version FROM care_case WHERE id = ?", (case_id,)).fetchone()[0]


def _run_command(store, fn):
    before = table_counts(store)
    try:
        fn()
    except ValidationError:
        assert table_counts(store) == before  # refused: nothing written
        return False
    return True


@FUZZ
@given(kind=st.one_of(st.sampled_from(vocab.CASE_MEETING_KINDS), ANYTHING), held_on=DATES,
       planned_on=DATES, youth=st.booleans(), parents=st.booleans(), note=ANYTHING)
def test_record_meeting(store, fuzz_case, kind, held_on, planned_on, youth, parents, note):
    version = _current_version(store, fuzz_case)
    _run_command(store, lambda: C.record_meeting(
        store, fuzz_case, version, kind=kind, held_on=held_on, planned_on=planned_on,
        youth_present=youth, parents_present=parents, note=note))


@FUZZ
@given(kind=st.one_of(st.sampled_from(list(vocab.EVENT_KINDS)), ANYTHING), occurred_on=DATES,
       description=ANYTHING)
def test_record_event(store, fuzz_case, kind, occurred_on, description):
    version = _current_version(store, fuzz_case)
    _run_command(store, lambda: C.record_event(store, fuzz_case, version, kind=kind,
                                               occurred_on=occurred_on,
                                               description=description))


@FUZZ
@given(name=ANYTHING, role=st.one_of(st.sampled_from(list(vocab.PERSON_ROLES)), ANYTHING),
       birth_year=ANYTHING)
def test_add_person(store, fuzz_case, name, role, birth_year):
    version = _current_version(store, fuzz_case)
    _run_command(store, lambda: C.add_person(store, fuzz_case, version,
                                             C.PersonInput(name, role, birth_year)))


@FUZZ
@given(code=ANYTHING, alias=ANYTHING, opened_on=DATES,
       regime=st.one_of(st.sampled_from(list(vocab.REGIMES)), ANYTHING), ovv=DATES)
def test_create_case(store, code, alias, opened_on, regime, ovv):
    director = store.consultant_id("Tester")
    _run_command(store, lambda: C.create_case(
        store, code=code, alias=alias, opened_on=opened_on, regime=regime,
        ovv_decision_on=ovv, process_director_id=director))


@FUZZ
@given(name=ANYTHING, role=st.one_of(st.sampled_from(list(vocab.CONSULTANT_ROLES)), ANYTHING))
def test_create_consultant(store, name, role):
    _run_command(store, lambda: C.create_consultant(store, name, role))
