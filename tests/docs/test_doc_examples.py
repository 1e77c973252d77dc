"""Runs every example in docs/ and checks it prints exactly what the page says.

An example is a ```python block immediately followed by a ```text block: the
program is run in a fresh interpreter and its stdout must equal the text block.
Runnable files under docs/examples/ carry their expected output in a trailing
``# Output:`` comment block and are checked the same way.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
_BLOCK = re.compile(r"```python\n(?P<code>.*?)```\s*\n```text\n(?P<out>.*?)```", re.S)

# structlog's default logger prints to stdout; an application decides where logs
# go, so the examples run as an application that sends them to stderr.
_PRELUDE = (
    "import logging, sys, structlog\n"
    "structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))\n"
)


def _doc_examples() -> list[tuple[str, str, str]]:
    found = []
    for page in [DOCS.parent / "README.md", *sorted(DOCS.glob("*.md"))]:
        for i, m in enumerate(_BLOCK.finditer(page.read_text())):
            found.append((f"{page.name}#{i + 1}", m["code"], m["out"]))
    return found


def _file_examples() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted((DOCS / "examples").glob("*.py")):
        text = path.read_text()
        _head, sep, tail = text.partition("\n# Output:\n")
        if not sep:
            continue
        out = "".join(line[2:] + "\n" for line in tail.splitlines() if line.startswith("# "))
        found.append((f"examples/{path.name}", "", out))
    return found


EXAMPLES = _doc_examples() + _file_examples()


def test_docs_have_examples() -> None:
    names = {name.split("#")[0] for name, _, _ in EXAMPLES}
    assert "process.md" in names
    assert "README.md" in names
    assert "examples/demo.py" in names


@pytest.mark.parametrize(("name", "code", "expected"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_example_prints_what_the_docs_say(name: str, code: str, expected: str) -> None:
    # a file under docs/examples/ runs as it is (it is an application); a page's
    # block runs after the prelude that routes logs to stderr
    argv = [sys.executable, "-c", _PRELUDE + code] if code else [sys.executable, str(DOCS / name)]
    proc = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=DOCS.parent,
    )
    assert proc.returncode == 0, f"{name} failed:\n{proc.stderr}"
    assert proc.stdout == expected, f"{name} printed:\n{proc.stdout}\nstderr:\n{proc.stderr}"
