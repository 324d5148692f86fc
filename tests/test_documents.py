"""Reading articles from disk, front matter, JSONL, bad input, sentences, language."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.core.errors import InputError, InputWarning
from checker.core.model import Document
from checker.read.documents import (
    SUPPORTED_SUFFIXES,
    detect_language,
    document_from_text,
    read_documents,
)
from checker.read.sentences import PYSBD_MAX_CHARS, split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def check_offsets(doc_or_text: Document | str, sentences=None) -> None:
    text = doc_or_text.text if isinstance(doc_or_text, Document) else doc_or_text
    if sentences is None:
        sentences = doc_or_text.sentences if isinstance(doc_or_text, Document) else ()
    prev_end = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= prev_end
        prev_end = s.end


def texts(doc: Document) -> list[str]:
    return [s.text for s in doc.sentences]


def input_error(paths, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        read_documents(paths if isinstance(paths, list) else [paths], **kwargs)
    return info.value


# --------------------------------------------------------------------------- formats


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".markdown", ".jsonl")


def test_txt_whole_text(tmp_path):
    p = write(tmp_path / "story-1.txt", "Headline here\n\nFirst sentence. Second one.\n")
    [doc] = read_documents([p])
    assert doc.id == "story-1"
    assert doc.text == "Headline here\n\nFirst sentence. Second one.\n"
    assert doc.path == str(p)
    assert doc.line == 1
    assert doc.date is None and doc.outlet is None and doc.title is None
    assert doc.language == "en"
    assert texts(doc) == ["Headline here", "First sentence.", "Second one."]
    assert [doc.line_of(s.start) for s in doc.sentences] == [1, 3, 3]
    check_offsets(doc)


def test_default_date_applies_when_missing(tmp_path):
    p = write(tmp_path / "a.txt", "Some text here.")
    [doc] = read_documents([p], default_date=dt.date(2024, 1, 2))
    assert doc.date == dt.date(2024, 1, 2)


def test_blank_date_in_a_jsonl_row_is_no_date(tmp_path):
    p = write(
        tmp_path / "feed.jsonl",
        '{"id": "a", "date": "", "text": "Some text here."}\n'
        '{"id": "b", "date": "  ", "text": "More text."}\n',
    )
    docs = read_documents([p], default_date=dt.date(2024, 1, 2))
    assert [d.date for d in docs] == [dt.date(2024, 1, 2)] * 2


def test_accepts_str_and_path(tmp_path):
    write(tmp_path / "a.txt", "Some text here.")
    assert read_documents([str(tmp_path / "a.txt")])[0].id == "a"
    assert read_documents([tmp_path / "a.txt"])[0].id == "a"


MD = """\
---
date: 2024-10-22
outlet: Reuters
language: en
title: "Blinken in Israel: day two"
url: https://example.com/a?b=1
author: Someone
tags: [a, b]
---
# Blinken lands

