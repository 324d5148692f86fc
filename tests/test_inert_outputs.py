"""Inert outputs (issue 23, item 8): nothing hostile reaches a terminal or a log, and a
broken standard stream ends a run in one line (or silently) with a documented exit code.

Hostile text: a JSONL article whose id, outlet and title hold CSI (ESC [), an OSC-8 link,
a C1 CSI (U+009B), NUL, BEL and a right-to-left override. Every field of every format
passes :func:`checker.report._common.clean` (JSON escapes them instead). Broken streams are
simulated with /dev/full, a closed descriptor and a pipe whose reader went away, in a
subprocess (``checker rules`` over a one-rule folder: no model loads), and with fake streams
in this process.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_report_writers import _claim, _doc, _ev

from checker.cli import main
from checker.core.errors import one_line
from checker.core.model import Finding, Report
from checker.report import render

ROOT = Path(__file__).resolve().parents[1]

#: ESC [ 31m, an OSC-8 hyperlink (opened and closed), C1 CSI, NUL, BEL, RLO, NEL, LS.
HOSTILE = (
    "\x1b[31mred\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x9b31m c1 \x00nul \x07bel "
    "\u202eevil\x85nel\u2028ls"
)
#: What no output line may hold: C0 but tab, DEL, C1, line/paragraph separators, bidi controls.
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: The text writer's own colours (``color=True``).
OURS = re.compile(r"\x1b\[(?:0|1|2|33|36|1;31|1;33)m")


def hostile_report() -> Report:
    """Two articles of a JSONL feed whose ids, outlets, titles and paths are hostile, one
    conflict between them (so github names the second article in its message)."""
    a = _doc(
        f"feed#a{HOSTILE}",
        ["Officials said 51 people died in the blast."],
        path=f"in/feed{HOSTILE},x:y.jsonl",
        date=dt.date(2024, 3, 1),
        outlet=f"Outlet{HOSTILE}",
        title=f"Title{HOSTILE}",
        url=f"https://example.org/{HOSTILE}",
    )
    b = _doc(
        f"feed#b{HOSTILE}",
        ["Police said 60 people died in the blast."],
        path=f"in/feed{HOSTILE},x:y.jsonl",
        outlet=f"Other{HOSTILE}",
        title=f"Second{HOSTILE}",
    )
    ca, cb = (
        _claim(a, f"ca{HOSTILE}", "51", value=51.0),
        _claim(b, f"cb{HOSTILE}", "60", value=60.0),
    )
    finding = Finding(
        rule=f"numbers.conflict{HOSTILE}",
        verdict="conflict",
        level="error",
        message=f"Toll {HOSTILE} disagrees",
        evidence=(_ev(ca), _ev(cb)),
    )
    return Report(
        documents=(a, b),
        claims=(ca, cb),
        matches=(),
        findings=(finding,),
        model=f"model{HOSTILE}",
        rules=(finding.rule,),
    )


@pytest.mark.parametrize(
    ("fmt", "options"),
    [
        ("text", {}),
        ("text", {"color": True}),
        ("markdown", {}),
        ("github", {}),
        ("github", {"prefer": {f"feed#b{HOSTILE}"}}),
        ("html", {}),
        ("json", {}),
    ],
)
def test_every_format_prints_no_raw_control_or_bidi_character(fmt, options):
    out = render(hostile_report(), fmt, **options)
    shown = OURS.sub("", out) if options.get("color") else out
    assert "\x1b" not in shown
    assert not RAW.findall(shown), fmt


def test_json_holds_the_hostile_text_escaped_and_exact():
    out = render(hostile_report(), "json")
    assert not RAW.findall(out)
    data = json.loads(out)
    assert {d["id"] for d in data["documents"]} == {f"feed#a{HOSTILE}", f"feed#b{HOSTILE}"}
    assert data["documents"][0]["title"] == f"Title{HOSTILE}"


def test_github_annotations_are_one_line_each_with_escaped_properties():
    """The second article's id was printed raw in the message; the file, title and every
    other property pass clean() and GitHub's own escaping (``%``, ``:``, ``,``, line breaks)."""
    out = render(hostile_report(), "github", prefer={f"feed#b{HOSTILE}"})
    lines = out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("::error ") and not lines[1].startswith("::")
    props, message = lines[0][len("::error ") :].split("::", 1)
    names = [p.split("=", 1)[0] for p in props.split(",")]
    assert names == ["file", "line", "col", "endColumn", "title"]
    assert "feed#a" in message and "%0A" in message  # the other evidence, on its own line
    for part in (props, message):
        assert not RAW.findall(part) and "\x1b" not in part


# --------------------------------------------------------------------------- error lines


def test_one_line_escapes_c1_and_bidi_controls_too():
    assert one_line("a\x9b31mb\u202ec\u2066d\nz") == "a\\x9b31mb\\u202ec\\u2066d\\nz"


