"""Frozen record classes: dataclasses whose methods are shared, not generated (pure).

``dataclasses.dataclass(frozen=True)`` writes and compiles six methods for every class when its
module is imported: about 1.4 ms a class, which for the view model's classes was a fifth of a
one-report build.  :func:`frozen` makes the same kind of class without compiling anything:

* ``dataclasses.fields``, ``replace``, ``asdict`` and ``is_dataclass`` work, with the fields'
  defaults, default factories, ``compare``, ``repr`` and ``metadata``;
* instances are immutable (``FrozenInstanceError``), equal when their class and compared fields
  are, hash like a frozen dataclass, and print like one;
* the constructor takes the fields in order, by position or by name, and a wrong call is a
  ``TypeError`` naming the class and the field.

The methods below are defined once, here, so they live in the package's compiled bytecode.  The
shared constructor is slower per call than a generated one, so a class built more than
:data:`COMPILE_AFTER` times gets its own, compiled then: a one-report build compiles almost
none, a site build compiles the few classes every report makes.  Each instance keeps its own
attribute dict, so records held by the hundred thousand (``RunRecord``, ``LinePlace``) stay
slotted dataclasses.
"""

from __future__ import annotations

import dataclasses
import inspect
import operator
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T", bound=type)


class _Spec:
    """What the shared methods need to know of one class, worked out once."""

    __slots__ = ("calls", "count", "defaults", "factories", "key", "known", "names", "shown")

    def __init__(self, fields: tuple[dataclasses.Field[Any], ...]) -> None:
        self.names = tuple(f.name for f in fields)
        self.count = len(self.names)
        self.calls = 0
        self.known = frozenset(self.names)
        self.defaults: dict[str, Any] = {}
        self.factories: dict[str, Callable[[], Any]] = {}
        for f in fields:
            if f.default is not dataclasses.MISSING:
                self.defaults[f.name] = f.default
            elif f.default_factory is not dataclasses.MISSING:
                self.factories[f.name] = f.default_factory
            elif self.defaults or self.factories:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
        compared = [f.name for f in fields if f.compare]
        #: The compared fields' values, as a tuple, from an instance's ``__dict__``.
        self.key: Callable[[dict[str, Any]], tuple[Any, ...]] = (
            operator.itemgetter(*compared)
            if len(compared) > 1
            else (lambda values: tuple([values[name] for name in compared]))
        )
        self.shown = tuple(f.name for f in fields if f.repr)


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: T) -> T:
    """``cls`` as a frozen dataclass (see the module docstring)."""
    for name in ("__init__", "__eq__", "__hash__", "__repr__", "__setattr__", "__delattr__"):
        if name in cls.__dict__ and not (name == "__hash__" and cls.__dict__[name] is None):
            raise TypeError(f"{cls.__name__} defines {name}, which a frozen record provides")
    if not cls.__doc__:  # or dataclass asks inspect for a signature, which tokenizes object's
        cls.__doc__ = f"{cls.__name__}({', '.join(inspect.get_annotations(cls))})"
    dataclasses.dataclass(init=False, repr=False, eq=False)(cls)  # fields only: no code made
    cls.__frozen_spec__ = _Spec(dataclasses.fields(cls))  # type: ignore[attr-defined]
    cls.__init__ = _init  # type: ignore[misc]
    cls.__eq__ = _eq  # type: ignore[assignment,method-assign]
    cls.__hash__ = _hash  # type: ignore[assignment,method-assign]
    cls.__repr__ = _repr  # type: ignore[assignment,method-assign]
    cls.__setattr__ = _setattr  # type: ignore[assignment,method-assign]
    cls.__delattr__ = _delattr  # type: ignore[assignment,method-assign]
    return cls


#: Constructions of a class after which it gets a compiled constructor of its own.
COMPILE_AFTER = 200


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    """The shared constructor: the fields by position or name, defaults filled in."""
    spec: _Spec = type(self).__frozen_spec__
    spec.calls += 1
    if spec.calls == COMPILE_AFTER:
        type(self).__init__ = _compiled_init(type(self), spec)
    if not kwargs and len(args) == spec.count:  # the common call: every field, in order
        _set(self, "__dict__", dict(zip(spec.names, args, strict=True)))
        return
    values = dict(zip(spec.names, args, strict=False)) if args else {}
    if kwargs:
        values.update(kwargs)
        if len(values) != len(args) + len(kwargs) or not spec.known.issuperset(kwargs):
            raise _call_error(type(self), spec, args, kwargs)
    if len(values) < spec.count:
        for name, default in spec.defaults.items():
            values.setdefault(name, default)
        for name, factory in spec.factories.items():
            if name not in values:
                values[name] = factory()
    if len(values) != spec.count or len(args) > spec.count:
        raise _call_error(type(self), spec, args, kwargs)
    _set(self, "__dict__", values)


_set = object.__setattr__
_NO_VALUE = object()


def _compiled_init(cls: type, spec: _Spec) -> Callable[..., None]:
    """A constructor for ``cls`` alone, as a dataclass writes one (a default factory's field
    defaults to a marker that calls the factory)."""
    space: dict[str, Any] = {"_set": _set, "_NO_VALUE": _NO_VALUE}
    parameters, values = [], []
    for number, name in enumerate(spec.names):
        if name in spec.defaults:
            space[f"_default{number}"] = spec.defaults[name]
            parameters.append(f"{name}=_default{number}")
        elif name in spec.factories:
            space[f"_factory{number}"] = spec.factories[name]
            parameters.append(f"{name}=_NO_VALUE")
            name = f"_factory{number}() if {name} is _NO_VALUE else {name}"
        else:
            parameters.append(name)
        values.append(f"{spec.names[number]!r}: {name}")
    source = (
        f"def __init__(self, {', '.join(parameters)}):\n"
        f"    _set(self, '__dict__', {{{', '.join(values)}}})\n"
    )
    exec(source, space)
    function: Callable[..., None] = space["__init__"]
    function.__qualname__ = f"{cls.__qualname__}.__init__"
    return function


def _call_error(cls: type, spec: _Spec, args: tuple[Any, ...], kwargs: dict[str, Any]) -> TypeError:
    """The error of a constructor call that does not give every field exactly once, worded as
    Python words it for a compiled constructor."""
    name = f"{cls.__qualname__}.__init__()"
    if len(args) > spec.count:
        return TypeError(
            f"{name} takes {spec.count + 1} positional arguments but {len(args) + 1} were given"
        )
    for key in kwargs:
        if key not in spec.known:
            return TypeError(f"{name} got an unexpected keyword argument {key!r}")
        if key in spec.names[: len(args)]:
            return TypeError(f"{name} got multiple values for argument {key!r}")
    given = {*spec.names[: len(args)], *kwargs, *spec.defaults, *spec.factories}
    missing = [field for field in spec.names if field not in given]
    return TypeError(f"{name} missing 1 required positional argument: {missing[0]!r}")


def _key(self: Any) -> tuple[Any, ...]:
    spec: _Spec = type(self).__frozen_spec__
    return spec.key(self.__dict__)


def _eq(self: Any, other: object) -> object:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return self is other or bool(_key(self) == _key(other))


def _hash(self: Any) -> int:
    return hash(_key(self))


def _repr(self: Any) -> str:
    cls = type(self)
    shown = ", ".join(f"{name}={self.__dict__[name]!r}" for name in cls.__frozen_spec__.shown)
    return f"{cls.__qualname__}({shown})"


def _setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
