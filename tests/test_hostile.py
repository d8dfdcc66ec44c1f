"""The hostile and broken fixtures, built together: the acceptance test of robust input handling.

See ``tests/fixtures/hostile/README.md`` for what each file covers.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from generator.cli import main
from tests.conftest import FIXTURES
from tests.pages import parse_html

HOSTILE = FIXTURES / "hostile"
SECRET = re.compile(r"LEAK[A-Za-z0-9-]*")

#: The reports the folder must produce: every input that can have one.
REPORTS = {
    "bom-lab--run-2",
    "core-dc1--run-42",
    "core-dc1--run-42-2",
    "inconsistent-apply-in-preview--run-15",
    "inconsistent-failed-without-failed-stage--run-11",
    "inconsistent-out-of-order--run-14",
    "inconsistent-repeated-stage--run-13",
    "inconsistent-summary-disagrees--run-16",
    "inconsistent-two-failed-stages--run-12",
    "lines-lab--run-101",
    "lines-lab--run-103",
    "lines-lab--run-105",
    "long-fields-lab-" + "x" * 44 + "--run-9000",
    "markup-td-dd-script-alert-planted-script-img-src-x-onerror-a--run-77",
    "negative-lab--run-9",
    "netbox-leaky-lab--run-4242",
}
WARNINGS = {
    "inconsistent-failed-without-failed-stage--run-11": "no stage is marked failed",
    "inconsistent-two-failed-stages--run-12": "2 stages are marked failed (extract, decide)",
    "inconsistent-repeated-stage--run-13": "Stage extract appears 2 times",
    "inconsistent-out-of-order--run-14": "out of pipeline order (decide, validate_setup, extract)",
    "inconsistent-apply-in-preview--run-15": "not a Full Sync but has an apply stage",
    "inconsistent-summary-disagrees--run-16": "summary.decisions.create is 1 but the decide",
    "negative-lab--run-9": "summary.problems.open is negative (-1)",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    """Exit code, standard error and output folder of building the folder (as in the README)."""
    out = tmp_path_factory.mktemp("hostile") / "out"
    err = io.StringIO()
    with contextlib.chdir(FIXTURES), contextlib.redirect_stderr(err):
        code = main(["build", "hostile", "-o", str(out), "-q", "--jobs", "1"])
    return code, err.getvalue(), out


def _pages(out: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in out.iterdir() if p.suffix in (".html", ".md")}


def test_exit_code_1_and_one_exact_line_per_problem(built: tuple[int, str, Path]) -> None:
    code, err, _ = built
    assert code == 1
    assert err == (HOSTILE / "expected-errors.txt").read_text(encoding="utf-8")


def test_every_input_that_can_have_a_report_has_one(built: tuple[int, str, Path]) -> None:
    _, _, out = built
    made = {p.stem for p in out.glob("*--run-*.html")}
    assert made == REPORTS
    assert {p.stem for p in out.glob("*--run-*.md")} == REPORTS


def test_no_planted_secret_in_any_output_file(built: tuple[int, str, Path]) -> None:
    _, _, out = built
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET.search(path.read_bytes().decode("utf-8", "replace")) is None, path.name


def _inert(html: str, name: str) -> None:
    tree = parse_html(html)
    for node in tree.iter():
        assert node.tag not in {"script", "img", "b", "iframe", "object", "embed"}, name
        assert not [a for a in node.attrs if a.startswith("on")], (name, node.attrs)
        if node.tag == "a":
            href = node.attrs.get("href") or ""
            assert re.fullmatch(r"[a-z0-9-]+\.(html|md)(#[\w-]+)?", href), (name, href)


def test_no_planted_markup_in_any_page(built: tuple[int, str, Path]) -> None:
    _, _, out = built
    for name, text in _pages(out).items():
        if name.endswith(".html"):
            _inert(text, name)
            assert "<!-- c -->" not in text
        else:
            github = cmarkgfm.github_flavored_markdown_to_html(
                text, options=Options.CMARK_OPT_UNSAFE
            )
            _inert(github, name)
            assert "PLANTED heading</h" not in github and "PLANTED link</a>" not in github


def test_every_page_within_its_budget(built: tuple[int, str, Path]) -> None:
    _, _, out = built
    for name, text in _pages(out).items():
        budget = 2_000_000 if name.endswith(".html") else 1_048_576
        assert len(text.encode("utf-8")) <= budget, name
    long_page = (out / f"{'long-fields-lab-' + 'x' * 44}--run-9000.md").read_text("utf-8")
    for omitted in ("more items", "more entries", "more keys", "more characters", "more lines"):
        assert f"{omitted} omitted" in long_page, omitted
    assert "more stage cards omitted" in long_page
    assert "more chained exceptions omitted" in long_page


def test_inconsistencies_are_shown_on_the_page(built: tuple[int, str, Path]) -> None:
    _, _, out = built
    for stem, warning in WARNINGS.items():
        for fmt in ("html", "md"):
            page = (out / f"{stem}.{fmt}").read_text("utf-8")
            assert "Data quality warnings" in page, stem
            assert warning in page.replace("\\_", "_"), (stem, fmt)


def test_the_leaky_report_says_how_many_values_were_redacted(
    built: tuple[int, str, Path],
) -> None:
    _, _, out = built
    page = (out / "netbox-leaky-lab--run-4242.html").read_text("utf-8")
    assert 'data-redactions="24"' in page and "24 values were redacted" in page
