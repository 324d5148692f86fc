"""The editor's desk over HTTP (Starlette's test client): every route, bad input, the token.

The desk checks drafts against a store indexed from the seeds (``newsroom`` in conftest);
004 says "Hamas is holding 242 hostages", so a draft saying 250 is a conflict.
"""

from __future__ import annotations

import ast
import os
import re
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from checker.cli import app as cli_app
from checker.web import MAX_BODY, Desk, create_app, is_loopback

DRAFT = (
    "---\ntitle: Blinken returns\ndate: 2024-10-25\n---\n"
    "US Secretary of State Antony Blinken arrived in Israel on Tuesday.\n\n"
    "In addition, Hamas is holding 250 hostages. The conflict has displaced the majority "
    "of Gaza's 2.3 million residents.\n"
)
HOSTILE = (
    "---\ntitle: \"<script>document.title='pwned'</script>\"\n---\n"
    "<script>document.title='pwned'</script> Hamas is holding 250 hostages.\n"
    "<img src=x onerror=\"document.title='pwned'\"> and "
    "<a href=\"javascript:document.title='pwned'\">a link</a> "
    "</textarea><svg onload=\"document.title='pwned'\"></svg> ends here.\n"
)


@pytest.fixture(scope="module")
def desk(newsroom) -> Desk:
    return Desk(store=newsroom / ".checker" / "store.sqlite", folder=newsroom, warm=False)


@pytest.fixture(scope="module")
def client(desk) -> TestClient:
    with TestClient(create_app(desk), base_url="http://127.0.0.1:8700") as c:
        yield c


def check(client, text: str | bytes, name: str = "draft.md"):
    body = text.encode() if isinstance(text, str) else text
    return client.post(f"/api/check?name={name}", content=body)


# --------------------------------------------------------------------------- pages


def test_page_is_served_with_a_strict_policy_and_no_inline_script(client):
    r = client.get("/")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", r.text, re.S)
    assert scripts == [""], "only the static script file, nothing inline"
    assert '<script src="/static/desk.js" defer>' in r.text
    assert "archive/004_2a899e9637ba3d2e.txt" in r.text  # the folder's files to open
    assert "5 articles" in r.text


