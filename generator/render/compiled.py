"""The Python code templates compile to: Jinja's, with cheaper output, for the same text.

Jinja compiles each template to a generator that yields every piece of the page, and escapes
each interpolated value in an HTML template into a ``Markup`` object (a string subclass built
in Python) that is joined into a plain string right away.  Templates are rendered tens of
thousands of times in a site build, so :class:`CodeGenerator` changes two things in the code
it writes, and nothing in what it produces:

- the pieces of one run of template text and values are yielded as one joined string, not one
  yield each (a yield passes through every template a block is inherited through);
- a plain string or integer printed in an HTML template is escaped into a plain string;
  everything else still goes through markupsafe's ``escape``.

Tracebacks still name the template line of the failing value: each value keeps its own line
of the compiled code, which Jinja maps back to the template.  ``tests/test_compiled.py``
renders every template both ways.
"""

from __future__ import annotations

from typing import Any

import markupsafe
from jinja2 import nodes
from jinja2.compiler import CodeGenerator as JinjaCodeGenerator
from jinja2.compiler import Frame

try:  # markupsafe's own single-pass escaping of a plain string, in C
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - markupsafe without its C speedups

    def _escape_inner(text: str, /) -> str:
        return str(markupsafe.escape(text))


def escape_output(value: Any, /) -> Any:
    """``markupsafe.escape(value)`` as text for the page: a plain ``str`` when ``value`` is
    one (or an ``int``), else the ``Markup`` escape gives (``__html__``, undefined values)."""
    kind = type(value)
    if kind is str:
        return _escape_inner(value)
    if kind is int:
        return str(value)
    return markupsafe.escape(value)


class CodeGenerator(JinjaCodeGenerator):
    """Jinja's code generator, with one yield per output run and plain-string escaping."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        self.writeline(f"from {__name__} import escape_output as ri_escape_output")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("ri_escape_output(")
            if finalize.src is not None:
                self.write(finalize.src)
            return
        super()._output_child_pre(node, frame, finalize)

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        if frame.buffer is not None or frame.require_output_check:
            super().visit_Output(node, frame)
            return
        finalize = self._make_finalize()
        body: list[list[str] | nodes.Expr] = []
        for child in node.nodes:  # constants worked out now, as Jinja does
            try:
                if not (finalize.const or isinstance(child, nodes.TemplateData)):
                    raise nodes.Impossible()
                const = self._output_child_to_const(child, frame, finalize)
            except (nodes.Impossible, Exception):
                body.append(child)
                continue
            if body and isinstance(body[-1], list):
                body[-1].append(const)
            else:
                body.append([const])
        if len(body) < 2:
            super().visit_Output(node, frame)
            return
        # the pieces of one output run, joined and yielded once; each value on its own line,
        # which Jinja maps back to the template's
        self.writeline("yield ''.join((")
        self.indent()
        for item in body:
            if isinstance(item, list):
                self.writeline(self._output_const_repr(item) + ",")
                continue
            self.newline(item)
            self._output_child_pre(item, frame, finalize)
            self.visit(item, frame)
            self._output_child_post(item, frame, finalize)
            self.write(",")
        self.outdent()
        self.writeline("))")