He arrived on Tuesday. Talks followed.
"""


def test_markdown_front_matter(tmp_path):
    p = write(tmp_path / "blinken.md", MD)
    [doc] = read_documents([p], default_date=dt.date(2000, 1, 1))
    assert doc.id == "blinken"
    assert doc.date == dt.date(2024, 10, 22)
    assert doc.outlet == "Reuters"
    assert doc.language == "en"
    assert doc.title == "Blinken in Israel: day two"
    assert doc.url == "https://example.com/a?b=1"
    assert doc.text == "# Blinken lands\n\nHe arrived on Tuesday. Talks followed.\n"
    assert doc.line == 10
    assert texts(doc) == ["# Blinken lands", "He arrived on Tuesday.", "Talks followed."]
    lines = p.read_text(encoding="utf-8").split("\n")
    for s in doc.sentences:
        assert s.text in lines[doc.line_of(s.start) - 1]
    assert [doc.line_of(s.start) for s in doc.sentences] == [10, 12, 12]
    check_offsets(doc)


def test_markdown_suffix_and_datetime_date(tmp_path):
    p = write(
        tmp_path / "x.markdown",
        "---\ndate: 2024-10-22T23:30:00Z\nlanguage: DE-de\n---\nDer Text ist kurz.",
    )
    [doc] = read_documents([p])
    assert doc.date == dt.date(2024, 10, 22)
    assert doc.language == "de"
    assert doc.line == 5
    assert doc.text == "Der Text ist kurz."


@pytest.mark.parametrize(
    "value",
    ["2024-10-22", "'2024-10-22'", '"2024-10-22T10:00:00Z"', "2024-10-22T10:00:00+02:00"],
)
def test_front_matter_date_forms(tmp_path, value):
    p = write(tmp_path / "d.md", f"---\ndate: {value}\n---\nBody text.")
    assert read_documents([p])[0].date == dt.date(2024, 10, 22)


def test_front_matter_empty_block_and_no_date(tmp_path):
    p = write(tmp_path / "e.md", "---\n---\nBody text.")
    [doc] = read_documents([p], default_date=dt.date(2023, 5, 6))
    assert doc.date == dt.date(2023, 5, 6)
    assert doc.line == 3


def test_markdown_without_front_matter(tmp_path):
    p = write(tmp_path / "plain.md", "# Title\n\n---\n\nText after a rule.")
    [doc] = read_documents([p])
    assert doc.line == 1
    assert doc.text.startswith("# Title")


def test_txt_front_matter(tmp_path):
    p = write(tmp_path / "t.txt", "---\noutlet: AP\ndate: 2024-11-03\n---\nBody starts here.")
    [doc] = read_documents([p])
    assert doc.outlet == "AP"
    assert doc.date == dt.date(2024, 11, 3)
    assert doc.text == "Body starts here."
    assert doc.line == 5


def test_txt_unclosed_dashes_is_just_text(tmp_path):
    # Lenient for .txt: an unclosed '---' is a rule line, not front matter.
    p = write(tmp_path / "t.txt", "---\nJust an article. With a rule on top.")
    [doc] = read_documents([p])
    assert doc.line == 1
    assert doc.text.startswith("---\n")


def test_txt_first_line_not_exactly_dashes(tmp_path):
    p = write(tmp_path / "t.txt", "--- not front matter\ndate: nonsense\n---\nText.")
    [doc] = read_documents([p])
    assert doc.line == 1 and doc.date is None


def test_jsonl_ids_lines_and_metadata(tmp_path):
    rows = [
        {"id": "a1", "text": "First article. It is short.", "date": "2024-10-22", "outlet": "AP"},
        None,  # blank line
        {"text": "Second article.", "title": "T", "url": "https://x.y/z"},
        {"id": 7, "text": "Third.\nSecond line.", "date": "2024-10-23T08:00:00Z", "extra": 1},
    ]
    content = "\n".join("" if r is None else json.dumps(r) for r in rows) + "\n"
    p = write(tmp_path / "feed.jsonl", content)
    docs = read_documents([p], default_date=dt.date(2020, 1, 1))
    assert [d.id for d in docs] == ["a1", "feed:3", "7"]
    assert [d.line for d in docs] == [1, 3, 4]
    assert [d.date for d in docs] == [
        dt.date(2024, 10, 22),
        dt.date(2020, 1, 1),
        dt.date(2024, 10, 23),
    ]
    assert docs[0].outlet == "AP"
    assert docs[1].title == "T" and docs[1].url == "https://x.y/z"
    assert texts(docs[0]) == ["First article.", "It is short."]
    assert texts(docs[2]) == ["Third.", "Second line."]
    assert all(d.path == str(p) for d in docs)
    for d in docs:
        check_offsets(d)


def test_jsonl_crlf_and_unicode_line_separator(tmp_path):
    # A raw U+2028 is legal inside a JSON string: it must not split the row.
    row1 = '{"text": "One\u2028two."}'
    row2 = '{"text": "Three."}'
    p = write(tmp_path / "f.jsonl", row1 + "\r\n" + row2 + "\r\n")
    docs = read_documents([p])
    assert [d.id for d in docs] == ["f:1", "f:2"]
    assert docs[0].text == "One\u2028two."


def test_html_and_regex_content_kept_verbatim(tmp_path):
    body = 'He wrote <b>bold</b> &amp; <a href="x">a link</a>. The pattern ^\\d+(\\.\\d+)?$ [a-z]* stays.'
    p = write(tmp_path / "h.txt", body)
    [doc] = read_documents([p])
    assert doc.text == body
    assert "".join(texts(doc)).replace(" ", "") == body.replace(" ", "")
    check_offsets(doc)


def test_crlf_offsets(tmp_path):
    body = "Headline\r\n\r\nFirst sentence. Second sentence.\r\nThird line.\r\n"
    p = write(tmp_path / "crlf.txt", body)
    [doc] = read_documents([p])
    assert doc.text == body  # not normalised
    assert texts(doc) == ["Headline", "First sentence.", "Second sentence.", "Third line."]
    assert [doc.line_of(s.start) for s in doc.sentences] == [1, 3, 3, 4]
    check_offsets(doc)


def test_crlf_front_matter(tmp_path):
    p = write(tmp_path / "c.md", "---\r\ndate: 2024-10-22\r\n---\r\nBody line.\r\n")
    [doc] = read_documents([p])
    assert doc.date == dt.date(2024, 10, 22)
    assert doc.text == "Body line.\r\n"
    assert doc.line == 4


def test_utf8_bom_and_utf16(tmp_path):
    text = "---\ndate: 2024-10-22\n---\nÜber 51 Menschen wurden getötet. Das ist die Zahl.\n"
    p8 = write(tmp_path / "bom8.md", b"\xef\xbb\xbf" + text.encode("utf-8"))
    p16 = write(tmp_path / "bom16.md", text.encode("utf-16"))  # with BOM
    p16be = write(tmp_path / "bom16be.md", b"\xfe\xff" + text.encode("utf-16-be"))
    docs = read_documents([p8, p16, p16be])
    for d in docs:
        assert d.date == dt.date(2024, 10, 22)
        assert d.text == "Über 51 Menschen wurden getötet. Das ist die Zahl.\n"
        assert d.line == 4
        assert d.language == "de"
        check_offsets(d)


# --------------------------------------------------------------------------- directories and ids


def test_directory_walk_sorted_skips_hidden_and_unsupported(tmp_path):
    write(tmp_path / "b.txt", "B text.")
    write(tmp_path / "a.md", "A text.")
    write(tmp_path / "sub" / "c.txt", "C text.")
    write(tmp_path / "sub" / "deeper" / "d.jsonl", '{"text": "D text."}\n')
    write(tmp_path / "notes.pdf", "not an article")
    write(tmp_path / "README", "no suffix")
    write(tmp_path / ".hidden.txt", "hidden")
    write(tmp_path / ".git" / "x.txt", "git internals")
    write(tmp_path / ".checker" / "cache.jsonl", '{"text": "cache"}')
    write(tmp_path / "sub" / ".secret" / "e.txt", "hidden dir")
    docs = read_documents([tmp_path])
    assert [d.id for d in docs] == ["a", "b", "c", "d:1"]
    assert docs[2].path == str(tmp_path / "sub" / "c.txt")


def test_uppercase_suffix_accepted(tmp_path):
    write(tmp_path / "LOUD.TXT", "Loud text.")
    assert [d.id for d in read_documents([tmp_path])] == ["LOUD"]


def test_argument_order_and_dedup(tmp_path):
    write(tmp_path / "a.txt", "A text.")
    write(tmp_path / "b.txt", "B text.")
    docs = read_documents([tmp_path / "b.txt", tmp_path, tmp_path / "a.txt"])
    assert [d.id for d in docs] == ["b", "a"]


def test_duplicate_ids_disambiguated_by_relative_path(tmp_path):
    write(tmp_path / "x" / "story.txt", "One.")
    write(tmp_path / "y" / "story.txt", "Two.")
    write(tmp_path / "y" / "other.txt", "Three.")
    docs = read_documents([tmp_path])
    # Only the colliding ids are qualified.
    assert [d.id for d in docs] == ["x/story", "other", "y/story"]
    assert [d.text for d in docs] == ["One.", "Three.", "Two."]
    # Stable: the same input gives the same ids, whatever the argument form.
    again = read_documents([tmp_path / "y" / "story.txt", tmp_path / "x" / "story.txt"])
    assert [d.id for d in again] == ["y/story", "x/story"]


def test_duplicate_stem_same_directory_keeps_suffix(tmp_path):
    write(tmp_path / "story.txt", "One.")
    write(tmp_path / "story.md", "Two.")
    docs = read_documents([tmp_path])
    assert sorted(d.id for d in docs) == ["story.md", "story.txt"]


def test_duplicate_jsonl_row_ids_across_files(tmp_path):
    write(tmp_path / "a" / "feed.jsonl", '{"id": "s1", "text": "One."}\n{"text": "Two."}\n')
    write(tmp_path / "b" / "feed.jsonl", '{"id": "s1", "text": "Three."}\n{"text": "Four."}\n')
    docs = read_documents([tmp_path])
    assert [d.id for d in docs] == ["a/feed:s1", "a/feed:2", "b/feed:s1", "b/feed:2"]
    assert len({d.id for d in docs}) == 4


def test_duplicate_row_id_within_one_file_is_an_error(tmp_path):
    p = write(
        tmp_path / "f.jsonl", '{"id": "s1", "text": "One."}\n\n{"id": "s1", "text": "Two."}\n'
    )
    err = input_error(p)
    assert err.line == 3 and "duplicate id 's1'" in str(err) and "line 1" in str(err)


# --------------------------------------------------------------------------- bad input


def test_missing_path(tmp_path):
    err = input_error(tmp_path / "nope.txt")
    assert str(err).startswith(str(tmp_path / "nope.txt") + ": ")
    assert "no such file" in str(err)


def test_unsupported_suffix_named_explicitly(tmp_path):
    p = write(tmp_path / "article.pdf", "text")
    err = input_error(p)
    assert str(err).startswith(f"{p}: ")
    assert "unsupported file type .pdf" in str(err)


def test_directory_without_supported_files(tmp_path):
    write(tmp_path / "a.pdf", "x")
    write(tmp_path / ".git" / "b.txt", "hidden")
    err = input_error(tmp_path)
    assert str(err).startswith(f"{tmp_path}: ")
    assert "no .txt, .md, .markdown or .jsonl files" in str(err)


@pytest.mark.parametrize("content", ["", "   \n\t\n  ", "\ufeff", "\ufeff  \n"])
def test_empty_file(tmp_path, content):
    p = write(tmp_path / "empty.txt", content)
    err = input_error(p)
    assert str(err) == f"{p}: file is empty"


def test_empty_jsonl(tmp_path):
    p = write(tmp_path / "e.jsonl", "\n\n  \n")
    assert str(input_error(p)) == f"{p}: file is empty"


def test_empty_body_after_front_matter(tmp_path):
    p = write(tmp_path / "fm.md", "---\ntitle: x\n---\n\n  \n")
    err = input_error(p)
    assert err.line == 4 and "no article text" in str(err)


def test_binary_with_nul(tmp_path):
    p = write(tmp_path / "img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert str(input_error(p)) == f"{p}: looks binary, not text"


def test_utf16_without_bom(tmp_path):
    p = write(tmp_path / "u16.txt", "Some text in UTF-16.\n".encode("utf-16-le"))
    assert "UTF-16 without a byte-order mark" in str(input_error(p))


def test_binary_without_nul(tmp_path):
    data = bytes(range(0x80, 0x100)) * 8 + bytes(range(1, 9)) * 20
    p = write(tmp_path / "blob.md", data)
    assert str(input_error(p)) == f"{p}: looks binary, not text"


def test_control_characters_look_binary(tmp_path):
    p = write(tmp_path / "ctl.txt", "\x01\x02\x03\x04 text \x05\x06\x07\x08" * 20)
    assert "looks binary" in str(input_error(p))


def test_too_large(tmp_path):
    p = write(tmp_path / "big.txt", "word " * 500)
    err = input_error(p, max_bytes=1000)
    assert str(err) == f"{p}: is 2.5 KB, over the 1 KB limit"


def test_too_large_message_in_mb(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:  # sparse: no need to write 21 MB
        fh.truncate(21_000_000)
    err = input_error(p)
    assert str(err) == f"{p}: is 21 MB, over the 20 MB limit"


def test_not_utf8_reports_line_and_column(tmp_path):
    data = b"Line one.\nCaf" + b"\xe9 au lait, s'il vous pla\xeet.\n"
    p = write(tmp_path / "latin1.txt", data)
    err = input_error(p)
    assert err.path == str(p) and err.line == 2
    msg = str(err)
    assert msg.startswith(f"{p}:2: not valid UTF-8")
    assert "column 4" in msg and "0xe9" in msg and "re-save the file as UTF-8" in msg


def test_not_utf8_column_counts_characters(tmp_path):
    data = "ÄÖÜ ".encode() + b"\xff"
    p = write(tmp_path / "bad.txt", data)
    err = input_error(p)
    assert err.line == 1 and "column 5" in str(err)


def test_bad_utf16(tmp_path):
    # A lone high surrogate on line 2.
    data = b"\xff\xfe" + "ok\n".encode("utf-16-le") + b"\x00\xd8" + "x\n".encode("utf-16-le")
    p = write(tmp_path / "u16.txt", data)
    err = input_error(p)
    assert err.line == 2 and "not valid UTF-16" in str(err) and "UTF-8" in str(err)


def test_malformed_yaml_line_numbers(tmp_path):
    p = write(
        tmp_path / "bad.md",
        "---\ntitle: ok\noutlet: [unclosed\ndate: 2024-10-22\n---\nBody.",
    )
    err = input_error(p)
    assert err.path == str(p)
    assert err.line in (3, 4, 5)  # where YAML notices the unclosed flow sequence
    assert "front matter is not valid YAML" in str(err)


def test_malformed_yaml_exact_line(tmp_path):
    p = write(tmp_path / "bad.md", "---\ntitle: ok\noutlet: x\n  bad: indent\n---\nBody.")
    err = input_error(p)
    assert err.line == 4
    assert str(err).startswith(f"{p}:4: front matter is not valid YAML")


def test_front_matter_not_mapping(tmp_path):
    p = write(tmp_path / "list.md", "---\n- a\n- b\n---\nBody.")
    err = input_error(p)
    assert err.line == 2 and "mapping" in str(err) and "list" in str(err)


def test_unterminated_front_matter_markdown(tmp_path):
    p = write(tmp_path / "open.md", "---\ntitle: x\n\nBody without a closing line.")
    err = input_error(p)
    assert str(err) == f"{p}:1: front matter opened by '---' on line 1 is never closed"


@pytest.mark.parametrize("value", ["22/10/2024", "yesterday", "2024-13-45", "2024", "[2024]"])
def test_bad_front_matter_date(tmp_path, value):
    p = write(tmp_path / "d.md", f"---\ntitle: t\n\ndate: {value}\n---\nBody.")
    err = input_error(p)
    assert err.line == 4
    assert str(err).startswith(f"{p}:4: field 'date'")


def test_duplicate_key_points_at_last(tmp_path):
    p = write(tmp_path / "d.md", "---\ndate: 2024-10-22\ndate: nope\n---\nBody.")
    assert input_error(p).line == 3


def test_bad_field_type(tmp_path):
    p = write(tmp_path / "o.md", "---\noutlet:\n  name: AP\n---\nBody.")
    err = input_error(p)
    assert err.line == 2 and "field 'outlet' must be a string" in str(err)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("{not json", "row is not valid JSON"),
        ("[1, 2]", "row must be a JSON object, not a list"),
        ('"just a string"', "row must be a JSON object, not a string"),
        ('{"id": "x"}', "row has no 'text' field"),
        ('{"text": 42}', "field 'text' must be a string, not a number"),
        ('{"text": null}', "field 'text' must be a string, not null"),
        ('{"text": "   "}', "field 'text' is empty"),
        ('{"text": "Fine.", "date": "soon"}', "field 'date'"),
        ('{"text": "Fine.", "date": 20241022}', "field 'date'"),
        ('{"text": "Fine.", "id": ["a"]}', "field 'id' must be a string"),
        ('{"text": "Fine.", "title": {"a": 1}}', "field 'title' must be a string"),
    ],
)
def test_bad_jsonl_row(tmp_path, row, expected):
    good = '{"id": "ok", "text": "A good row."}'
    p = write(tmp_path / "feed.jsonl", f"{good}\n\n{row}\n{good.replace('ok', 'ok2')}\n")
    err = input_error(p)
    assert err.path == str(p) and err.line == 3
    assert str(err).startswith(f"{p}:3: {expected}")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ('{"text": "Fine.", "x": ' + "[" * 5000 + "]" * 5000 + "}", "is nested too deeply to read"),
        ('{"text": "Fine.", "x": ' + "1" * 5000 + "}", "holds a number with over 4,300 digits"),
    ],
)
def test_jsonl_rows_python_cannot_hold_are_one_line_errors(tmp_path, row, expected):
    """RecursionError and int()'s 4,300-digit limit were tracebacks."""
    p = write(tmp_path / "feed.jsonl", '{"text": "A good row."}\n' + row + "\n")
    err = input_error(p)
    assert str(err) == f"{p}:2: row {expected}"