def test_static_files(client):
    js = client.get("/static/desk.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    css = client.get("/static/checker.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert ".fig.v-conflict" in css.text
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/health").text == "ok"


# --------------------------------------------------------------------------- checking


def test_a_planted_wrong_figure_is_marked_as_a_conflict_with_both_sentences(client):
    r = check(client, DRAFT)
    assert r.status_code == 200, r.text
    data = r.json()
    # marks are offsets into the text as sent (front matter included), as the page counts
    marks = {DRAFT[m["start"] : m["end"]]: m for m in data["marks"]}
    assert marks["250"]["verdict"] == "conflict" and marks["250"]["level"] == "error"
    assert marks["2.3 million"]["verdict"] == "agree"  # agrees with 000 and 001
    assert all(m["text"] == DRAFT[m["start"] : m["end"]] for m in data["marks"])
    assert data["unplaced"] == 0 and "html" not in data
    assert (data["title"], data["name"], data["date"], data["dated"]) == (
        "Blinken returns", "draft.md", "2024-10-25", True)  # fmt: skip
    # which story and which articles it was compared with
    assert data["compared"]["story"] and len(data["compared"]["articles"]) >= 1
    assert all(a["id"] and a["date"] is not None for a in data["compared"]["articles"])
    cards = client.get(f"/api/check/{data['id']}/cards")
    assert cards.status_code == 200
    assert "Hamas is holding <mark>242</mark> hostages" in cards.text  # the stored sentence
    assert "Hamas is holding <mark>250</mark> hostages" in cards.text  # the draft's
    # a newsroom's headline, the stored figure offered as the fix, a link to the check's page
    found = re.findall(r'<article class="finding-card.*?</article>', cards.text, re.S)
    conflict = next(c for c in found if 'data-verdict="conflict"' in c)
    assert "Differs from 004_2a899e9637ba3d2e" in conflict
    assert 'class="use-fix" data-fix="242">Use 242 (004_2a899e9637ba3d2e)</button>' in conflict
    assert 'href="/rules#rule-conflict"' in conflict
    # an agreement needs no silencing: only the other verdicts' cards offer "Dismiss"
    assert any('data-rule="agreement"' in card for card in found)
    for card in found:
        agrees = 'data-rule="agreement"' in card
        assert ('class="dismiss"' in card) == (not agrees and "data-sentence" in card), card[:200]
    report = client.get(f"/api/check/{data['id']}/report.json").json()
    assert report["summary"]["by_verdict"]["conflict"] >= 1
    md = client.get(f"/api/check/{data['id']}/report.md")
    assert md.headers["content-type"].startswith("text/markdown")
    assert "242" in md.text and "250" in md.text
    assert client.get(f"/api/check/{data['id']}/report.txt").status_code == 404
    assert client.get("/api/check/nope/cards").status_code == 404
    # check ids no other local process can guess (its report holds the draft's text)
    again = check(client, DRAFT).json()["id"]
    assert len(data["id"]) >= 20 and again != data["id"] and not data["id"][1:].isdigit()


def test_marks_count_as_the_page_does_past_characters_outside_the_basic_plane(client):
    """An emoji is one code point in Python and two UTF-16 units in the page: the marks must
    land on the figure in the page's count."""
    text = DRAFT.replace("In addition,", "In addition 🙂🙂,")
    data = check(client, text).json()
    units = text.encode("utf-16-le")
    shown = {units[2 * m["start"] : 2 * m["end"]].decode("utf-16-le") for m in data["marks"]}
    assert "250" in shown and "2.3 million" in shown


def test_an_undated_draft_is_checked_as_of_the_date_the_page_sends(client):
    body = DRAFT.split("---\n", 2)[2]  # no front matter: no date of its own
    data = client.post("/api/check?name=d.md&date=2024-10-26", content=body.encode()).json()
    assert (data["date"], data["dated"]) == ("2024-10-26", False)
    bad = client.post("/api/check?name=d.md&date=yesterday", content=body.encode())
    assert bad.status_code == 400 and "'yesterday' is not a date" in bad.json()["error"]


def test_the_page_can_ask_whether_the_desk_is_still_loading(newsroom, monkeypatch):
    """While the warm-up loads the models, /api/status says what it is loading and how far it
    got; once it is over, that the desk is ready (the models are held back here by a gate)."""
    import threading

    from checker import api

    gate = threading.Event()

    def slow_warm_up(store, rules, config, phase):
        phase("the sentence parser")
        gate.wait(60)

    monkeypatch.setattr(api, "warm_up", slow_warm_up)
    desk = Desk(store=newsroom / ".checker" / "store.sqlite", folder=newsroom, warm=True)
    deadline = time.monotonic() + 30
    while desk.status().get("loading") != "the sentence parser" and time.monotonic() < deadline:
        time.sleep(0.01)
    status = desk.status()
    assert status["ready"] is False and status["loading"] == "the sentence parser"
    assert (status["step"], status["steps"]) == (2, 4) and status["seconds"] >= 0
    gate.set()
    desk.worker.submit(lambda: None).result(timeout=300)  # the warm-up ran before it
    assert desk.status() == {"ready": True}


def test_the_checks_page_explains_every_rule_the_cards_link_to(client):
    page = client.get("/rules")
    assert page.status_code == 200
    for rule in ("conflict", "agreement", "update", "single-source"):
        assert f'id="rule-{rule}"' in page.text
    assert "<script" not in page.text


def test_a_check_on_the_desk_is_recorded_as_the_command_line_records_it(client, newsroom):
    import sqlite3

    def runs() -> list[tuple]:
        db = sqlite3.connect(newsroom / ".checker" / "store.sqlite")
        try:
            return db.execute("SELECT command, draft FROM run ORDER BY id").fetchall()
        finally:
            db.close()

    before = runs()
    assert check(client, DRAFT, name="history-draft.md").status_code == 200
    assert runs()[len(before) :] == [("check", "history-draft.md")]


def test_article_text_is_escaped_everywhere(client):
    r = check(client, HOSTILE)
    assert r.status_code == 200, r.text
    # the marks are JSON the page shows as text nodes; the cards are HTML rendered escaped
    assert r.headers["content-type"].startswith("application/json")
    html = client.get(f"/api/check/{r.json()['id']}/cards").text
    assert "<script" not in html and "<img" not in html and "<svg onload" not in html
    assert "javascript:" not in re.sub(r"&[^;]+;", "", "".join(re.findall(r'href="([^"]*)"', html)))
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    assert r.json()["title"] == "<script>document.title='pwned'</script>"  # shown as text


@pytest.mark.parametrize(
    ("body", "name", "status", "words"),
    [
        (b"", "draft.md", 400, "empty"),
        (b"   \n\n ", "draft.md", 400, "empty"),
        (b"\x00\x01\x02\x03binary\xff\xfe" * 50, "draft.md", 400, "binary"),
        (b"caf\xe9 with 3 people", "draft.txt", 400, "UTF-8"),
        (b"---\ntitle: [unclosed\n---\nSome 3 people.\n", "draft.md", 400, "front matter"),
        (b"---\ntitle: x\nSome 3 people.\n", "draft.md", 400, "never closed"),
        (b"Some 3 people.", "draft.jsonl", 400, ".md or .txt"),
        (b"Some 3 people.", "draft.exe", 400, "file"),
    ],
)
def test_bad_drafts_are_a_sentence_naming_the_problem(client, body, name, status, words):
    r = check(client, body, name)
    assert r.status_code == status, r.text
    assert words in r.json()["error"]


def test_a_body_over_the_limit_is_refused_with_413(client):
    r = check(client, b"x" * (MAX_BODY + 1))
    assert r.status_code == 413
    assert "5 MB limit" in r.json()["error"]

    def chunks():  # no Content-Length: counted while reading
        for _ in range(6):
            yield b"y" * 1_000_000

    r = client.post("/api/check?name=draft.md", content=chunks())
    assert r.status_code == 413, r.text


# --------------------------------------------------------------------------- files


def test_files_inside_the_folder_open_and_nothing_outside(client, newsroom, tmp_path):
    listed = client.get("/api/files").json()["files"]
    assert "archive/000_ee6634cd82070280.txt" in listed
    assert not [f for f in listed if f.startswith(".checker")]
    r = client.get("/api/file", params={"path": "archive/004_2a899e9637ba3d2e.txt"})
    assert r.status_code == 200 and "242 hostages" in r.json()["text"]
    secret = tmp_path / "secret.txt"
    secret.write_text("Nobody outside may read these 12 words.")
    for bad in ("../" * 8 + str(secret).lstrip("/"), str(secret), "/etc/passwd", "archive/../../"):
        r = client.get("/api/file", params={"path": bad})
        assert r.status_code == 403, (bad, r.text)
        assert "outside the folder" in r.json()["error"]
    link = newsroom / "drafts" / "link.txt"
    link.symlink_to(secret)
    try:
        r = client.get("/api/file", params={"path": "drafts/link.txt"})
        assert r.status_code == 403 and "12 words" not in r.text
    finally:
        link.unlink()
    assert client.get("/api/file", params={"path": "archive/nope.txt"}).status_code == 404
    assert client.get("/api/file", params={"path": ""}).status_code == 400
    assert client.get("/api/file", params={"path": "archive"}).status_code == 400


# --------------------------------------------------------------------------- indexing


def test_indexing_from_the_page_reports_progress_and_fills_the_store(newsroom, tmp_path):
    folder = tmp_path / "desk"
    (folder / "new").mkdir(parents=True)
    (folder / "new" / "a.md").write_text(
        "---\ndate: 2024-10-01\n---\nHamas is holding 101 hostages.\n"
    )
    (folder / "new" / "b.md").write_text(
        "---\ndate: 2024-10-02\n---\nAt least 40 people were killed.\n"
    )
    # links that lead outside the folder: a file and a folder; neither may be indexed
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "system.txt").write_text("The password is 4242 and 17 people know it.\n")
    (folder / "new" / "leak.txt").symlink_to(secret / "system.txt")
    (folder / "new" / "elsewhere").symlink_to(secret, target_is_directory=True)
    desk = Desk(store=folder / "s.sqlite", folder=folder, warm=False)
    with TestClient(create_app(desk), base_url="http://localhost") as c:
        assert c.post("/api/index", content=b'{"paths": ["new"]}').status_code == 415
        bad = c.post("/api/index", json={"paths": [str(newsroom / "archive")]})
        assert bad.status_code == 403
        assert c.post("/api/index", json={"paths": []}).status_code == 400
        assert c.post("/api/index", json=["new"]).status_code == 400
        r = c.post("/api/index", json={"paths": ["new"]})
        assert r.status_code == 202, r.text
        job = r.json()
        deadline = time.monotonic() + 120
        while job["state"] == "running" and time.monotonic() < deadline:
            time.sleep(0.1)
            job = c.get(f"/api/index/{job['job']}").json()
        assert job["state"] == "done", job
        assert job["done"] == job["total"] == 2
        assert "2 articles added" in job["message"]
        assert "1 file(s) left out: a link led outside" in job["message"]
        assert c.get("/api/store").json()["documents"] == 2
        leak = check(c, "The password is 4242 and 17 people know it.").json()
        assert leak["compared"]["articles"] == []
        assert "people know it" not in c.get(f"/api/check/{leak['id']}/cards").text
        # the next check sees them
        data = check(c, "Hamas is holding 101 hostages.").json()
        assert [m["verdict"] for m in data["marks"]] == ["agree"]
        assert c.get("/api/index/999").status_code == 404


