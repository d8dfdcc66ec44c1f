"""Templates compiled by our code generator give the text Jinja's own generator gives.

The bundled themes' pages are pinned byte for byte by ``test_output_digests.py`` and the page
snapshots; here, a template using every construct a theme may use is rendered by both
generators, escaping is checked value by value, and an error still names its template line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import jinja2.compiler
import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import build_site, cache
from generator.errors import ThemeError
from generator.render import RenderOptions, compiled, themes
from tests.conftest import SAMPLES

#: Every kind of output a theme can make: values of many types in and out of loops, macros,
#: call blocks, set blocks, filter blocks, autoescape blocks, includes, raw text, safe markup.
KITCHEN_SINK = """\
{% macro card(title, value) -%}
<b title="{{ title }}">{{ value }}</b>{{ caller() if caller else "" }}
{%- endmacro %}
{% set block_set %}<i>{{ values.text }}</i> & {{ values.number }}{% endset %}
<h1>{{ values.text }} · {{ values.number }} · {{ values.flag }} · {{ values.none }}</h1>
<p>{{ values.real }} {{ values.big }} {{ values.markup }} {{ values.html_object }}</p>
<p>{{ values.text ~ values.number }} {{ values.text|upper }} {{ values.entries|length }}</p>
{% for item in values.entries %}<li class="{{ loop.index }}">{{ item }}{{ ", " if not loop.last }}
{% else %}none{% endfor %}
{{ card(values.text, values.number) }}
{% call card("called", values.markup) %}inside {{ values.text }}{% endcall %}
{{ block_set }} {{ values.missing | default("fallback <x>") }}
{% filter upper %}filtered {{ values.text }}{% endfilter %}
{% autoescape false %}unescaped {{ values.text }}{% endautoescape %}
{% autoescape true %}escaped {{ values.text }}{% endautoescape %}
{% include "part.j2" %}
{% raw %}{{ not a value }}{% endraw %}
{{ values.mapping.key }} {{ values.mapping["key"] }} {{ "%s|%d" % (values.text, values.number) }}
"""
PART = "part: {{ values.text }} {{ values.number * 2 }}\n"


class HtmlObject:
    def __html__(self) -> str:
        return "<em>already safe</em>"


VALUES: dict[str, Any] = {
    "text": "<script>alert('x & \"y\"')</script>",
    "number": 42,
    "flag": True,
    "none": None,
    "real": 1.5,
    "big": 10**30,
    "markup": markupsafe.Markup("<strong>safe</strong>"),
    "html_object": HtmlObject(),
    "entries": ["a<b", 7, markupsafe.Markup("<u>c</u>")],
    "mapping": {"key": "value's"},
}


def _environment(generator: type, autoescape: bool) -> jinja2.Environment:
    class Environment(jinja2.Environment):
        code_generator_class = generator

    loader = jinja2.DictLoader({"page.j2": KITCHEN_SINK, "part.j2": PART})
    finalize = None if autoescape else (lambda value: f"[{value}]")
    return Environment(loader=loader, autoescape=autoescape, finalize=finalize, trim_blocks=True)


@pytest.mark.parametrize("autoescape", [True, False], ids=["html", "markdown"])
def test_every_construct_renders_as_jinja_renders_it(autoescape: bool) -> None:
    ours = _environment(compiled.CodeGenerator, autoescape).get_template("page.j2")
    jinjas = _environment(jinja2.compiler.CodeGenerator, autoescape).get_template("page.j2")
    text = ours.render(values=VALUES)
    assert text == jinjas.render(values=VALUES)
    if autoescape:  # escaped everywhere but inside ``{% autoescape false %}``
        assert text.count("<script>") == 1 and "&lt;script&gt;alert(&#39;x &amp;" in text
    else:  # every value went through ``finalize``
        assert "[42]" in text and "[None]" in text


@given(
    st.one_of(
        st.text(),
        st.integers(),
        st.booleans(),
        st.floats(allow_nan=False),
        st.none(),
        st.text().map(markupsafe.Markup),
    )
)
def test_escaping_a_value_gives_markupsafes_text(value: object) -> None:
    assert str(compiled.escape_output(value)) == str(markupsafe.escape(value))


def test_an_object_with_its_own_html_is_not_escaped_again() -> None:
    assert compiled.escape_output(HtmlObject()) == "<em>already safe</em>"


def test_an_error_in_a_run_of_values_names_its_own_line(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "report.html.j2").write_text(
        "<p>{{ report.title }}\n and {{ report.title }},\n then {{ report.no_such_field }}</p>\n",
        encoding="utf-8",
    )
    with pytest.raises(ThemeError) as caught:
        build_site(
            [str(SAMPLES / "03-zabbix-full-sync-completed-clean.json")],
            tmp_path / "out",
            RenderOptions(theme=str(theme), formats=("html",)),
            list_written=False,
        )
    assert (caught.value.template, caught.value.line) == ("report.html.j2", 3)


def test_compiled_code_is_cached_under_the_generators_own_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    cache.template_cache.cache_clear()
    themes.environment.cache_clear()
    try:
        themes.environment("default", "html").get_template("report.html.j2")
    finally:  # the other tests get the caches of their own settings back
        cache.template_cache.cache_clear()
        themes.environment.cache_clear()
    names = [path.name for path in (tmp_path / "templates").iterdir()]
    assert names and all(themes.code_version() in name for name in names)
