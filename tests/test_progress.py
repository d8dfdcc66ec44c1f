"""Progress on standard error: a bar on a terminal, a line per tenth otherwise, none when quiet."""

from __future__ import annotations

import io

from generator.cli import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quiet_shows_nothing_and_a_terminal_gets_a_bar() -> None:
    assert type(progress.reporter(Terminal(), quiet=True)) is progress.Reporter
    assert isinstance(progress.reporter(Terminal(), quiet=False), progress.BarReporter)
    assert isinstance(progress.reporter(io.StringIO(), quiet=False), progress.LineReporter)


def test_plain_lines_at_each_tenth_and_once_at_the_end() -> None:
    stream = io.StringIO()
    with progress.reporter(stream, quiet=False) as report:
        for done in range(0, 201):
            report("writing", done, 200)
        report("writing", 200, 200)
    lines = stream.getvalue().splitlines()
    assert lines == [f"writing pages: {n * 20}/200 ({n * 10}%)" for n in range(1, 11)]


def test_the_bar_counts_to_the_total_and_closes() -> None:
    stream = Terminal()
    with progress.reporter(stream, quiet=False) as report:
        report("reading", 0, 3)
        report("reading", 3, 3)
        report("writing", 1, 2)
        report("writing", 2, 2)
    text = stream.getvalue()
    assert "reading inputs: 100%" in text and "3/3" in text
    assert "writing pages: 100%" in text and "2/2" in text
