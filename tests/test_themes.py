"""Themes: a user's folder overrides single files and falls back to the default for the rest;
the view model documented in docs/themes.md is the one templates receive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import render, render_site
from generator.errors import UsageError
from generator.exports.model import ExportedRun
from generator.render import RenderOptions
from generator.view.api import theme_api, theme_fields
from tests.conftest import ROOT
from tests.pages import parse_html

DOCS = (ROOT / "docs" / "themes.md").read_text(encoding="utf-8")
VIEW_MODEL = theme_api()
#: Every class the theme API section documents: by heading, or by qualified field names.
DOCUMENTED = set(re.findall(r"^### `(?:\w+\.)?(\w+)`", DOCS, re.M)) | set(
    re.findall(r"`([A-Z]\w+)\.\w+`", DOCS[DOCS.index("## The view model") :])
)


def _body(page: str) -> str:
    return page[page.index("<body>") :]


def _style(page: str) -> str:
    [css] = re.findall(r"<style>(.*?)</style>", page, re.S)
    return css


@pytest.fixture(scope="module")
def compact(samples: list[ExportedRun]) -> dict[str, str]:
    return render_site(samples, RenderOptions(theme="compact"))


def test_compact_theme_overrides_only_the_index_intro_and_adds_rules(
    compact: dict[str, str], site: dict[str, str]
) -> None:
    assert compact.keys() == site.keys()
    intro = parse_html(compact["index.html"]).find("header").find("p", class_="muted")
    assert intro.text == "16 instances · failed first"
    for name, page in compact.items():
        if name.endswith(".md"):
            assert page == site[name], "Markdown comes from the default theme"
        elif name != "index.html":
            assert _body(page) == _body(site[name]), "report templates come from the default"
            default_css = _style(site[name])
            assert _style(page).startswith(default_css.rstrip("\n") + "\n/* compact:")


def test_a_theme_with_only_a_stylesheet_keeps_every_template(
    tmp_path: Path, samples: list[ExportedRun], site: dict[str, str]
) -> None:
    (tmp_path / "style.css").write_text("body { color: rebeccapurple; }\n", encoding="utf-8")
    themed = render_site(samples[:3], RenderOptions(theme=str(tmp_path)))
    page = themed["index.html"]
    assert _style(page) == "body { color: rebeccapurple; }\n"
    assert render.style_hash("body { color: rebeccapurple; }\n").strip("'") in page
    name = next(n for n in themed if n.endswith(".html") and n != "index.html")
    assert _body(themed[name]) == _body(site[name])


def test_a_theme_overriding_one_template_falls_back_for_the_rest(
    tmp_path: Path, samples: list[ExportedRun], site: dict[str, str]
) -> None:
    (tmp_path / "report.md.j2").write_text("# {{ report.instance_name }}\n", encoding="utf-8")
    themed = render_site(samples, RenderOptions(theme=str(tmp_path)))
    for name, page in themed.items():
        if (name.endswith(".md") and "--run-" in name) or name.endswith("--no-runs.md"):
            assert page.startswith("# ") and page.count("\n") == 1
        else:
            assert page == site[name]


def test_a_theme_template_can_extend_the_default_one(
    tmp_path: Path, samples: list[ExportedRun]
) -> None:
    (tmp_path / "index.html.j2").write_text(
        '{% extends "default/index.html.j2" %}{% block title %}Ops · {{ super() }}{% endblock %}',
        encoding="utf-8",
    )
    themed = render_site(samples[:1], RenderOptions(theme=str(tmp_path)))
    assert "<title>Ops · Run Insights</title>" in themed["index.html"]


def test_the_theme_api_documented_is_the_one_templates_receive() -> None:
    assert sorted(DOCUMENTED) == sorted(view.__name__ for view in VIEW_MODEL)


@pytest.mark.parametrize("view", VIEW_MODEL, ids=lambda view: view.__name__)
def test_every_view_model_field_is_documented(view: type) -> None:
    assert f"{view.__name__}`" in DOCS
    for name in theme_fields(view):
        qualified = f"`{view.__name__}.{name}`"
        assert f"| `{name}` |" in DOCS or re.search(rf"\| [^|\n]*{re.escape(qualified)}", DOCS), (
            name
        )


def test_bundled_themes_are_listed_when_a_theme_is_not_found() -> None:
    with pytest.raises(UsageError, match="expected one of compact, default or a folder"):
        render.theme_folder("nope")
