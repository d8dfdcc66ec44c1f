"""docs/errors.md says what the code does: messages, exit codes, redaction rules and limits."""

from __future__ import annotations

import dataclasses
import re

import pytest

from generator import errors, messages
from generator.exports import redact
from generator.view import limits
from tests.conftest import FIXTURES, ROOT

DOC = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = DOC.index(f"## {title}")
    end = DOC.find("\n## ", start + 1)
    return DOC[start : end if end != -1 else None]


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^}]*\}", template)
    return re.compile(".+".join(re.escape(part) for part in parts))


@pytest.mark.parametrize("name", sorted(messages.INPUT_ERRORS))
def test_every_input_error_message_is_documented(name: str) -> None:
    assert f"| `{messages.INPUT_ERRORS[name]}` |" in _section("Every input-error message")


def test_every_documented_message_exists_in_the_code() -> None:
    documented = re.findall(r"^\| `([^`]+)` \|", _section("Every input-error message"), re.M)
    assert sorted(documented) == sorted(messages.INPUT_ERRORS.values())


@pytest.mark.parametrize("folder", ["invalid", "hostile"])
def test_every_message_the_fixtures_print_matches_a_documented_one(folder: str) -> None:
    patterns = [_template_pattern(t) for t in messages.INPUT_ERRORS.values()]
    pydantic = re.compile(r"Input should be .+; got .+")
    lines = (FIXTURES / folder / "expected-errors.txt").read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        message = re.sub(r"^error: [^:]+(:[^ ]+)?: ", "", line)
        assert any(p.fullmatch(message) for p in patterns) or pydantic.fullmatch(message), line


def test_exit_codes_are_documented() -> None:
    table = _section("Exit codes")
    codes = [value for name, value in vars(errors).items() if name.startswith("EXIT_")]
    assert len(codes) >= 7
    for code in codes:
        assert f"| `{code}` |" in table


def test_redaction_rules_are_documented() -> None:
    section = _section("Redaction")
    for word in redact.SECRET_WORDS | redact.MEASURE_WORDS:
        assert f"`{word}`" in section, word
    for first, second in redact.SECRET_PAIRS:
        assert f"`{first} {second}`" in section
    for word in redact.STATUS_WORDS:
        shown = word or '""'
        assert f"`{shown}`" in section, word
    assert f"`{redact.MARKER}`" in section


def test_limits_and_defaults_are_documented() -> None:
    table = _section("Size limits")
    for field in dataclasses.fields(limits.Limits):
        assert f"| `{field.name}` | {field.default} |" in table, field.name