def test_an_error_message_is_one_inert_line_whatever_it_holds(capsys):
    """A store's recorded backend name reached the error raw: ``embedding_backend: x`` then
    a forged second line. Every error passes one_line where it is printed."""
    from checker.cli.app import fail

    exc = fail("s.sqlite: built with embedding backend 'x\\n', not 'torch'; set "
               "embedding_backend: x\nchecker: error: forged \x9b31m \u202e")  # fmt: skip
    assert exc.exit_code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and not RAW.findall(err.rstrip("\n"))
    assert "x\\nchecker: error: forged \\x9b31m \\u202e" in err


def test_a_hostile_backend_name_recorded_in_a_store_is_one_line(tmp_path, capsys):
    """``meta.backend`` of a store is whatever the file says; opening it for another backend
    names it in one line."""
    import sqlite3

    store = tmp_path / "s.sqlite"
    code, _out, _err = run_main(capsys, "index", tmp_path / "none", "--store", store)
    assert code == 2 and store.exists()
    with sqlite3.connect(store) as db:
        db.execute("UPDATE meta SET value=? WHERE key='backend'", ("evil\nchecker: ok\x1b[2J",))
    (tmp_path / "d.txt").write_text("Officials said 51 people died.\n", encoding="utf-8")
    code, out, err = run_main(capsys, "check", tmp_path / "d.txt", "--store", store)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "\x1b" not in err and "evil\\nchecker: ok" in err


def run_main(capsys, *argv) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return info.value.code, out, err


# --------------------------------------------------------------------------- broken streams

RULE = "kind: conflict\nlevel: error\ntitle: Figures disagree\nmessage: '{subject}'\n"


@pytest.fixture
def one_rule(tmp_path) -> Path:
    """A rules folder with one rule and no examples: ``checker rules`` prints without a model."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "r.yaml").write_text(RULE, encoding="utf-8")
    return folder


def cli(args, *, stdout=None, stderr=subprocess.PIPE, shell=None, **kw):
    """``python -m checker ARGS`` in a subprocess (``shell``: a redirection to add)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "checker", *map(str, args)]
    if shell:
        line = " ".join(f"'{c}'" for c in cmd) + " " + shell
        return subprocess.run(line, shell=True, executable="/bin/bash", stdout=stdout,
                              stderr=stderr, text=True, env=env, timeout=120, **kw)  # fmt: skip
    return subprocess.run(cmd, stdout=stdout, stderr=stderr, text=True, env=env, timeout=120, **kw)


def test_stdout_on_a_full_device_is_one_line_exit_2(one_rule):
    with open("/dev/full", "w") as full:
        proc = cli(["rules", "--rules", one_rule], stdout=full)
    assert proc.returncode == 2
    assert proc.stderr == (
        "checker: error: cannot write to standard output: No space left on device\n"
    )


def test_help_on_a_full_device_is_one_line_exit_2():
    with open("/dev/full", "w") as full:
        proc = cli(["report", "--help"], stdout=full)
    assert proc.returncode == 2
    assert proc.stderr == (
        "checker: error: cannot write to standard output: No space left on device\n"
    )


def test_a_closed_stdout_is_one_line_exit_2(one_rule):
    proc = cli(["rules", "--rules", one_rule], shell=">&-")
    assert proc.returncode == 2
    assert proc.stderr == "checker: error: cannot write to standard output: it is closed\n"


def test_a_reader_that_goes_away_ends_the_run_quietly_with_141(one_rule):
    """``checker ... | head``: nothing on stderr, exit 141 as a Unix tool killed by SIGPIPE."""
    script = (
        "import subprocess, sys\n"
        "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        "p.stdout.close()\n"  # the reader goes away before the report is written
        "err = p.stderr.read(); print(p.wait()); sys.stdout.write(err.decode())\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-c", script, sys.executable, "-m", "checker", "rules"]
    proc = subprocess.run([*cmd, "--rules", str(one_rule)], capture_output=True, text=True,
                          env=env, timeout=120)  # fmt: skip
    assert proc.stdout == "141\n"


def test_stderr_on_a_full_device_keeps_the_exit_code_and_prints_no_traceback(one_rule, tmp_path):
    """Messages that cannot be written are dropped; the run's own exit code stands."""
    with open("/dev/full", "w") as full:
        ok = cli(["rules", "--rules", one_rule], stdout=subprocess.PIPE, stderr=full)
        bad = cli(["index", tmp_path / "none", "--store", tmp_path / "s.sqlite"], stderr=full)
        usage = cli(["report", "--date", "soon", "x"], stderr=full)
    assert (ok.returncode, ok.stdout.startswith("r ")) == (0, True)
    assert (bad.returncode, usage.returncode) == (2, 2)


def test_both_streams_broken_exit_2_silently(one_rule):
    with open("/dev/full", "w") as full:
        proc = cli(["rules", "--rules", one_rule], stdout=full, stderr=full)
    assert proc.returncode == 2


class Broken(io.StringIO):
    """A stream that fails as a full disk, a closed pipe or a closed file does."""

    def __init__(self, exc: Exception) -> None:
        super().__init__()
        self.exc = exc

    def write(self, s: str) -> int:
        if s:
            raise self.exc
        return 0


