"""Issue 23, item 1: every YAML text checker reads goes through one reader (safeyaml).

One character PyYAML refuses (C0 controls but tab and line breaks, DEL, C1 controls but NEL,
U+FFFE, U+FFFF) in front matter, a rule file, ``_settings.yaml`` or ``checker.yaml`` ended
``report``, ``index`` (``--workers`` too) in a ``ReaderError`` traceback, and the desk in a
500: the loader was built outside the reader's guard. Now it is one line naming the file, line
and column (exit 2; 400 from the desk); in an article's title (and other text fields) the
character is read as a space instead, so a title pasted from a CMS still reads.

Everything here fails before a model loads (a rule pack at load, a configuration at read, a
draft at read), so the whole module is in the fast tier.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from checker import api
from checker.cli import main
from checker.core.errors import CheckerError
from checker.web import Desk, create_app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

#: One character of each class PyYAML's reader refuses, and how the error names it.
CHARS = {
    "\x01": "control character U+0001",  # U+0001-0008
    "\x08": "control character U+0008",
    "\x0b": "control character U+000B",  # vertical tab: CMS text carries it
    "\x0c": "control character U+000C",  # form feed: likewise
    "\x0e": "control character U+000E",  # U+000E-001F
    "\x1f": "control character U+001F",
    "\x7f": "control character U+007F",  # DEL
    "\x80": "control character U+0080",  # C1, U+0080-009F but U+0085
    "\x9f": "control character U+009F",
    "\ufffe": "noncharacter U+FFFE",
    "\uffff": "noncharacter U+FFFF",
}
chars = pytest.mark.parametrize("char", list(CHARS), ids=[f"U+{ord(c):04X}" for c in CHARS])

BODY = "On Monday 3 people were counted in the square.\n"


def run_main(capsys, *argv) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return info.value.code, out, err


def refused(path: Path | str, line: int, char: str, column: int, what: str = "YAML", at=""):
    """The one line the CLI prints for ``char`` at ``path:line``, column ``column``."""
    return (
        f"checker: error: {path}:{line}: {at}{CHARS[char]} at column {column}, "
        f"which {what} does not allow: delete it\n"
    )


# --------------------------------------------------------------------------- front matter


def front_matter(char: str, *, in_title: bool = False) -> str:
    title = f"Blinken{char} returns" if in_title else "Blinken returns"
    date = "2024-10-25" if in_title else f"2024-10-{char}25"
    return f"---\ntitle: {title}\ndate: {date}\n---\n{BODY}"


@chars
@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_a_control_character_in_a_front_matter_date_is_one_line(tmp_path, capsys, char, suffix):
    draft = tmp_path / f"draft{suffix}"
    draft.write_text(front_matter(char), encoding="utf-8")
    code, out, err = run_main(capsys, "report", draft)
    assert (code, out) == (2, "")
    assert err == refused(draft, 3, char, 15, at="front matter: ")


@chars
@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_a_control_character_in_a_title_is_read_as_a_space(char, suffix):
    doc = api.read_draft(front_matter(char, in_title=True).encode(), f"draft{suffix}")
    assert doc.title == "Blinken  returns"  # one character for one
    assert str(doc.date) == "2024-10-25"


def test_a_control_character_written_escaped_in_a_title_or_outlet_is_a_space():
    text = '---\ntitle: "a\\vb\\fc\\x85d\\x9fe"\noutlet: "f\\tg\\nh"\n---\n' + BODY
    doc = api.read_draft(text.encode(), "draft.md")
    assert (doc.title, doc.outlet) == ("a b c d e", "f g h")


def test_control_characters_in_keys_checker_ignores_are_spaces_in_dismissed_refused():
    text = "---\nsummary: from the\x0bCMS\x0c\ntitle: t\n---\n" + BODY
    assert api.read_draft(text.encode(), "draft.md").title == "t"
    text = (
        '---\ndismissed:\n  - {rule: conflict, figure: "3", reason: "same\x0bcount"}\n---\n' + BODY
    )
    with pytest.raises(CheckerError) as info:
        api.read_draft(text.encode(), "draft.md")
    assert str(info.value) == (
        "draft.md:3: front matter: control character U+000B at column 48, "
        "which YAML does not allow: delete it"
    )


def test_index_with_workers_is_one_line(tmp_path, capsys):
    draft = tmp_path / "draft.md"
    draft.write_text(front_matter("\x0c"), encoding="utf-8")
    store = tmp_path / "store.sqlite"
    code, out, err = run_main(capsys, "index", draft, "--store", store, "--workers", "2")
    assert code == 2
    assert err.endswith(refused(draft, 3, "\x0c", 15, at="front matter: "))
    assert "Traceback" not in err and err.count("checker: error:") == 1


def test_index_is_one_line(tmp_path, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text(front_matter("\x0b"), encoding="utf-8")
    code, out, err = run_main(capsys, "index", draft, "--store", tmp_path / "store.sqlite")
    assert code == 2
    assert err.endswith(refused(draft, 3, "\x0b", 15, at="front matter: "))


# --------------------------------------------------------------------------- the desk


@pytest.fixture
def client(tmp_path):
    (tmp_path / "drafts").mkdir()
    desk = Desk(store=tmp_path / "store.sqlite", folder=tmp_path, warm=False)
    with TestClient(create_app(desk), base_url="http://127.0.0.1:8700") as c:
        yield c


@chars
def test_the_desk_answers_400_with_one_line(client, tmp_path, char):
    r = client.post("/api/check?name=draft.md", content=front_matter(char).encode())
    assert r.status_code == 400
    message = refused("draft.md", 3, char, 15, at="front matter: ")
    assert r.json() == {"error": message.removeprefix("checker: error: ").removesuffix("\n")}
    (tmp_path / "drafts" / "d.txt").write_text(front_matter(char), encoding="utf-8")
    r = client.get("/api/file?path=drafts/d.txt")
    assert r.status_code == 400
    assert "\n" not in r.json()["error"] and "at column 15" in r.json()["error"]


def test_the_desk_dismiss_answers_400(client):
    text = front_matter("\x0b")
    r = client.post(
        "/api/dismiss",
        json={"text": text, "name": "d.md", "rule": "conflict", "start": len(text) - 40,
              "end": len(text) - 39, "reason": "ok"},
    )  # fmt: skip
    assert r.status_code == 400
    assert "U+000B at column 15" in r.json()["error"]


# --------------------------------------------------------------------------- rule packs


@chars
def test_a_control_character_in_a_rule_file_is_one_line(tmp_path, capsys, char):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    rule = rules / "conflict.yaml"
    lines = rule.read_text(encoding="utf-8").split("\n")
    assert lines[2].startswith("title: Two ")
    lines[2] = lines[2].replace("Two ", f"Two{char} ", 1)
    rule.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run_main(capsys, "rules", "--rules", rules)
    assert (code, out) == (2, "")
    assert err == refused(rule, 3, char, 11)


@chars
def test_a_control_character_in_settings_yaml_is_one_line(tmp_path, capsys, char):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    settings = rules / "_settings.yaml"
    text = settings.read_text(encoding="utf-8")
    assert text.startswith("# ")
    settings.write_text(f"#{char}{text[1:]}", encoding="utf-8")  # a comment: refused too
    code, out, err = run_main(capsys, "report", "--rules", rules, SEEDS)
    assert (code, out) == (2, "")
    assert err == refused(settings, 1, char, 2)


# --------------------------------------------------------------------------- configuration


@chars
def test_a_control_character_in_checker_yaml_is_one_line(tmp_path, capsys, char):
    config = tmp_path / "checker.yaml"
    config.write_text(f"disable: [single-source]\nfail_on: warn{char}ing\n", encoding="utf-8")
    code, out, err = run_main(capsys, "report", "--config", config, SEEDS)
    assert (code, out) == (2, "")
    assert err == refused(config, 2, char, 14)


# A fuzz through the desk: control characters anywhere in a pasted draft (front matter keys,
# values, the title, the body) never make the desk answer 500 or an error of several lines.
_PIECES = ["---\n", "title: ", "date: 2024-03-01", "outlet: ", "language: en", "\n", "x: ",
           '"', "'", ": ", "- ", "# ", "<!-- checker: ignore -->", "3 people", "12,500 ",
           "Hamas holds 240 hostages. ", "On Monday "]  # fmt: skip


@pytest.mark.model
def test_a_fuzz_of_control_characters_through_the_desk(client):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    piece = st.one_of(st.sampled_from(_PIECES), st.sampled_from(list(CHARS) + ["\x00", "\r"]))

    seen = set()

    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(st.lists(piece, min_size=1, max_size=14), st.sampled_from(["d.md", "d.txt"]))
    def posted(parts, name):
        r = client.post(f"/api/check?name={name}", content="".join(parts).encode())
        assert r.status_code in (200, 400), (r.status_code, r.text[:300])
        seen.add(r.status_code)
        if r.status_code == 400:
            error = r.json()["error"]
            assert error and "\n" not in error and "Traceback" not in error

    posted()
    assert seen == {200, 400}  # both a check and a refusal were reached