def test_a_draft_too_big_for_the_desk_is_refused_at_once_and_says_where_to_go(client):
    """One editor's 4.9 MB draft of repeated figures must not hold the one worker for
    minutes while every other editor's check waits."""
    t = time.perf_counter()
    r = check(client, "Officials said 12 people died.\n" * 60_000, name="huge.md")
    assert r.status_code == 413 and time.perf_counter() - t < 5
    assert (
        "too large to check at once" in r.json()["error"] and "checker check" in r.json()["error"]
    )
    r = check(client, " ".join(f"{i} people" for i in range(2_000)), name="figures.md")
    assert r.status_code == 413 and "too many figures" in r.json()["error"]


def test_checks_beyond_the_queue_are_told_the_desk_is_busy(newsroom):
    import threading

    from checker.web.desk import MAX_WAITING, Refused

    desk = Desk(store=newsroom / ".checker" / "store.sqlite", folder=newsroom, warm=False)
    gate = threading.Event()
    held = [desk.queued(gate.wait, 30) for _ in range(MAX_WAITING)]
    with pytest.raises(Refused) as busy:
        desk.queued(lambda: None)
    assert busy.value.status == 503 and "busy" in busy.value.message
    gate.set()
    for f in held:
        f.result(timeout=30)
    time.sleep(0.05)
    assert desk.queued(lambda: 7).result(timeout=30) == 7  # room again