@pytest.mark.parametrize(
    ("exc", "code", "message"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), 2, "No space left on device"),
        (OSError(errno.EIO, "Input/output error"), 2, "Input/output error"),
        (BrokenPipeError(errno.EPIPE, "Broken pipe"), 141, None),
        (ValueError("I/O operation on closed file."), 2, "it is closed"),
    ],
)
def test_write_stdout_on_a_broken_stream(monkeypatch, capsys, one_rule, exc, code, message):
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", Broken(exc))
    with pytest.raises(SystemExit) as info:
        main(["rules", "--rules", str(one_rule)])
    err = capsys.readouterr().err
    assert info.value.code == code
    want = f"checker: error: cannot write to standard output: {message}\n" if message else ""
    assert err == want


def test_emit_to_a_broken_stdout_is_exit_2(monkeypatch, capsys):
    from checker.cli.app import StreamBroken, emit

    monkeypatch.setattr(sys, "stdout", Broken(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(StreamBroken):
        emit("report", None, None)


# --------------------------------------------------------------------------- every command
# (these read claims: the parser and the embedding model load, in this process)

ARTICLE = (
    "Officials said {n} people were killed in the strike on the market in Gaza City on Monday."
)


@pytest.fixture
def feed(tmp_path) -> Path:
    """A JSONL feed whose ids, outlets and titles are hostile: two articles, one update."""
    rows = [
        {"id": f"{key}{HOSTILE}", "outlet": f"Outlet {key}{HOSTILE}", "title": f"T{HOSTILE}",
         "date": f"2024-03-0{day}", "text": ARTICLE.format(n=n)}
        for key, day, n in (("a", 1, 51), ("b", 2, 60))
    ]  # fmt: skip
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.model
@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--format", "text", "--color"],
        ["report", "--format", "markdown"],
        ["report", "--format", "github"],
        ["report", "--format", "html"],
        ["report", "--format", "json"],
        ["report", "--timeline"],
        ["report", "--timeline", "--format", "markdown"],
        ["report", "--timeline", "--format", "json"],
        ["claims"],
    ],
    ids=lambda a: "-".join(a),
)
def test_a_hostile_jsonl_article_through_every_format_and_command(capsys, feed, argv):
    code, out, err = run_main(capsys, *argv, feed)
    assert code in (0, 1) and err == ""
    shown = OURS.sub("", out) if "--color" in argv else out
    assert "\x1b" not in shown and not RAW.findall(shown)
    if "json" in argv:  # the exact text, read back
        assert any(HOSTILE in s for s in _strings(json.loads(out)))


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


@pytest.fixture
def indexed(tmp_path, feed, capsys) -> Path:
    store = tmp_path / "s.sqlite"
    code, _out, _err = run_main(capsys, "index", feed, "--store", store)
    assert code == 0
    return store


@pytest.mark.model
def test_index_with_a_full_stderr_indexes_and_exits_0(monkeypatch, capsys, tmp_path, feed):
    """It exited 1 (a traceback written nowhere) although the articles were stored."""
    store = tmp_path / "s.sqlite"
    monkeypatch.setattr(sys, "stderr", Broken(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(SystemExit) as info:
        main(["index", str(feed), "--store", str(store)])
    monkeypatch.undo()
    assert info.value.code == 0
    code, _out, err = run_main(capsys, "index", feed, "--store", store)
    assert code == 0 and "0 articles added" in err and ": 2 articles, 2 claims" in err


@pytest.mark.model
@pytest.mark.parametrize(
    "argv",
    [
        ["claims", "{feed}"],
        ["verify", "Officials said 51 people were killed.", "--source", "{feed}"],
        ["report", "{feed}"],
        ["check", "{feed}", "--store", "{store}", "--no-history"],
        ["track", "people killed", "--store", "{store}"],
    ],
    ids=lambda a: a[0],
)
@pytest.mark.parametrize(
    ("exc", "code", "err"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), 2, "No space left on device"),
        (BrokenPipeError(errno.EPIPE, "Broken pipe"), 141, None),
    ],
    ids=["full", "pipe"],
)
def test_every_command_on_a_broken_stdout(monkeypatch, capsys, feed, indexed, argv, exc, code, err):
    """claims, track and verify ended in a traceback on a full stdout."""
    args = [a.format(feed=feed, store=indexed) for a in argv]
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", Broken(exc))
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == code
    want = f"checker: error: cannot write to standard output: {err}\n" if err else ""
    assert capsys.readouterr().err == want


def test_the_json_cleaner_is_the_shared_set_of_control_characters_but_the_line_break():
    from checker.core.errors import CONTROL_CHARACTERS
    from checker.report.json import _CONTROL

    every = [chr(i) for i in range(0x3000)]
    shared = {ch for ch in every if re.fullmatch(CONTROL_CHARACTERS, ch)}
    assert {ch for ch in every if _CONTROL.fullmatch(ch)} == shared - {"\n"}
