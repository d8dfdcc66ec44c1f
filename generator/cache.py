"""Where compiled templates are kept between runs, so a process does not compile them again.

Jinja compiles each template to Python bytecode; kept in the user's cache folder
(``$RUN_INSIGHTS_CACHE``, else ``$XDG_CACHE_HOME/run-insights``, else
``~/.cache/run-insights``), a second run of any command, and every worker of a build, loads
them instead.  Jinja keys each entry by the template's source, so an edited theme is compiled
again; ``RUN_INSIGHTS_CACHE=off`` turns the cache off, and a folder that cannot be made just
means no cache.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import jinja2

ENV = "RUN_INSIGHTS_CACHE"
OFF = "off"


def cache_folder() -> Path | None:
    """The tool's cache folder (None: turned off)."""
    chosen = os.environ.get(ENV)
    if chosen == OFF:
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "run-insights"


@lru_cache(maxsize=4)
def template_cache(code_version: str) -> jinja2.BytecodeCache | None:
    """Jinja's bytecode cache in :func:`cache_folder`, or None when there is none to use.

    ``code_version`` names the code generator: its files are kept apart from any other's."""
    folder = cache_folder()
    if folder is None:
        return None
    templates = folder / "templates"
    try:
        templates.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(templates), f"__jinja2_{code_version}_%s.cache")
