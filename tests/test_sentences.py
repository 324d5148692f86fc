"""Sentences split as pysbd splits them, each abbreviation substitution done once (issue 24).

``checker.read.sentences`` runs pysbd's own processor with one change: its abbreviation search
does each of its whole-line substitutions at the first occurrence that calls for it, not again
at every later one (they would find nothing more). These tests hold the result to pysbd's own,
sentence for sentence, on our articles, on paragraphs dense with abbreviations, and on any
paragraph hypothesis makes of abbreviations, figures and punctuation.
"""

from __future__ import annotations

from pathlib import Path

import pysbd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.read import sentences

ROOT = Path(__file__).resolve().parents[1]
_PYSBD = pysbd.Segmenter(language="en", clean=False, char_span=True)
ABBREVIATIONS = sorted(_PYSBD.language_module.Abbreviation.ABBREVIATIONS)


def pysbd_own(paragraph: str) -> list[str]:
    """What ``_pysbd_segments`` gave before: pysbd's processor, unchanged."""
    result = _PYSBD.processor(paragraph).process()
    return [s for s in result or [] if s and s.strip()]


DENSE = [
    "Mr. Smith met Dr. Jones at 5 p.m. on Jan. 5. No. 10 Downing St. said so. Gen. Lee left.",
    "MR. SMITH and mr. smith and Mr.Smith met Prof. A. B. Carter, e.g. in the U.S. at 9 a.m.",
    "It cost approx. $5 vs. $6 (est.) in Nov. 2023, i.e. 20 pct. more. Fig. 3 shows it. Vol. 2.",
    "The Co. and Corp. and Inc. and Ltd. filed. St. Louis, Mo. and Ft. Worth, Tex. agreed.",
    "a. b. c. no. No. NO. a.m. A.M. e.g. E.G. etc. ETC. Jr. Sr. vs. v. Mt. Rev. Hon. Sen. Rep.",
    "He said no. No one came. The no. 1 seed won. I. e. not. U.S. Army. U.K. firms. E.U. law.",
]


@pytest.mark.parametrize("paragraph", DENSE)
def test_paragraphs_dense_with_abbreviations_split_as_pysbd_splits_them(paragraph):
    assert sentences._pysbd_segments(paragraph) == pysbd_own(paragraph)


def test_the_seed_articles_split_as_pysbd_splits_them():
    for path in sorted((ROOT / "seeds").glob("*")):
        for paragraph in path.read_text(encoding="utf-8").splitlines():
            assert sentences._pysbd_segments(paragraph) == pysbd_own(paragraph), path.name


def test_the_substitutions_run_once_each():
    """The change is in force: the abbreviation search is ours, and a line with the same
    abbreviation 50 times substitutes for it once."""
    calls = []
    original = pysbd.abbreviation_replacer.replace_prepositive_abbr

    def counted(txt, abbr):
        calls.append(abbr)
        return original(txt, abbr)

    pysbd.abbreviation_replacer.replace_prepositive_abbr = counted
    try:
        paragraph = "Mr. Smith came. " * 50
        assert sentences._pysbd_segments(paragraph) == pysbd_own(paragraph)
        calls.clear()
        sentences._pysbd_segments(paragraph)
    finally:
        pysbd.abbreviation_replacer.replace_prepositive_abbr = original
    assert [c.strip() for c in calls] == ["Mr"]  # pysbd alone: 50


_PIECES = st.one_of(
    st.sampled_from(ABBREVIATIONS).map(lambda a: a + "."),
    st.sampled_from(ABBREVIATIONS).map(lambda a: a.upper() + "."),
    st.sampled_from(ABBREVIATIONS).map(lambda a: a.title() + "."),
    st.sampled_from(
        [
            "Smith",
            "the",
            "said",
            "I",
            "It",
            "He",
            "The",
            "a",
            "no",
            "5",
            "10",
            "2023",
            "$5",
            "(",
            ")",
            ",",
            ".",
            "?",
            "!",
            ":",
            ";",
            "-",
            "'",
            '"',
            "...",
            "U.S.",
            "e.g.",
            "p.m.",
        ]
    ),  # fmt: skip
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(_PIECES, min_size=1, max_size=40), glue=st.sampled_from([" ", "  ", ""]))
def test_any_paragraph_of_abbreviations_splits_as_pysbd_splits_it(pieces, glue):
    paragraph = glue.join(pieces)
    assert sentences._pysbd_segments(paragraph) == pysbd_own(paragraph)
