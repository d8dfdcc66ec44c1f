"""Markdown built into real docs sites by the real tools: ``mkdocs build --strict`` under three
profiles (MkDocs' own theme with ``admonition`` + ``pymdownx.details``; Material for MkDocs with
the extensions its documentation recommends; Backstage's ``techdocs-core``), then the produced
HTML read back: the samples show the same text as the HTML report, and a hostile export (every
finding of a docs-site review in one file) adds no element, attribute, link, include or image.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from generator import report_stems
from generator.cli import main
from generator.exports.load import load
from generator.exports.model import ExportedRun
from generator.render.markdown import WORD_JOINER
from generator.view import report as insights
from generator.view.fit import fit_report
from generator.view.limits import DEFAULT_LIMITS
from tests.browsing import serve
from tests.conftest import FIXTURES, SAMPLES
from tests.pages import Node, parse_html

pytestmark = pytest.mark.docs_site

DOCS_SITES = FIXTURES / "docs_sites"
HOSTILE = DOCS_SITES / "hostile.json"
#: Each profile's ``mkdocs.yml`` (in tests/fixtures/docs_sites/) and the dialect it is fed.
PROFILES = {"mkdocs": "mkdocs", "material": "mkdocs", "techdocs": "techdocs"}
#: In the build machine's working folder, where ``pymdownx.snippets`` looks for files.
CANARY = "RUN-INSIGHTS-CANARY-7d1e"
#: What the content of a report page may be made of; anything else came from an export.
CONTENT_TAGS = {
    "h1", "h2", "h3", "p", "a", "strong", "ul", "li", "table", "thead", "tbody", "tr", "th",
    "td", "div", "details", "summary", "pre", "code", "span", "hr", "blockquote",
}  # fmt: skip


@dataclass(frozen=True)
class DocsSite:
    profile: str
    folder: Path

    @property
    def site(self) -> Path:
        return self.folder / "site"

    def page(self, stem: str) -> Node:
        path = self.site / ("index.html" if stem == "index" else f"{stem}/index.html")
        return parse_html(path.read_text("utf-8"))


def build_docs_site(folder: Path, profile: str) -> DocsSite:
    """The samples and the hostile export as Markdown, built by MkDocs with ``--strict``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text((DOCS_SITES / f"{profile}.yml").read_text("utf-8"))
    for name in (".env", "canary.txt"):
        (folder / name).write_text(f"SECRET={CANARY}\n", encoding="utf-8")
    argv = ["build", str(HOSTILE), str(SAMPLES), "-o", str(folder / "docs"), "--format", "md"]
    assert main([*argv, "--md-dialect", PROFILES[profile], "-q"]) == 0
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true"}
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr, built.stderr
    return DocsSite(profile, folder)


@pytest.fixture(scope="module", params=list(PROFILES))
def docs_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> DocsSite:
    profile = str(request.param)
    return build_docs_site(tmp_path_factory.mktemp(profile), profile)


@pytest.fixture(scope="module")
def reports() -> dict[str, insights.Report]:
    """Every report of the site by stem, as the pages show it (fitted to the size limits)."""
    loaded = load([str(HOSTILE), str(SAMPLES)])
    assert not loaded.errors
    runs: list[ExportedRun] = loaded.runs
    return {
        stem: fit_report(insights.report(run), DEFAULT_LIMITS)
        for stem, run in zip(report_stems(runs), runs, strict=True)
    }


def _hostile_stem(reports: dict[str, insights.Report]) -> str:
    return next(stem for stem in reports if stem.startswith("lab-"))


def _content(page: Node) -> Node:
    articles = page.find_all("article")
    return articles[0] if articles else page.find("div", role="main")


