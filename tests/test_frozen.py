"""Frozen records behave like frozen dataclasses: view-model objects that themes and library
users receive keep the dataclass contract (fields, replace, immutability, equality)."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest

from generator.frozen import COMPILE_AFTER, frozen
from generator.view.report import Card


def _pair() -> tuple[type, type]:
    def body() -> dict[str, Any]:
        return {
            "__annotations__": {"a": "int", "b": "str", "c": "list[int]", "d": "int"},
            "c": dataclasses.field(default_factory=list),
            "d": dataclasses.field(default=0, compare=False, repr=False),
        }

    return dataclasses.dataclass(frozen=True)(type("R", (), body())), frozen(type("R", (), body()))


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((1, "x"), {}),
    ((1, "x", [2], 3), {}),
    ((), {"a": 1, "b": "x"}),
    ((1,), {"b": "x", "d": 4}),
    ((1,), {}),
    ((1, "x", [], 0, 9), {}),
    ((1, "x"), {"a": 2}),
    ((1, "x"), {"e": 2}),
    ((), {}),
]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_construction_matches_a_frozen_dataclass(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    real, light = _pair()
    try:
        expected = real(*args, **kwargs)
    except TypeError as exc:
        for _ in range(2):  # the shared constructor, then the one compiled for the class
            with pytest.raises(TypeError) as raised:
                light(*args, **kwargs)
            assert str(raised.value).split(" ")[:2] == str(exc).split(" ")[:2]
            _warm(light)
        return
    for _ in range(2):
        made = light(*args, **kwargs)
        assert dataclasses.asdict(made) == dataclasses.asdict(expected)
        assert repr(made) == repr(expected).replace("test_frozen._pair.<locals>.", "")
        _warm(light)


def _warm(cls: type) -> None:
    """Build enough instances for the class to get its compiled constructor."""
    for _ in range(COMPILE_AFTER):
        cls(1, "x")
    assert cls.__init__.__qualname__ == "R.__init__"


def test_fields_replace_and_equality_work() -> None:
    _, light = _pair()
    one = light(1, "x")
    assert dataclasses.is_dataclass(one)
    assert [f.name for f in dataclasses.fields(light)] == ["a", "b", "c", "d"]
    other = dataclasses.replace(one, b="y")
    assert (other.a, other.b, one.b) == (1, "y", "x")
    assert light(1, "x", [], 5) == light(1, "x", [], 6)  # d is not compared
    assert light(1, "x") != light(2, "x")
    assert light(1, "x", []) != (1, "x", [], 0)
    assert light(1, "x").c is not light(1, "x").c  # a fresh default each time


def test_records_are_immutable_hashable_and_picklable() -> None:
    card = Card("status", "Status", "completed", "green", "run.status")
    with pytest.raises(dataclasses.FrozenInstanceError):
        card.label = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del card.value  # type: ignore[misc]
    assert hash(card) == hash(Card("status", "Status", "completed", "green", "run.status"))
    assert pickle.loads(pickle.dumps(card)) == card  # jobs send records to worker processes


def test_a_class_cannot_mix_its_own_methods_in() -> None:
    with pytest.raises(TypeError, match="defines __eq__"):
        frozen(type("Bad", (), {"__annotations__": {"a": "int"}, "__eq__": lambda s, o: True}))
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        frozen(type("Bad", (), {"__annotations__": {"a": "int", "b": "int"}, "a": 0}))
