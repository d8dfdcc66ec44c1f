"""Helpers for pages opened in a real browser: offline loading, colours as rendered, contrast."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TONES = ("sky", "violet", "indigo", "red", "teal", "amber", "neutral")
SCHEMES = ("light", "dark")
WCAG_AA_TEXT = 4.5


@dataclass
class PageLog:
    """What a page did while loading: every request it tried and every console error."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def watch(page: Any, allow: tuple[str, ...] = ()) -> PageLog:
    """Record console errors and every request; let only documents and ``allow`` URLs through."""
    log = PageLog()

    def route(handled: Any) -> None:
        request = handled.request
        log.requests.append(request.url)
        if request.is_navigation_request() or request.url in allow:
            handled.continue_()
        else:
            handled.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: log.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log.errors.append(str(exc)))
    return log


def open_page(page: Any, log: PageLog, url: str) -> None:
    """Navigate and start a fresh record for this page."""
    log.requests.clear()
    log.errors.clear()
    page.goto(url, wait_until="load")


@contextmanager
def serve(folder: Path, headers: dict[str, str]) -> Iterator[str]:
    """Serve ``folder`` over HTTP on localhost with extra response headers; yields the base URL."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: one connection for a page and its stylesheet

        def end_headers(self) -> None:
            for name, value in headers.items():
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


#: Resolves each tone's tokens to computed colours with a probe element (CSSOM, not markup).
TOKENS_JS = """tones => {
  const probe = document.createElement('div');
  document.body.append(probe);
  const out = {};
  const read = name => {
    probe.style.setProperty('color', `var(${name})`);
    return getComputedStyle(probe).color;
  };
  for (const tone of tones) {
    out[tone] = {fg: read(`--tone-${tone}`), bg: read(`--tone-${tone}-bg`)};
  }
  out.text = read('--text');
  out.muted = read('--muted');
  probe.remove();
  return out;
}"""


def rgb(color: str) -> tuple[float, float, float]:
    """``rgb(r, g, b)`` or ``rgba(r, g, b, 1)`` as three 0-255 numbers."""
    match = re.fullmatch(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)", color)
    assert match, f"not an opaque computed colour: {color!r}"
    assert match.group(4) in (None, "1"), f"translucent colour: {color!r}"
    return float(match.group(1)), float(match.group(2)), float(match.group(3))


def _luminance(color: str) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two computed colours (1 to 21)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# --- What a reader sees: words kept whole, nothing on top of something else --------------------

#: A whitespace-separated token up to this long (a status, a driver, a run number, a timestamp,
#: a metric key) must sit on one line, except right after a hyphen or a slash (a hyphenated name,
#: a URL; never in a timestamp); longer ones (JSON one-liners, URLs, paths) may wrap.
SHORT_TOKEN = 32

#: Every short token whose text range (``Range.getClientRects``) spans more than one line,
#: as ``"token" in <tag class>``.  Measures the laid-out text, not the scroll width.
BROKEN_WORDS_JS = r"""limit => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  // A hyphenated name may wrap after a hyphen and a URL or path after a slash, as in print;
  // a timestamp never wraps.
  const breaksAfterHyphen = (node, start, token) => {
    if (/^\d{4}-\d\d-\d\d/.test(token)) return false;
    const part = document.createRange();
    let top = null;
    for (let i = 0; i < token.length; i++) {
      part.setStart(node, start + i);
      part.setEnd(node, start + i + 1);
      const rect = part.getBoundingClientRect();
      if (top === null) top = rect.top;
      else if (Math.abs(rect.top - top) > 1) {
        if (!'-/'.includes(token[i - 1])) return false;
        top = rect.top;
      }
    }
    return true;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\S+/g)) {
      if (match[0].length > limit) continue;
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
      if (rects.length < 2) continue;
      const first = rects[0];
      if (!rects.some(r => r.top >= first.bottom - 1 || r.bottom <= first.top + 1)) continue;
      if (breaksAfterHyphen(node, match.index, match[0])) continue;
      {
        const parent = node.parentElement;
        const where = parent.tagName.toLowerCase();
        const kind = parent.className.baseVal ?? parent.className;
        broken.push(`"${match[0]}" in <${where} class="${kind}">`);
      }
    }
  }
  return broken;
}"""

#: Pairs of neighbouring boxes (same parent) that cover each other, and boxes whose content
#: spills out sideways without a scroll bar of their own.
OVERLAPS_JS = """selector => {
  const found = [];
  const name = e => {
    const tag = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '');
    return `<${tag} class="${e.className.baseVal ?? e.className}">`;
  };
  const boxes = [...document.querySelectorAll(selector)].filter(e => e.checkVisibility());
  const byParent = new Map();
  for (const e of boxes) {
    const siblings = byParent.get(e.parentElement) ?? [];
    siblings.push(e);
    byParent.set(e.parentElement, siblings);
    if (e instanceof SVGElement) {
      const own = e.getBoundingClientRect(), chart = e.ownerSVGElement.getBoundingClientRect();
      if (own.left < chart.left - 1 || own.right > chart.right + 1 || own.top < chart.top - 1
          || own.bottom > chart.bottom + 1) found.push(`${name(e)} spills out of its chart`);
      continue;
    }
    const style = getComputedStyle(e);
    const scrolls = ['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX);
    if (!scrolls && e.scrollWidth > e.clientWidth + 1 && style.display !== 'inline') {
      found.push(`${name(e)} spills over its box by ${e.scrollWidth - e.clientWidth}px`);
    }
  }
  for (const siblings of byParent.values()) {
    const rects = siblings.map(e => e.getBoundingClientRect());
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i], b = rects[j];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) found.push(`${name(siblings[i])} overlaps ${name(siblings[j])}`);
      }
    }
  }
  return found;
}"""

#: The boxes a reader tells apart: cards, stage cards and their parts, facts, table cells,
#: badges, legend entries and the labels inside the trend chart.
BOXES = (
    ".card, .card > *, .stage, .stage-head > *, .stage-body > *, .grid > div, .facts > div,"
    " .advice-item, th, td, .badge, .trend-legend > li, .trend svg text, .pagination > *"
)