def _raw(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(_raw(child) for child in node.children)


def _code_blocks(content: Node) -> list[str]:
    """The text of every ``<pre><code>`` (line-number columns left out), word joiners removed."""
    blocks = []
    for pre in content.find_all("pre"):
        codes = [child for child in pre.children if isinstance(child, Node) and child.tag == "code"]
        blocks += [_raw(code).replace(WORD_JOINER, "").rstrip("\n") for code in codes]
    return blocks


def _text_outside_code(node: Node) -> str:
    parts = [
        child if isinstance(child, str) else _text_outside_code(child)
        for child in node.children
        if isinstance(child, str) or child.tag not in ("pre", "code")
    ]
    return " ".join(" ".join(parts).split())


def _cells(content: Node) -> list[str]:
    return [" ".join(_raw(cell).split()) for cell in content.find_all("td")]


def _shown_values(report: insights.Report) -> list[str]:
    """The export values a report page shows in its tables, as the HTML report shows them."""
    values: list[str] = []
    for stage in report.stages:
        for entry in (*stage.metrics, *stage.summary):
            values += [entry.key, entry.value]
    return [" ".join(value.split()) for value in values]


def _payloads(report: insights.Report) -> list[str]:
    return [e.trace.rstrip() for s in report.stages for e in s.error_chain if e.trace]


def test_every_report_shows_its_values_exactly(
    docs_site: DocsSite, reports: dict[str, insights.Report]
) -> None:
    for stem, report in reports.items():
        content = _content(docs_site.page(stem))
        h1 = content.find("h1")
        assert " ".join(_raw(h1).replace("¶", "").split()) == report.title, stem
        cells = _cells(content)
        for value in _shown_values(report):
            assert value in cells, (docs_site.profile, stem, value)
        text = _text_outside_code(content)
        for stage in report.stages:
            if stage.error_summary:
                assert " ".join(stage.error_summary.split()) in text, stem
            for error in stage.error_chain:
                assert " ".join(error.message.split()) in text, stem
        shown = {*_shown_values(report), report.title}
        shown |= {e.exception for s in report.stages for e in s.error_chain}
        shown |= {" ".join(e.message.split()) for s in report.stages for e in s.error_chain}
        shown |= {" ".join((s.error_summary or "").split()) for s in report.stages}
        for value in sorted(shown, key=len, reverse=True):
            text = text.replace(value, "")
        assert "\\" not in text, (docs_site.profile, stem, text)


def test_error_payloads_are_code_blocks_under_folded_admonitions(
    docs_site: DocsSite, reports: dict[str, insights.Report]
) -> None:
    for stem, report in reports.items():
        content = _content(docs_site.page(stem))
        assert _code_blocks(content) == _payloads(report), (docs_site.profile, stem)
        folded = content.find_all("details")
        assert len(folded) == sum(1 for stage in report.stages if stage.error_chain), stem
        callouts = [d for d in content.find_all("div") if d.has_class("admonition")]
        expected = (1 if report.warnings else 0) + sum(
            1 for stage in report.stages if stage.error_summary is not None
        )
        assert len(callouts) == expected, (docs_site.profile, stem)
        assert "!!!" not in _text_outside_code(content) or stem.startswith("lab-")
        for heading in content.find_all("h1"):
            assert heading is content.find("h1"), "a trace line became a heading"


def test_hostile_export_adds_no_element_attribute_link_or_image(
    docs_site: DocsSite, reports: dict[str, insights.Report]
) -> None:
    stem = _hostile_stem(reports)
    history = stem.split("--run-")[0] + "--history"
    for name in (stem, history, "index"):
        page = docs_site.page(name)
        for node in page.iter():
            assert not any(attr.startswith("on") for attr in node.attrs), (name, node.attrs)
            assert node.attrs.get("id") != "pwned" and not node.has_class("pwned"), name
            if node.tag == "script":
                assert "__pwned" not in _raw(node), name
            if node.tag == "title" and docs_site.profile != "mkdocs":
                assert _raw(node).startswith(reports[stem].title if name == stem else "Run ")
        content = _content(page)
        tags = {node.tag for node in content.iter()}
        assert tags <= CONTENT_TAGS, (docs_site.profile, name, tags - CONTENT_TAGS)
        page_dir = docs_site.site / ("" if name == "index" else name)
        for link in content.find_all("a"):
            href = str(link.attrs.get("href") or "")
            assert urlsplit(href).scheme == "", (name, href)
            target = urlsplit(href).path
            if target:
                resolved = (page_dir / unquote(target)).resolve()
                resolved = resolved / "index.html" if resolved.is_dir() else resolved
                assert resolved.is_file(), (name, href)


def test_no_file_of_the_build_machine_reaches_the_site(docs_site: DocsSite) -> None:
    leaked = [
        path.name
        for path in docs_site.site.rglob("*")
        if path.is_file() and CANARY.encode() in path.read_bytes()
    ]
    assert leaked == []


def _nav_sections(page: Node) -> list[tuple[str, list[tuple[str, str]]]]:
    """MkDocs' theme's navigation bar: (title, [(title, href)...]) per top-level entry."""
    bar = page.find("ul", class_="navbar-nav")
    sections = []
    for item in (c for c in bar.children if isinstance(c, Node) and c.tag == "li"):
        head = item.find("a")
        links = [(link.text, str(link.attrs["href"])) for link in item.find_all("a")[1:]]
        sections.append((head.text, links))
    return sections


def test_navigation_is_the_index_then_each_instance_with_its_runs_newest_first(
    tmp_path_factory: pytest.TempPathFactory, reports: dict[str, insights.Report]
) -> None:
    built = build_docs_site(tmp_path_factory.mktemp("nav"), "mkdocs")
    (index, links), *sections = _nav_sections(built.page("index"))
    assert (index, links) == ("Run Insights", [])
    names = [title for title, _ in sections]
    assert names == sorted(names, key=str.casefold)
    assert any(name.startswith("Lab </title><script>") for name in names)
    listed = []
    for _, entries in sections:
        (history_title, history_href), *runs = entries
        assert history_title == "Run history"
        history = _content(built.page(history_href.strip("/")))
        runs_in_history = [
            str(link.attrs["href"]).rstrip("/").rsplit("/", 1)[-1]
            for table in history.find_all("table")
            for link in table.find_all("a")
        ]
        hrefs = [href.strip("/") for _, href in runs]
        assert runs_in_history in (hrefs, []), "runs not newest first, as on the history page"
        listed += hrefs
    assert sorted(listed) == sorted(reports)


#: What a reader's pointer would do on every element: an injected handler would run.
HOVER_EVERYTHING_JS = """() => document.querySelectorAll('article *, [role=main] *').forEach(
  e => ['mouseover', 'mouseenter', 'click'].forEach(
    type => e.tagName === 'A' || e.dispatchEvent(new MouseEvent(type, {bubbles: true}))))"""


def _url(base: str, stem: str) -> str:
    return base if stem == "index" else f"{base}{stem}/"


@pytest.mark.browser
def test_hostile_pages_run_no_script_and_request_nothing_outside_the_site(
    docs_site: DocsSite, reports: dict[str, insights.Report], browser: Any
) -> None:
    stem = _hostile_stem(reports)
    outside: list[str] = []
    dialogs: list[str] = []
    with serve(docs_site.site, {}) as base:

        def route(handled: Any) -> None:
            if handled.request.url.startswith(base):
                handled.continue_()
            else:
                outside.append(handled.request.url)
                handled.abort()

        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.route("**/*", route)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for name in (stem, stem.split("--run-")[0] + "--history", "index"):
            page.goto(_url(base, name), wait_until="load")
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            page.evaluate(HOVER_EVERYTHING_JS)
            assert page.evaluate("window.__pwned") is None, name
        context.close()
    assert (outside, dialogs) == ([], [])


#: The columns a reader of the index needs first: which instance, how it went, what is open.
KEY_COLUMNS = ("Instance", "Status", "Open Problems")
VISIBLE_HEADERS_JS = """() => [...document.querySelectorAll('table')][0]
  .querySelectorAll('th').values().map(th => {
    const box = th.closest('.md-typeset__scrollwrap') || th.closest('table').parentElement;
    const outer = box.getBoundingClientRect(), cell = th.getBoundingClientRect();
    return [th.textContent.trim(),
            cell.left >= outer.left - 1 && cell.right <= Math.min(outer.right, innerWidth) + 1];
  }).toArray()"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 1920])
def test_index_key_columns_are_visible_without_scrolling(
    docs_site: DocsSite, browser: Any, width: int
) -> None:
    with serve(docs_site.site, {}) as base:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        page.goto(base, wait_until="load")
        visible = dict(page.evaluate(VISIBLE_HEADERS_JS))
        context.close()
    assert {column: visible[column] for column in KEY_COLUMNS} == dict.fromkeys(KEY_COLUMNS, True)
