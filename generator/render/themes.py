"""Themes: folders of Jinja templates and a stylesheet, with a fallback to the default theme.

A user's theme may hold only the files it changes: everything else falls back to the default
theme (a Jinja ``ChoiceLoader``).  A theme's template may extend the default one by the name
``default/<template>``, and a theme's ``extra.css`` is appended to the stylesheet.  Any template
error, at compile or render time, becomes one :class:`~generator.errors.ThemeError` naming the
template and line (:func:`template_errors`).
"""

from __future__ import annotations

import base64
import hashlib
import re
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import jinja2

from generator import __version__
from generator.cache import template_cache
from generator.errors import ThemeError, UsageError
from generator.render import compiled, dialects
from generator.render.markdown import MarkdownText, markdown_code_block

FORMATS: Final = ("html", "md")
DEFAULT_THEME: Final = "default"
STYLESHEET: Final = "style.css"
EXTRA_STYLESHEET: Final = "extra.css"


def themes_root() -> Path:
    """The bundled themes: inside the installed package, or beside it in a source checkout."""
    package = Path(__file__).parent.parent
    installed = package / "themes"
    return installed if installed.is_dir() else package.parent / "themes"


def theme_folder(theme: str) -> Path:
    """A bundled theme by name, or a user's theme folder by path."""
    bundled = themes_root() / theme
    if "/" not in theme and "\\" not in theme and bundled.is_dir():
        return bundled
    folder = Path(theme)
    if folder.is_dir():
        return folder
    names = sorted(p.name for p in themes_root().iterdir() if p.is_dir())
    raise UsageError(f"theme {theme!r} not found; expected one of {', '.join(names)} or a folder")


_OBJECT_NAME = re.compile(r"'(?:[A-Za-z_][\w]*\.)*([A-Za-z_]\w*) object'")


def _template_place(exc: BaseException) -> tuple[str | None, int | None]:
    """The template and line an error happened at: Jinja's own, else the last template frame."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.name or exc.filename, exc.lineno
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return Path(frame.filename).name, frame.lineno
    return None, None


@contextmanager
def template_errors(theme: str) -> Iterator[None]:
    """Turns any template error inside into a :class:`ThemeError` naming template and line."""
    try:
        yield
    except jinja2.TemplateError as exc:
        template, line = _template_place(exc)
        reason = exc.message or type(exc).__name__
        reason = " ".join(_OBJECT_NAME.sub(r"\1", reason).split())
        raise ThemeError(theme, template, line, reason) from None


def _loader(theme: str) -> jinja2.BaseLoader:
    default = jinja2.FileSystemLoader(str(themes_root() / DEFAULT_THEME))
    folders = list(dict.fromkeys([theme_folder(theme), themes_root() / DEFAULT_THEME]))
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({DEFAULT_THEME: default})]
    loaders += [jinja2.FileSystemLoader(str(folder)) for folder in folders]
    return jinja2.ChoiceLoader(loaders)


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the code generator's own source: part of the bytecode cache's file names,
    so code compiled by any other version of it is never loaded."""
    return hashlib.sha256(Path(compiled.__file__).read_bytes()).hexdigest()[:16]


class _Environment(jinja2.Environment):
    """Jinja's environment, compiling templates with :class:`compiled.CodeGenerator`."""

    code_generator_class = compiled.CodeGenerator


@lru_cache(maxsize=32)
def environment(
    theme: str, fmt: str, md_dialect: str = "github", md_emoji: bool = False
) -> jinja2.Environment:
    """The Jinja environment of one theme and format (and Markdown dialect), cached."""
    options: dict[str, Any] = {
        "loader": _loader(theme),
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        # templates are read once per process: no stat of every template on every render
        "auto_reload": False,
        "bytecode_cache": template_cache(code_version()),
    }
    if fmt == "html":
        env = _Environment(autoescape=True, **options)
    elif fmt == "md":
        if md_dialect not in dialects.DIALECTS:
            expected = ", ".join(dialects.DIALECTS)
            raise UsageError(f"unknown Markdown dialect {md_dialect!r}; expected one of {expected}")
        finalize = dialects.escaper(md_dialect)
        env = _Environment(autoescape=False, finalize=finalize, **options)
        env.filters["code_block"] = markdown_code_block
        env.filters["raw"] = MarkdownText
        env.filters.update(dialects.filters(md_dialect, md_emoji))
        env.globals["md_dialect"] = md_dialect
        env.globals["md_docs_site"] = md_dialect in dialects.PYTHON_MARKDOWN
    else:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    env.globals["version"] = __version__
    return env


@lru_cache(maxsize=16)
def stylesheet(theme: str) -> str:
    """The theme's ``style.css`` (else the default one), then the theme's ``extra.css`` if any."""
    env = environment(theme, "html")
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, STYLESHEET)
    extra = theme_folder(theme) / EXTRA_STYLESHEET
    if extra.is_file():
        source = source.rstrip("\n") + "\n" + extra.read_text(encoding="utf-8")
    return source


@lru_cache(maxsize=16)
def style_hash(css: str) -> str:
    """The CSP source expression that allows exactly this inline stylesheet (worked out once
    per stylesheet, not once per page)."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(css: str) -> str:
    """No network, no script, no frames; only the page's own inline style."""
    return (
        f"default-src 'none'; style-src {style_hash(css)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


#: Strict mode: the shared stylesheet beside the page, nothing inline (Jenkins' policy allows it).
STRICT_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"
)
