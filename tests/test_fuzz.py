"""Property tests: random valid runs and random hostile JSON through the whole pipeline.

Whatever the bytes, the result is a report or a clean :class:`InputError`, never a traceback;
the same input gives the same pages; and no planted secret or markup survives.  Examples are
bounded and fixed so the suite stays quick and reproducible in CI.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import cmarkgfm
from cmarkgfm.cmark import Options
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import render_site
from generator.errors import InputError
from generator.exports.load import load_bytes
from generator.exports.model import ExportedRun
from tests.pages import parse_html

#: A fixed set of examples in CI (the same every run, so a red build is reproducible); set
#: RUN_INSIGHTS_FUZZ_EXAMPLES=5000 to explore new random examples locally.
EXPLORE = os.environ.get("RUN_INSIGHTS_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(EXPLORE or "150"),
    derandomize=EXPLORE is None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

PIPELINE = ["validate_setup", "extract", "canonicalize", "reconcile", "decide", "apply"]
MARKUP = (
    "<script>alert('PLANTED')</script><img src=x onerror=alert(1)>[PLANTED](https://evil.example)"
)

#: Realistic ways a secret lands in an export: (key, value) with the secret as ``S``.
LEAK_FORMS = [
    ("password", "S"),
    ("api_key", "S"),
    ("X-Auth-Token", "S"),
    ("snmpCommunity", "S"),
    ("note", "login failed: password=S"),
    ("url", "https://svc:S@netbox.example.com/api/"),
    ("header", "Authorization: Bearer S"),
    ("query", "GET /api/?limit=5&token=S"),
    ("json", '{"client_secret": "S"}'),
    ("pem", "-----BEGIN PRIVATE KEY-----\nS\n-----END PRIVATE KEY-----"),
]

texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
secrets = st.from_regex(r"LEAK[0-9][A-Za-z0-9]{15}", fullmatch=True)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    texts,
    st.just(MARKUP),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(texts, st.just(MARKUP)), inner, max_size=4),
    ),
    max_leaves=12,
)


@st.composite
def leak(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """A secret; the key and value that carry it; the same as one line of free text."""
    secret = draw(secrets)
    key, value = draw(st.sampled_from(LEAK_FORMS))
    noise = draw(st.sampled_from(["", "context ", "at line 3: "]))
    if value == "S":  # the key names the secret: in free text it becomes key=value
        return secret, key, secret, f"{noise}{key}={secret}"
    value = noise + value.replace("S", secret)
    return secret, key, value, value


@st.composite
def stage(draw: st.DrawFn, leaks: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    metrics = draw(st.dictionaries(st.one_of(texts, st.just(MARKUP)), json_values, max_size=5))
    for _, key, value, _ in leaks:
        metrics[key] = value
    if draw(st.booleans()):
        metrics["summary"] = draw(st.dictionaries(texts, json_values, max_size=3))
    document: dict[str, Any] = {
        "stage": draw(st.one_of(st.sampled_from(PIPELINE), texts, st.just(MARKUP))),
        "status": draw(st.one_of(st.sampled_from(["completed", "failed", "running"]), texts)),
        "metrics_json": metrics,
    }
    if draw(st.booleans()):
        chain = [
            {"class": draw(texts), "message": draw(texts)} for _ in range(draw(st.integers(0, 3)))
        ]
        document["error_payload"] = {
            "class": draw(texts),
            "message": " ".join(text for *_, text in leaks) + " " + draw(texts),
            "trace": [text for *_, text in leaks] + [MARKUP],
            "previous": chain,
        }
    return document


@st.composite
def valid_export(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    leaks = draw(st.lists(leak(), max_size=3))
    counts = st.one_of(st.none(), st.integers(min_value=-5, max_value=10**6))
    run = {
        "id": draw(st.one_of(st.integers(0, 10**9), texts.filter(bool))),
        "mode": draw(st.one_of(st.sampled_from(["preview", "apply"]), texts)),
        "status": draw(st.one_of(st.sampled_from(["completed", "failed", "preview_ready"]), texts)),
        "summary_json": {
            "decisions": {k: draw(counts) for k in ("create", "update", "skip", "conflict")},
            "problems": {"open": draw(counts)},
        },
    }
    document = {
        "instance": {"name": draw(st.one_of(texts, st.just(MARKUP))), "driver": draw(texts)},
        "run": run,
        "stages": draw(st.lists(stage(leaks), max_size=4)),
    }
    return document, [secret for secret, *_ in leaks]


def _pages(exported: ExportedRun) -> dict[str, str]:
    return render_site([exported])


def _assert_inert(pages: dict[str, str], planted: list[str]) -> None:
    for name, page in pages.items():
        for secret in planted:
            assert secret not in page, (name, secret)
        if name.endswith(".html"):
            html = page
        elif name.endswith(".md"):
            html = cmarkgfm.github_flavored_markdown_to_html(page, options=Options.CMARK_OPT_UNSAFE)
        else:
            continue
        for node in parse_html(html).iter():
            assert node.tag not in {"script", "img", "iframe"}, name
            assert not [a for a in node.attrs if a.startswith("on")], name
            if node.tag == "a":
                href = node.attrs["href"] or ""
                if name.endswith(".md") and href.startswith("mailto:"):
                    continue  # GitHub links e-mail addresses; no escape prevents it (docs)
                assert re.fullmatch(r"[a-z0-9-]+\.(html|md)(#[\w-]+)?", href), href


@FUZZ
@given(valid_export())
def test_random_valid_runs_always_build_without_leaks(
    case: tuple[dict[str, Any], list[str]],
) -> None:
    document, planted = case
    data = json.dumps(document).encode()
    [exported] = load_bytes(data, "fuzz.json")
    assert isinstance(exported, ExportedRun), exported
    pages = _pages(exported)
    assert pages == _pages(next(iter(load_bytes(data, "fuzz.json"))))  # type: ignore[arg-type]
    _assert_inert(pages, planted)


def _mutations(data: bytes) -> st.SearchStrategy[bytes]:
    cut = st.integers(0, len(data))
    return st.one_of(
        st.just(data),
        cut.map(lambda n: data[:n]),
        st.tuples(cut, st.binary(min_size=1, max_size=4)).map(
            lambda t: data[: t[0]] + t[1] + data[t[0] :]
        ),
    )


@FUZZ
@given(
    st.one_of(
        json_values,
        st.fixed_dictionaries({"instance": json_values, "run": json_values, "stages": json_values}),
        st.fixed_dictionaries(
            {
                "instance": st.fixed_dictionaries({"name": texts}),
                "runs": st.lists(json_values, max_size=3),
            }
        ),
    ).flatmap(lambda value: _mutations(json.dumps(value).encode())),
    st.booleans(),
)
def test_random_hostile_json_is_a_report_or_a_clean_error(data: bytes, jsonl: bool) -> None:
    items = list(load_bytes(data, "fuzz.json", jsonl=jsonl))
    assert items == list(load_bytes(data, "fuzz.json", jsonl=jsonl)) or all(
        isinstance(i, InputError) for i in items
    )
    for item in items:
        if isinstance(item, InputError):
            assert str(item).startswith("fuzz.json"), item
            assert "\n" not in str(item)
            continue
        pages = _pages(item)
        assert pages == _pages(item)
        _assert_inert(pages, [])
