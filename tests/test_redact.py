"""Redaction: secrets in every part of an export are replaced before rendering, and counted."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator import render, render_site
from generator.exports import redact
from generator.exports.load import load, load_bytes
from generator.exports.model import ExportedRun
from generator.view import report as insights
from tests.conftest import FIXTURES, SAMPLES

LEAKY = FIXTURES / "hostile" / "leaky-secrets.json"
#: Every secret planted in the leaky fixture contains this word.
PLANTED = re.compile(r"LEAK[A-Za-z0-9-]*")


def _leaky() -> ExportedRun:
    [exported] = load([str(LEAKY)], redaction=False).runs
    return exported


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("password", True),
        ("DB_PASSWORD", True),
        ("passwd", True),
        ("clientSecret", True),
        ("api_key", True),
        ("X-API-Key", True),
        ("apikey", True),
        ("APIKey", True),
        ("Authorization", True),
        ("Set-Cookie", True),
        ("private_key", True),
        ("privateKey", True),
        ("snmp-community", True),
        ("session_id", True),
        ("access_token", True),
        ("X-Auth-Token", True),
        ("credentials", False),
        ("tokens_used", False),
        ("token_count", False),
        ("password_length", False),
        ("keyboard", False),
        ("monkey", False),
        ("author", False),
        ("auth", False),
        ("processed", False),
    ],
)
def test_which_keys_name_a_secret(key: str, secret: bool) -> None:
    assert redact.is_secret_key(key) is secret


TEXT_RULES = [
    ("Authorization: Bearer abc.def-123", "Authorization: Bearer [REDACTED]"),
    ("Bearer authentication failed", "Bearer authentication failed"),
    ("Invalid token provided", "Invalid token provided"),
    ("https://u:p4ss@host/x", "https://u:[REDACTED]@host/x"),
    ("https://host/x?api_key=abc123&limit=5", "https://host/x?api_key=[REDACTED]&limit=5"),
    ("password=hunter2 user=bob", "password=[REDACTED] user=bob"),
    ('{"secret": "s3"}', '{"secret": "[REDACTED]"}'),
    ("['password' => 'pw']", "['password' => '[REDACTED]']"),
    ("curl -u admin:pw1 https://x", "curl -u admin:[REDACTED] https://x"),
    ("PDO->__construct('dsn', 'user', 'pw')", "PDO->__construct('dsn', 'user', '[REDACTED]')"),
    ("a -----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY----- b", "a [REDACTED] b"),
    ("-----BEGIN EC PRIVATE KEY-----\nMII (cut)", "[REDACTED]"),
    ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "[REDACTED]"),
    ("key AKIAABCDEFGHIJKLMNOP", "key [REDACTED]"),
    ("password: missing", "password: missing"),
    ("using password: YES", "using password: YES"),
    ("tokens_used=1200", "tokens_used=1200"),
    ("Error: connection refused", "Error: connection refused"),
]


@pytest.mark.parametrize(("text", "redacted"), TEXT_RULES)
def test_text_rules(text: str, redacted: str) -> None:
    assert redact.redact_text(text)[0] == redacted


def test_values_under_secret_keys_are_redacted_except_numbers_flags_and_statuses() -> None:
    value = {
        "credentials": "ok",
        "tokens_used": 1200,
        "token": "missing",
        "token_expired": True,
        "api_key": "abc",
        "db": {"password": "pw", "host": "db1"},
        "cookie": ["a=1", "b=2"],
    }
    redacted, found = redact.redact_value(value)
    assert redacted == {
        "credentials": "ok",
        "tokens_used": 1200,
        "token": "missing",
        "token_expired": True,
        "api_key": "[REDACTED]",
        "db": {"password": "[REDACTED]", "host": "db1"},
        "cookie": ["[REDACTED]", "[REDACTED]"],
    }
    assert found == 4


def test_no_planted_secret_survives_in_either_format() -> None:
    source = LEAKY.read_text(encoding="utf-8")
    planted = set(PLANTED.findall(source))
    assert len(planted) >= 20, "the corpus plants secrets in every part of an export"
    site = render_site([_leaky()])
    for name, page in site.items():
        assert PLANTED.findall(page) == [], name
    report = insights.report(_leaky())
    assert report.redactions == 24
    assert "24 values were redacted" in site["netbox-leaky-lab--run-4242.html"]
    assert 'data-redactions="24"' in site["netbox-leaky-lab--run-4242.html"]
    assert "24 values were redacted" in site["netbox-leaky-lab--run-4242.md"]


def test_redaction_keeps_what_is_not_a_secret() -> None:
    page = render_site([_leaky()])["netbox-leaky-lab--run-4242.md"]
    for kept in ("| credentials | ok |", "| tokens_used | 1200 |", '"auth": "not_checked"'):
        assert kept in page
    assert "using password: YES" in page


def test_no_redact_shows_the_values_and_says_so() -> None:
    options = render.RenderOptions(redact=False)
    site = render_site([_leaky()], options)
    page = site["netbox-leaky-lab--run-4242.html"]
    assert "LEAK-previous-secret-0020" in page
    assert 'data-redactions="off"' in page
    assert "Redaction was turned off (--no-redact)" in site["netbox-leaky-lab--run-4242.md"]


def test_cli_no_redact_flag(tmp_path: Path) -> None:
    from generator.cli import main

    assert main(["build", str(LEAKY), "-o", str(tmp_path / "on"), "-q"]) == 0
    assert main(["build", str(LEAKY), "-o", str(tmp_path / "off"), "-q", "--no-redact"]) == 0
    on = (tmp_path / "on" / "netbox-leaky-lab--run-4242.md").read_text("utf-8")
    off = (tmp_path / "off" / "netbox-leaky-lab--run-4242.md").read_text("utf-8")
    assert PLANTED.findall(on) == []
    assert "LEAK-previous-secret-0020" in off


def test_redaction_survives_database_row_shapes() -> None:
    document = json.loads(LEAKY.read_text(encoding="utf-8"))
    for stage in document["stages"]:
        stage["metrics_json"] = json.dumps(stage["metrics_json"])
        stage["name"] = stage.pop("stage")
    document["run"]["summary_json"] = json.dumps(document["run"]["summary_json"])
    from generator.exports.load import load_bytes

    [exported] = load_bytes(json.dumps(document).encode(), "rows.json")
    assert isinstance(exported, ExportedRun)
    for page in render_site([exported]).values():
        assert PLANTED.findall(page) == []


def test_index_history_and_file_names_never_carry_a_secret(tmp_path: Path) -> None:
    from generator.cli import main

    source = tmp_path / "in.json"
    document = {
        "instance": {"name": "NetBox token=LEAK0123456789abcdef"},
        "runs": [
            {"id": 2, "mode": "apply", "status": "completed", "started_at": "2026-01-02"},
            {
                "id": 1,
                "mode": "apply",
                "status": "password=LEAK-old-run",
                "started_at": "2026-01-01",
            },
        ],
    }
    source.write_text(json.dumps(document), "utf-8")
    for flags in ([], ["--no-redact"]):
        out = tmp_path / f"out{len(flags)}"
        assert main(["build", str(source), "-o", str(out), "-q", "--jobs", "1", *flags]) == 0
        for path in out.iterdir():
            assert "leak" not in path.name.lower()
            if not path.name.endswith("--run-2.html") and not path.name.endswith("--run-2.md"):
                assert "LEAK" not in path.read_bytes().decode("utf-8", "replace"), path.name


SECRET_KEYS = ["password", "clientSecret", "X-API-Key", "APIKey", "Set-Cookie", "privateKey"]
SECRET_KEYS += ["snmp-community", "session_id", "access_token", "Authorization", "jwt"]


@pytest.mark.parametrize(
    "document",
    [json.dumps({"message": text}) for text, redacted in TEXT_RULES if text != redacted]
    + [json.dumps({text: 1}) for text, redacted in TEXT_RULES if text != redacted]
    + [json.dumps({"metrics": {key.upper(): "x"}}) for key in SECRET_KEYS]
    + [json.dumps({"metrics": {key: ["x"]}}) for key in SECRET_KEYS],
)
def test_a_text_with_anything_to_redact_is_never_ruled_out(document: str) -> None:
    assert redact.may_hold_secrets(document.encode("utf-8"))


@pytest.mark.parametrize(
    "document",
    [
        '{"note": "h\\u0074tps://u:p@h"}',  # an escape could hide any word: read every value
        '{"note": "caf\u00e9 to\u212aen x"}',  # not ASCII: Unicode case folding could match
        '{"url": "https://u:p@host"}',
    ],
)
def test_escapes_non_ascii_and_urls_with_an_at_sign_are_read_value_by_value(document: str) -> None:
    assert redact.may_hold_secrets(document.encode("utf-8"))


def test_ruling_secrets_out_changes_no_report() -> None:
    """Every input the tests hold is redacted the same with and without the shortcut."""
    inputs = sorted(FIXTURES.rglob("*.json")) + sorted(SAMPLES.glob("*.json"))
    ruled_out = 0
    for path in inputs:
        data = path.read_bytes()
        possible = redact.may_hold_secrets(data)
        ruled_out += not possible
        for item in load_bytes(data, str(path), redaction=False):
            if isinstance(item, ExportedRun):
                assert redact.redact_run(item, possible) == redact.redact_run(item), path
    assert ruled_out > 10  # the shortcut is taken, not only allowed
