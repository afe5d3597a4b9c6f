"""Random and mutated script files: the loader gives a Script or a clear error, nothing else."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calm.errors import ScriptError
from calm.practice.loader import parse_script
from calm.practice.script import Script

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "sessions" / "02-slow-breathing.toml").read_bytes()
PATH = Path("/tmp/fuzz/practice.toml")

toml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=50),
)
nested = st.recursive(
    toml_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def outcome(raw: bytes) -> None:
    try:
        result = parse_script(raw, PATH)
    except ScriptError as error:
        assert error.problems, "an error lists at least one problem"
        for line in str(error).splitlines():
            assert line.startswith(str(PATH)), line
        return
    assert isinstance(result, Script)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(raw):
    """Any bytes at all give a practice or a clear error naming the file."""
    outcome(raw)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_sample(data):
    """A real practice with bytes cut, flipped or inserted still never crashes the loader."""
    raw = bytearray(SAMPLE)
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            raw[at] = data.draw(st.integers(0, 255))
        elif action == "cut":
            del raw[at : at + data.draw(st.integers(1, 40))]
        else:
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=20))
    outcome(bytes(raw))


def set_field(document: dict, where: tuple, value) -> None:
    target = document
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value


def field_paths(document: dict) -> list[tuple]:
    paths: list[tuple] = []
    for key, value in document.items():
        paths.append((key,))
        if isinstance(value, dict):
            paths += [(key, *p) for p in field_paths(value)]
        if isinstance(value, list):
            for n, item in enumerate(value):
                if isinstance(item, dict):
                    paths += [(key, n, *p) for p in field_paths(item)]
    return paths


DOCUMENT = tomllib.loads(SAMPLE.decode())
FIELDS = field_paths(DOCUMENT)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FIELDS), nested)
def test_every_field_with_any_value(where, value):
    """Every field given a wrong type, a huge value or deep nesting gives a clear error."""
    import copy

    import tomlkit

    document = copy.deepcopy(DOCUMENT)
    set_field(document, where, value)
    try:
        raw = tomlkit.dumps(document).encode()
    except Exception:  # tomlkit cannot write this value (None, NaN keys): not a script anyone has
        return
    outcome(raw)


def test_deep_nesting_and_huge_files():
    """Absurd files are refused with a sentence, not a crash or a hang."""
    for raw in (b"a = " + b"[" * 100_000, b"x = 1\n" * 200_000, b"a = 1e999999"):
        outcome(raw)