# --------------------------------------------------------------------------- who may ask


def test_a_token_is_checked_on_every_request(newsroom):
    desk = Desk(store=newsroom / ".checker" / "store.sqlite", folder=newsroom, token="s3cret",
                warm=False)  # fmt: skip
    with TestClient(create_app(desk), base_url="http://192.0.2.10:8700") as c:
        for path in ("/", "/static/desk.js", "/api/files", "/health"):
            r = c.get(path)
            assert r.status_code == 401, path
            assert "token" in r.json()["error"]
        assert c.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert check(c, DRAFT).status_code == 401
        assert c.get("/health", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        r = c.get("/?token=s3cret")  # the address serve prints: sets a same-site cookie
        assert r.status_code == 200
        (first,) = r.history  # ... and leaves the address bar at once
        assert first.status_code == 303 and first.headers["location"] == "/"
        assert "token" not in str(r.url)
        assert "httponly" in first.headers["set-cookie"].lower()
        assert "samesite=strict" in first.headers["set-cookie"].lower()
        r = c.get("/api/files?token=s3cret&x=1")  # other parameters are kept
        assert r.history[0].headers["location"] == "/api/files?x=1"
        assert c.get("/api/files").status_code == 200  # the cookie now
        c.cookies.clear()
        assert c.get("/api/files").status_code == 401


def test_without_a_token_only_loopback_names_and_same_origin_posts_are_answered(newsroom):
    desk = Desk(store=newsroom / ".checker" / "store.sqlite", folder=newsroom, warm=False)
    with TestClient(create_app(desk), base_url="http://evil.example:8700") as c:
        assert c.get("/health").status_code == 421  # DNS rebinding
    with TestClient(create_app(desk), base_url="http://127.0.0.1:8700") as c:
        r = c.post(
            "/api/check?name=d.md", content=b"3 people.", headers={"Origin": "http://evil.example"}
        )
        assert r.status_code == 403
        r = c.post("/api/check?name=d.md", content=b"Some 3 people came.",
                   headers={"Origin": "http://127.0.0.1:8700"})  # fmt: skip
        assert r.status_code == 200


def test_serve_refuses_another_address_without_a_token():
    r = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0"])
    assert r.exit_code == 2
    assert "--token" in r.output
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


def test_serve_refuses_a_store_that_does_not_exist_unless_told_to_create_it(tmp_path):
    """A misspelt --store would start an empty store: every draft would pass against nothing."""
    missing = tmp_path / "stroe.sqlite"
    r = CliRunner().invoke(cli_app, ["serve", "--store", str(missing), "--folder", str(tmp_path)])
    assert r.exit_code == 2 and not missing.exists()
    assert f"{missing}: no such store" in r.output and "--create" in r.output
    assert Desk(store=missing, folder=tmp_path, warm=False, create=True).store_path == missing


def test_serve_prints_an_address_a_colleague_can_open(monkeypatch):
    from checker.cli import serve as serve_module

    monkeypatch.setattr(serve_module.socket, "gethostname", lambda: "desk-3")
    monkeypatch.setattr(serve_module, "lan_address", lambda: "10.1.2.3")
    here, others = serve_module.addresses("0.0.0.0", 8700, "s3cret")
    assert "http://127.0.0.1:8700/?token=s3cret" in here
    assert "http://desk-3:8700/?token=s3cret" in others and "http://10.1.2.3:8700/" in others
    assert not any("0.0.0.0" in line for line in (here, others))
    assert serve_module.addresses("127.0.0.1", 8700, None) == [
        "the editor's desk is at http://127.0.0.1:8700/"
    ]


# --------------------------------------------------------------------------- structure


def test_the_desk_uses_the_api_and_the_report_package_only():
    """The web app is a thin layer: no store, match or coverage internals."""
    allowed = {"api", "report", "core.errors", "web"}
    folder = Path(__file__).resolve().parents[1] / "checker" / "web"
    used = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("checker")
            ):
                parts = node.module.split(".")[1:] or [node.names[0].name]
                used.add(".".join(parts[:2]) if parts[0] == "core" else parts[0])
    assert used <= allowed, used - allowed
    assert os.path.exists(folder / "static" / "desk.js")
