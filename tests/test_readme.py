"""The README and the pages in docs/ cannot drift: their Python examples run, their commands
exist, the output they show is what the checker prints (as sqlite-utils tests its docs), and
every relative link points to a file and heading that exist."""

from __future__ import annotations

import ast
import math
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT

# The README (the front door) and every page of the site built from docs/ (mkdocs.yml).
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# docs/results.md is bench/RESULTS.md, included when the site is built (pymdownx.snippets).
_SNIPPET = re.compile(r'^--8<-- "([^"]+)"$', re.MULTILINE)


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _text(path: Path) -> str:
    """A page as the site shows it: snippet lines replaced by the file they name."""
    text = path.read_text(encoding="utf-8")
    return _SNIPPET.sub(lambda m: (ROOT / m.group(1)).read_text(encoding="utf-8"), text)


TEXTS = {_name(p): _text(p) for p in PAGES}


def _blocks(lang: str) -> list[tuple[str, str]]:
    """(page, block) for every ```lang block of the README and the docs."""
    return [
        (name, block)
        for name, text in TEXTS.items()
        for block in re.findall(rf"```{lang}\n(.*?)```", text, re.DOTALL)
    ]


def _examples(block: str) -> list[tuple[str, str | None]]:
    """(code, expected repr or None): the "# ..." lines after code are its last expression's
    value."""
    out: list[tuple[str, str | None]] = []
    code: list[str] = []
    for line in block.splitlines():
        if line.startswith("# ") and code:
            out.append(("\n".join(code), line[2:]))
            code = []
        elif line.startswith("# "):
            out[-1] = (out[-1][0], f"{out[-1][1]}\n{line[2:]}")
        else:
            code.append(line)
    if any(line.strip() for line in code):
        out.append(("\n".join(code), None))
    return out


def _run(code: str, expected: str | None, scope: dict, page: str) -> None:
    tree = ast.parse(code)
    last = tree.body.pop() if expected is not None else None
    exec(compile(tree, page, "exec"), scope)
    if last is not None:
        got = eval(compile(ast.Expression(last.value), page, "eval"), scope)
        assert repr(got) == expected, ast.unparse(last)


def _python_examples() -> list[tuple[str, str]]:
    return [(page, b) for page, b in _blocks("python") if "from checker" in b]


def test_the_python_api_example_is_still_there():
    pages = [page for page, _ in _python_examples()]
    assert pages, "the Python API example is gone from the README and docs/"


@pytest.mark.parametrize(
    ("page", "block"), _python_examples(), ids=[p for p, _ in _python_examples()]
)
@pytest.mark.model
def test_the_python_examples_give_what_the_docs_say(page, block, monkeypatch):
    monkeypatch.chdir(ROOT)
    scope: dict = {"inf": math.inf}
    for code, expected in _examples(block):
        _run(code, expected, scope, page)


def _command_lines() -> list[str]:
    blocks = [b for _, b in _blocks("text") if b.startswith("checker report PATHS")]
    assert blocks, "the Commands block (```text starting 'checker report PATHS') is gone"
    lines = [line for b in blocks for line in b.splitlines() if line.startswith("checker ")]
    return list(dict.fromkeys(lines))