@pytest.mark.parametrize("field", ["text", "id", "title"])
def test_jsonl_lone_surrogates_become_replacement_characters_with_one_warning(tmp_path, field):
    """'\\ud800' is valid JSON but no text UTF-8 can hold: hashing, embedding and printing
    it raised. Each becomes U+FFFD (one character: offsets hold), and the file is named
    once, with the first line affected."""
    rows = [
        {"id": "a", "text": "Officials said 51 people were killed.", "title": "T"},
        {"id": "b", "text": "Officials said 80 people were killed.", "title": "T"},
        {"id": "c", "text": "Officials said 90 people were killed.", "title": "T"},
    ]
    for row in rows[1:]:
        row[field] = row[field][:5] + "\ud800" + row[field][5:]
    p = write(tmp_path / "feed.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    with pytest.warns(InputWarning) as caught:
        docs = read_documents([p])
    assert len(caught) == 1
    assert str(caught[0].message) == (
        f"{p}:2: lone surrogates (\\ud800-\\udfff, not Unicode text) replaced with U+FFFD in "
        "2 row(s), the first on this line"
    )
    value = {"text": docs[1].text, "id": docs[1].id, "title": docs[1].title}[field]
    assert value == rows[1][field].replace("\ud800", "\ufffd")
    for doc in docs:
        (doc.text + doc.id + (doc.title or "")).encode("utf-8")


def test_front_matter_lone_surrogate_is_replaced_with_a_warning(tmp_path):
    p = write(tmp_path / "a.md", '---\ndate: 2024-10-22\ntitle: "Gaza \\ud800 toll"\n---\nBody.')
    with pytest.warns(InputWarning, match=f"^{p}:3: lone surrogates"):
        (doc,) = read_documents([p])
    assert doc.title == "Gaza \ufffd toll"


def test_surrogate_rows_check_and_render_in_every_format(tmp_path, seeds_report):
    """The whole run, not only the reader: the report is written as UTF-8 in every format."""
    from checker import check
    from checker.report import render

    rows = [
        {"id": f"x\ud800{n}", "title": "t\udc00", "text": f"Officials said {n} people \ud800 were "
         "killed in the strike on the market in Gaza City on Monday."}
        for n in (51, 80)
    ]  # fmt: skip
    p = write(tmp_path / "feed.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    with pytest.warns(InputWarning):
        report = check([p])
    for fmt in ("text", "markdown", "json", "html", "github"):
        render(report, fmt).encode("utf-8")


@pytest.mark.parametrize(
    ("front", "line", "expected"),
    [
        ("x: " + "[" * 300 + "]" * 300, 2, "front matter: nested more than 32 levels deep"),
        ("x: " + "{a: " * 300 + "1" + "}" * 300, 2, "front matter: nested more than 32 levels"),
        ("a: &a [x, x]\nb: [*a, *a]", 3, "front matter: aliases (*name) are not allowed"),
        ("n: " + "9" * 5000, 2, "front matter: a number 5,000 characters long"),
        ("title: !!python/object:os.system x", 2, "front matter: could not determine"),
    ],
)
def test_hostile_front_matter_is_a_one_line_error(tmp_path, front, line, expected):
    """Deep nesting raised RecursionError; aliases ("billion laughs") expand without bound."""
    p = write(tmp_path / "a.md", f"---\n{front}\n---\nBody.")
    err = input_error(p)
    assert str(err).startswith(f"{p}:{line}: {expected}"), str(err)
    assert "\n" not in str(err)


def test_bad_file_among_good_ones_raises(tmp_path):
    write(tmp_path / "a.txt", "Good.")
    bad = write(tmp_path / "b.txt", b"\x00\x01")
    err = input_error(tmp_path)
    assert err.path == str(bad)


def test_input_error_is_one_line(tmp_path):
    p = write(tmp_path / "bad.md", "---\na: [\n---\nBody.")
    assert "\n" not in str(input_error(p))


# --------------------------------------------------------------------------- sentences


def test_split_tricky_abbreviations():
    text = (
        "The U.S. official said talks continue. "
        "Israel’s military chief, Lt. Gen. Herzi Halevi, briefed soldiers. "
        "It was retaliation for Iran’s Oct. 1 missile attack against Israel. "
        "“We want a deal,” he said. "
        "Dr. Smith lives at No. 5 on the street. "
        "Some 2.3 million residents are displaced."
    )
    assert [s.text for s in split_sentences(text)] == [
        "The U.S. official said talks continue.",
        "Israel’s military chief, Lt. Gen. Herzi Halevi, briefed soldiers.",
        "It was retaliation for Iran’s Oct. 1 missile attack against Israel.",
        "“We want a deal,” he said.",
        "Dr. Smith lives at No. 5 on the street.",
        "Some 2.3 million residents are displaced.",
    ]
    check_offsets(text, split_sentences(text))


def test_newline_always_ends_a_sentence():
    text = "WASHINGTON (AP)\nThe headline without a period\nBody text. More text"
    assert [s.text for s in split_sentences(text)] == [
        "WASHINGTON (AP)",
        "The headline without a period",
        "Body text.",
        "More text",
    ]


def test_split_strips_whitespace_and_handles_empty():
    assert split_sentences("") == ()
    assert split_sentences(" \n\t\r\n ") == ()
    [s] = split_sentences("   padded sentence.   ")
    assert (s.start, s.end, s.text) == (3, 19, "padded sentence.")


def test_split_keeps_pysbd_placeholder_characters():
    # pysbd uses characters like ∯ and ♨ internally; text containing them must survive.
    text = "Odd ∯ symbols ♨ here. And ȸ more &ᓰ& text. Done."
    ss = split_sentences(text)
    check_offsets(text, ss)
    assert "".join(s.text for s in ss).replace(" ", "") == text.replace(" ", "")


def test_very_long_paragraph_uses_fallback_and_keeps_abbreviations():
    unit = (
        "Israel’s military chief, Lt. Gen. Herzi Halevi, spoke. "
        "The U.S. official cited Iran’s Oct. 1 missile attack. "
        "Dr. Smith counted 2.3 million people at No. 5. "
        "“We want a deal,” he said. "
    )
    text = unit * (PYSBD_MAX_CHARS // len(unit) + 5)
    assert len(text) > PYSBD_MAX_CHARS
    t0 = time.perf_counter()
    ss = split_sentences(text)
    assert time.perf_counter() - t0 < 1.0
    check_offsets(text, ss)
    assert [s.text for s in ss[:4]] == [
        "Israel’s military chief, Lt. Gen. Herzi Halevi, spoke.",
        "The U.S. official cited Iran’s Oct. 1 missile attack.",
        "Dr. Smith counted 2.3 million people at No. 5.",
        "“We want a deal,” he said.",
    ]
    assert len(ss) == 4 * (PYSBD_MAX_CHARS // len(unit) + 5)


@pytest.fixture(scope="module")
def seed_docs() -> dict[str, Document]:
    docs = read_documents([SEEDS])
    return {d.id[:3]: d for d in docs}


def test_seeds_read(seed_docs):
    assert sorted(seed_docs) == ["000", "001", "002", "003", "004"]
    for doc in seed_docs.values():
        assert doc.language == "en"
        assert len(doc.sentences) >= 10
        check_offsets(doc)
        assert doc.text == (SEEDS / f"{doc.id}.txt").read_text(encoding="utf-8")
        for s in doc.sentences:  # line_of agrees with the file
            line = doc.text.split("\n")[doc.line_of(s.start) - 1]
            assert s.text in line


def _one_containing(doc: Document, fragment: str) -> str:
    found = [s.text for s in doc.sentences if fragment in s.text]
    assert len(found) == 1, (fragment, found)
    return found[0]


def test_seed_002_lt_gen(seed_docs):
    doc = seed_docs["002"]
    s = _one_containing(doc, "Lt. Gen. Herzi Halevi")
    assert s.startswith("Israel’s military chief, Lt. Gen. Herzi Halevi, briefed soldiers")
    assert s.endswith("ground incursion.")
    # Headlines on their own line are their own sentences.
    assert "Israeli army chief: Military preparing for possible Lebanon ground operation" in texts(
        doc
    )
    _one_containing(doc, "The U.S. insists the two conflicts")


def test_seed_003_oct_1(seed_docs):
    doc = seed_docs["003"]
    s = _one_containing(doc, "Iran’s Oct. 1 missile attack")
    assert s.startswith("The escalation came after Israel began to bomb")
    assert s.endswith("missile attack against Israel.")
    assert not any(t.endswith("Oct.") for t in texts(doc))


def test_seed_000_and_001_numbers_and_us(seed_docs):
    s = _one_containing(seed_docs["000"], "2.3 million residents")
    assert s.startswith("The State Department added") and s.endswith("hunger crisis.")
    s = _one_containing(seed_docs["001"], "2.3 million residents")
    assert s.startswith("The conflict, which has severely damaged Gaza")
    s = _one_containing(seed_docs["001"], "U.S. Secretary of State Antony Blinken arrived")
    assert s.endswith("in Lebanon.")


def test_seed_004_quotes(seed_docs):
    doc = seed_docs["004"]
    assert "In addition, Hamas is holding 242 hostages." in texts(doc)
    s = _one_containing(doc, "“That is what we are looking at,” Kirby said")
    assert s.endswith("certain goals.")
    assert "Each pause will require negotiation and diplomacy, Kirby stated." in texts(doc)


_WORDS = st.sampled_from(
    [
        "the", "U.S.", "Dr.", "No.", "Oct.", "1", "2.3", "million", "said", "Halevi", "Lt.",
        "Gen.", "A", "b.", "e.g.", "“", "”", '"', "'", "(", ")", "[", "]", "<p>", "&amp;",
        "\\d+", "*", "—", "-", "…", "∯", "♨", "Über", "día",
    ]
)  # fmt: skip
_PUNCT = st.sampled_from([".", "!", "?", ",", ";", ":", "...", ".”", '?"', ""])
_SEP = st.sampled_from([" ", " ", " ", "  ", "\t", "\n", "\r\n", "\n\n", ""])


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.tuples(_WORDS, _PUNCT, _SEP), max_size=60), st.sampled_from(["", " ", "\n"]))
def test_sentence_offsets_property(parts, lead):
    text = lead + "".join(w + p + s for w, p, s in parts)
    sentences = split_sentences(text)
    check_offsets(text, sentences)
    covered = set()
    for s in sentences:
        assert "\n" not in s.text and "\r" not in s.text
        covered.update(range(s.start, s.end))
    # Nothing is lost: every non-space character belongs to a sentence.
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


# --------------------------------------------------------------------------- documents from text


def test_document_from_text():
    doc = document_from_text(
        "Erste Zeile.\nDie Regierung hat das nicht bestätigt, und die Zahl ist unklar.",
        "x",
        path="p.txt",
        date="2024-10-22T10:00:00Z",
        outlet="dpa",
        line=5,
    )
    assert doc.id == "x" and doc.path == "p.txt" and doc.outlet == "dpa"
    assert doc.date == dt.date(2024, 10, 22)
    assert doc.language == "de"
    assert doc.line == 5
    assert [doc.line_of(s.start) for s in doc.sentences] == [5, 6]
    assert document_from_text("Text.", "y", language="fr").language == "fr"
    assert document_from_text("Text.", "y", date=dt.date(2024, 1, 1)).date == dt.date(2024, 1, 1)


# --------------------------------------------------------------------------- language


def test_detect_language_german():
    text = (
        "Die israelische Armee hat nach eigenen Angaben in der Nacht mehrere Ziele im Libanon "
        "angegriffen. Der Außenminister sagte, dass die Lage sehr ernst ist und dass die "
        "Gespräche mit den Partnern weitergehen."
    )
    assert detect_language(text) == "de"


def test_detect_language_french():
    text = (
        "Le secrétaire d'État américain est arrivé mardi en Israël pour relancer les "
        "négociations. Selon le ministère, plus de 50 personnes ont été tuées dans les frappes "
        "et la situation reste très tendue."
    )
    assert detect_language(text) == "fr"


def test_detect_language_spanish():
    text = (
        "El secretario de Estado llegó el martes a Israel para impulsar las negociaciones. "
        "Según el ministerio, más de 50 personas murieron en los bombardeos y la situación "
        "sigue siendo muy tensa para los civiles del sur."
    )
    assert detect_language(text) == "es"


def test_detect_language_indonesian():
    text = (
        "Menteri Luar Negeri Amerika Serikat mengatakan bahwa eskalasi konflik di perbatasan "
        "akan membuat warga sipil sulit untuk kembali ke rumah mereka. Ini adalah kunjungan "
        "yang penting dan tidak mudah dari sisi diplomasi."
    )
    assert detect_language(text) == "id"


def test_detect_language_english_and_defaults():
    assert (
        detect_language("The minister said that the talks were going well and that it is time.")
        == "en"
    )
    assert detect_language("") == "en"
    assert detect_language("Blinken Netanyahu Gaza 2024") == "en"
    assert detect_language("la de") == "en"  # too short to tell


def test_detect_language_only_reads_the_start():
    german = "Die Regierung hat das nicht bestätigt und die Zahl ist unklar. " * 400
    english = " The minister said that the talks were going well and that it is time." * 400
    assert detect_language(german + english) == "de"


def test_tests_do_not_leave_files(tmp_path):
    # read_documents never writes next to the inputs (no caches, no temp files).
    write(tmp_path / "a.txt", "Text.")
    read_documents([tmp_path])
    assert sorted(os.listdir(tmp_path)) == ["a.txt"]


def test_a_date_at_the_end_of_a_sentence_is_not_cut_off_as_a_list_item():
    from checker.read.sentences import split_sentences

    text = "The march starts at 10 a.m. on Saturday, May 22. The rally follows at noon."
    assert [s.text for s in split_sentences(text)] == [
        "The march starts at 10 a.m. on Saturday, May 22.",
        "The rally follows at noon.",
    ]


@pytest.mark.model
def test_what_a_folder_walk_leaves_out_is_said_and_a_fifo_never_blocks(tmp_path, capsys):
    """FIFOs and looping links in an input folder used to be dropped without a word."""
    from test_cli_hostile import run_main

    (tmp_path / "a.txt").write_text("Officials said 55 aid trucks entered Gaza.\n")
    os.mkfifo(tmp_path / "pipe.txt")  # opening it to read would block until a writer comes
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "gone.md").symlink_to("nowhere.md")
    (tmp_path / "up").symlink_to(".")
    (tmp_path / "notes.log").write_text("not an article: left out without a word")
    with pytest.warns(InputWarning) as said:
        docs = read_documents([tmp_path])
    assert [d.id for d in docs] == ["a"]
    assert sorted(str(w.message) for w in said) == [
        f"{tmp_path / 'gone.md'}: a broken link: skipped",
        f"{tmp_path / 'loop.txt'}: a symbolic link loop, not a file: skipped",
        f"{tmp_path / 'pipe.txt'}: a FIFO (named pipe), not a regular file: skipped",
        f"{tmp_path / 'up'}: a link to a folder: not followed",
    ]
    code, out, err = run_main(capsys, "claims", tmp_path)
    assert code == 0 and "55" in out
    assert err.count("checker: warning: ") == 4 and "pipe.txt: a FIFO" in err
