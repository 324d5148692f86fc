"""Rule files parsed once are kept on disk (issue 24: a warm report paid ~75 ms of PyYAML).

What is read back must be what parsing gives (values and lines); a refusal is never kept; a
damaged row, or one holding anything but plain data, is a miss and never runs code.
"""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest
from must_not_run import Touch

from checker.core import keptyaml
from checker.core.errors import RuleError
from checker.core.kvcache import KVCache
from checker.rules import yamlsource

ROOT = Path(__file__).resolve().parents[1]
RULE_FILES = sorted((ROOT / "rules").glob("*.yaml"))


@pytest.fixture
def disk(tmp_path, monkeypatch):
    cache = KVCache(tmp_path / "yaml.sqlite", "parsed", "data", "BLOB")
    monkeypatch.setattr(keptyaml, "store", lambda: cache)
    return cache


def _no_parse(monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("parsed again")

    monkeypatch.setattr(yamlsource, "parse", refuse)


def test_every_rule_file_reads_back_as_parsed(disk, monkeypatch):
    first = {p: yamlsource.load_yaml(p) for p in RULE_FILES}
    _no_parse(monkeypatch)
    for path, (value, lines) in first.items():
        kept_value, kept_lines = yamlsource.load_yaml(path)
        assert kept_value == value
        assert type(kept_lines) is type(lines)
        assert dict(kept_lines) == dict(lines)


def test_dates_and_every_plain_type_read_back(disk, monkeypatch, tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(
        "a: 2024-01-02\nb: 2024-01-02 10:00:00+02:00\nc: [1, 2.5, true, null, .inf]\nd: {e: 'x'}\n",
        encoding="utf-8",
    )
    value, lines = yamlsource.load_yaml(path)
    _no_parse(monkeypatch)
    again, again_lines = yamlsource.load_yaml(path)
    assert again == value
    assert isinstance(again["a"], dt.date)
    assert again["b"].utcoffset() == dt.timedelta(hours=2)
    assert [type(v) for v in again["c"]] == [int, float, bool, type(None), float]
    assert again_lines.line(("d", "e")) == 4


def test_an_edited_file_is_parsed_again(disk, tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert yamlsource.load_yaml(path)[0] == {"a": 1}
    path.write_text("a: 2\n", encoding="utf-8")
    assert yamlsource.load_yaml(path)[0] == {"a": 2}


def test_a_refusal_is_never_kept(disk, tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleError, match=r"r.yaml:2 \[a\]: duplicate key"):
            yamlsource.load_yaml(path)
    assert disk.get_many([yamlsource._key(path.read_text(encoding="utf-8"))]) == {}


@pytest.mark.parametrize("kind", ["garbage", "lines not a mapping", "code"])
def test_a_damaged_or_foreign_row_is_a_miss(disk, tmp_path, kind):
    marker = tmp_path / "ran"
    blob = {
        "garbage": b"not a pickle",
        "lines not a mapping": pickle.dumps(({"a": 1}, [1, 2])),
        "code": pickle.dumps(({"a": Touch(marker)}, {})),
    }[kind]
    path = tmp_path / "r.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    disk.put_many([(yamlsource._key(path.read_text(encoding="utf-8")), blob)])
    value, lines = yamlsource.load_yaml(path)
    assert value == {"a": 1}
    assert lines.line(("a",)) == 1
    assert not marker.exists()


# --------------------------------------------------------------------------- language files

LANGUAGE_FILES = sorted((ROOT / "checker" / "lang").rglob("*.yaml"))


@pytest.mark.parametrize("loader", ["CSafeLoader", "CBaseLoader"])
def test_every_language_file_reads_back_as_pyyaml_parses_it(disk, monkeypatch, loader):
    import yaml

    from checker import lang

    assert len(LANGUAGE_FILES) > 10
    texts = {p: p.read_text("utf-8") for p in LANGUAGE_FILES}
    first = {p: lang.read_yaml(t, loader) for p, t in texts.items()}
    for path, text in texts.items():
        assert first[path] == yaml.load(text, Loader=getattr(yaml, loader)), path

    def refuse(*_a):
        raise AssertionError("parsed again")

    monkeypatch.setattr(lang, "_parse", refuse)
    for path, text in texts.items():
        assert lang.read_yaml(text, loader) == first[path]


def test_a_language_file_under_another_loader_is_another_row(disk):
    from checker import lang

    assert lang.read_yaml("a: 1\nb: on\n", "CSafeLoader") == {"a": 1, "b": True}
    assert lang.read_yaml("a: 1\nb: on\n", "CBaseLoader") == {"a": "1", "b": "on"}


def test_a_damaged_or_foreign_language_row_is_a_miss(disk, tmp_path):
    from checker import lang

    marker = tmp_path / "ran"
    text = "a: 1\n"
    row = keptyaml.key(lang._version("CSafeLoader"), text)
    for blob in (b"not a pickle", pickle.dumps(Touch(marker))):
        disk.put_many([(row, blob)])
        assert lang.read_yaml(text, "CSafeLoader") == {"a": 1}
    assert not marker.exists()


def test_not_allowed_is_pyyamls_own_set_on_every_code_point():
    import yaml.reader

    from checker.core.safeyaml import NOT_ALLOWED

    every = "".join(map(chr, range(0x110000)))
    ours = [m.start() for m in NOT_ALLOWED.finditer(every)]
    assert ours == [m.start() for m in yaml.reader.Reader.NON_PRINTABLE.finditer(every)]
    assert len(ours) == 2_111
