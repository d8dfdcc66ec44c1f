"""The strict JSON reader's fast path (the standard parser, then one pass over the values) gives
what the strict path gives: the same values, or the same error at the same place."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import corpus
from generator.exports import jsontext
from tests.conftest import FIXTURES, SAMPLES


def _outcome(parse: Any, text: str) -> tuple[str, Any]:
    try:
        return "value", parse(text)
    except jsontext.JsonTextError as exc:
        return "error", (exc.position, exc.message)
    except json.JSONDecodeError as exc:
        return "syntax", (exc.lineno, exc.colno, exc.msg)


def _same(text: str) -> None:
    fast, strict = _outcome(jsontext.parse, text), _outcome(jsontext._parse_strictly, text)
    assert fast[0] == strict[0]
    # repr: NaN never equals itself, and -0.0 must stay -0.0
    assert repr(fast[1]) == repr(strict[1])


EDGES = [
    "9223372036854775807",
    "-9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "1" * 20,
    "1" * 5000,
    "1e308",
    "1e309",
    "-1e400",
    "-0.0",
    "NaN",
    "[1, -Infinity]",
    '{"a": {"b": Infinity}}',
    "[" * jsontext.MAX_DEPTH + "]" * jsontext.MAX_DEPTH,
    "[" * (jsontext.MAX_DEPTH + 1) + "]" * (jsontext.MAX_DEPTH + 1),
    "[" * (sys.getrecursionlimit() + 10) + "]" * (sys.getrecursionlimit() + 10),
    '{"a": [1, 2, {"b": true, "c": null, "d": 1.5}]}',
    '"\\ud800"',
    '"\\ud83d\\ude00"',
    "{",
    "[1,]",
    "",
]


@pytest.mark.parametrize("text", EDGES)
def test_edges_read_the_same_both_ways(text: str) -> None:
    _same(text)


def test_every_fixture_sample_and_generated_run_reads_the_same_both_ways(tmp_path: Path) -> None:
    corpus.generate(tmp_path, 60, 6)
    paths = [*FIXTURES.rglob("*.json"), *SAMPLES.glob("*.json"), *tmp_path.rglob("*.json")]
    for path in paths:
        text = path.read_bytes().decode("utf-8", "replace")
        _same(text)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(JSON, st.sampled_from(["", "NaN", "Infinity", "1e999"]))
def test_generated_documents_read_the_same_both_ways(value: Any, extra: str) -> None:
    text = json.dumps(value)
    _same(text)
    if extra:  # the same document with a number the strict reader refuses
        _same(f"[{text}, {extra}]")
    assert not isinstance(value, float) or math.isfinite(value)