@pytest.mark.parametrize("line", _command_lines())
def test_every_command_and_option_in_the_commands_section_exists(line):
    from typer.testing import CliRunner

    from checker.cli import app

    name = line.split()[1]
    result = CliRunner().invoke(app, [name, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for option in re.findall(r"(--[a-z][a-z-]*)", line.split("#")[0]):
        for form in option.split("/"):
            assert form in result.output, f"{form} not an option of `checker {name}`"


def _verify_sessions() -> list[tuple[str, list[str], str]]:
    """(page, args, output): `$ checker verify ...` lines with the output shown under each."""
    sessions = []
    for page, block in _blocks("text"):
        parts = re.split(r"^\$ (checker verify .*)$", block, flags=re.MULTILINE)
        for command, output in zip(parts[1::2], parts[2::2], strict=True):
            args = re.findall(r'"[^"]*"|\S+', command)[1:]
            sessions.append((page, [a.strip('"') for a in args], output.removeprefix("\n")))
    return sessions


def test_the_verify_sessions_are_still_there():
    assert _verify_sessions(), "the `$ checker verify` sessions are gone from README and docs/"


@pytest.mark.parametrize(
    ("page", "args", "shown"),
    _verify_sessions(),
    ids=[f"{s[0]}:{s[1][1][:30]}" for s in _verify_sessions()],
)
@pytest.mark.model
def test_verify_prints_what_the_docs_show(page, args, shown):
    run = subprocess.run(
        [sys.executable, "-m", "checker", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert run.stdout == shown


def _seeds_reports() -> list[tuple[str, str]]:
    return [(p, b) for p, b in _blocks("text") if b.startswith("Consistency report:")]


def test_the_seeds_report_is_still_shown():
    assert _seeds_reports(), "the seeds report (```text 'Consistency report:') is gone"


@pytest.mark.parametrize(("page", "block"), _seeds_reports(), ids=[p for p, _ in _seeds_reports()])
def test_the_seeds_report_shown_is_the_real_one(page, block, seeds_report):
    """The seeds report shown is trimmed with "…": every line must be in the real report,
    and the pieces of a trimmed line in one real line, in order."""
    from checker.report import render

    real = render(seeds_report, "text").splitlines()
    for line in block.splitlines():
        pieces = [p.strip() for p in line.split("…") if p.strip()]
        if not pieces:
            continue
        assert any(_in_order(pieces, r) for r in real), f"{page}: not in the seeds report: {line}"


def _in_order(pieces: list[str], line: str) -> bool:
    at = 0
    for piece in pieces:
        at = line.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True


# --- links -------------------------------------------------------------------------------

_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`[^`]*`")
_LINK = re.compile(r"!?\[[^\]]*\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _prose(text: str) -> str:
    """Markdown without its code blocks and code spans, where a link is only text."""
    return _CODE_SPAN.sub("", _FENCE.sub("", text))


def _slug(heading: str) -> str:
    """The anchor of a heading as the code host and the site make it (mkdocs.yml sets
    pymdownx.slugs.slugify with case: lower): lower case, no characters but word characters,
    hyphens and spaces, and each space a hyphen."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link: its text
    text = re.sub(r"</?[^>]*>", "", unicodedata.normalize("NFC", text)).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(text: str) -> set[str]:
    return {_slug(h) for h in _HEADING.findall(_FENCE.sub("", text))} | set(
        re.findall(r"""\b(?:id|name)=["']([^"']+)["']""", text)
    )


def _links() -> list[tuple[str, str]]:
    return [
        (name, target)
        for name, text in TEXTS.items()
        for target in _LINK.findall(_prose(text))
        if not re.match(r"[a-z][a-z0-9+.-]*:", target)  # http:, https:, mailto: ...
    ]


def test_the_docs_have_relative_links():
    """The link check below has something to check, and reads links as links."""
    assert ("README.md", "docs/matching.md") in _links()
    assert ("docs/store.md", "track-hostages.png") in _links()


@pytest.mark.parametrize(("page", "target"), _links(), ids=[f"{p}->{t}" for p, t in _links()])
def test_every_relative_link_points_to_a_file_and_heading_that_exist(page, target):
    path, _, anchor = target.partition("#")
    file = (ROOT / page).parent / path if path else ROOT / page
    assert file.exists(), f"{page}: {target}: no such file"
    assert file.resolve().is_relative_to(ROOT), f"{page}: {target}: outside the repository"
    if page.startswith("docs/"):
        # mkdocs --strict refuses a link out of docs/: the site has no such page
        assert file.resolve().is_relative_to(ROOT / "docs"), f"{page}: {target}: outside docs/"
    if anchor:
        assert file.suffix == ".md", f"{page}: {target}: an anchor into a file that is not Markdown"
        assert anchor in _anchors(_text(file)), f"{page}: {target}: no such heading"
