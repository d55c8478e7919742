"""Whatever it is fed, the importer succeeds or refuses with located errors and changes nothing.

Hypothesis feeds it arbitrary bytes, arbitrary YAML structures (some shaped like a bank), and
mutations of a valid bank, both of its parsed structure and of its raw text.
"""

import copy
import re

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from questionbank.importer import ImportFailed, import_sources
from tests.questionbank.factories import VALID, bank_fingerprint

pytestmark = pytest.mark.django_db

LOCATED = re.compile(r"^[^:]+:\d+: ")
VALID_DATA = yaml.safe_load(VALID)
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_imports_or_refuses_cleanly(sources) -> None:
    before = bank_fingerprint()
    try:
        import_sources(sources)
        event("imported")
    except ImportFailed as failure:
        event("refused")
        assert failure.errors, "a refusal must say why"
        for error in failure.errors:
            assert LOCATED.match(error), error
            assert "\n" not in error
            # The concurrency fallback must never stand in for a missing check.
            assert ": (bank): " not in error, error
        assert bank_fingerprint() == before, "a refused import changed the bank"


# --- strategies -------------------------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["scheduler", "gc-knobs", "senior-go", "mid", "senior", "level", "text"])
)
structures = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.text(max_size=12) | st.sampled_from(list(VALID_DATA)), children, max_size=4
        )
    ),
    max_leaves=25,
)
bank_shaped = st.fixed_dictionaries(
    {"format": st.sampled_from(["loupe-questionbank/1", "loupe-questionbank/2", 1])},
    optional={"topics": structures, "questions": structures, "kits": structures},
)


def paths(data, prefix=()):
    """Every path into a nested dict/list value, the root included."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, (*prefix, index))


ALL_PATHS = [path for path in paths(VALID_DATA) if path]


@st.composite
def mutated_banks(draw):
    """The valid bank with a few values deleted, replaced, duplicated or given a stray key."""
    data = copy.deepcopy(VALID_DATA)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]]  # the path may be gone after an earlier mutation
        except (KeyError, IndexError, TypeError):
            continue
        key = path[-1]
        action = draw(st.sampled_from(["delete", "replace", "duplicate", "stray-key"]))
        if action == "delete":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(structures)
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif isinstance(parent[key], dict):
            parent[key][draw(st.text(min_size=1, max_size=8))] = draw(scalars)
    return data


@st.composite
def mutated_texts(draw):
    """The valid bank's text with a slice cut, characters inserted, or lines swapped."""
    text = VALID
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        start = draw(st.integers(min_value=0, max_value=len(text)))
        action = draw(st.sampled_from(["cut", "insert", "swap-lines"]))
        if action == "cut":
            text = text[:start] + text[start + draw(st.integers(1, 40)) :]
        elif action == "insert":
            noise = draw(
                st.text(max_size=6) | st.sampled_from(["*a", "&a ", ": ", "- ", "\t", "'"])
            )
            text = text[:start] + noise + text[start:]
        else:
            lines = text.splitlines(keepends=True)
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
    return text


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# --- properties -------------------------------------------------------------------------------


@EXAMPLES
@given(st.binary(max_size=600))
def test_arbitrary_bytes_import_or_fail_cleanly(db, content):
    assert_imports_or_refuses_cleanly([("bytes.yaml", content)])


@EXAMPLES
@given(structures | bank_shaped)
def test_arbitrary_yaml_documents_import_or_fail_cleanly(db, data):
    assert_imports_or_refuses_cleanly([("any.yaml", dump(data))])


@settings(EXAMPLES, max_examples=120)
@given(mutated_banks())
def test_mutations_of_a_valid_bank_import_or_fail_cleanly(db, data):
    assert_imports_or_refuses_cleanly([("mutated.yaml", dump(data))])


@settings(EXAMPLES, max_examples=120)
@given(mutated_texts())
def test_mutations_of_a_valid_file_import_or_fail_cleanly(db, text):
    assert_imports_or_refuses_cleanly([("edited.yaml", text.encode())])


@EXAMPLES
@given(mutated_banks(), mutated_banks())
def test_two_files_at_once_import_or_fail_cleanly(db, first, second):
    sources = [("first.yaml", dump(first)), ("second.yaml", dump(second))]
    assert_imports_or_refuses_cleanly(sources)
