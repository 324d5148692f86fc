"""The translation check (issue 25, item 1): sentences aligned, every figure of an original
looked for in its translation, the five translation rules, the API and `checker translation`.

Every sentence here is written for these tests (none comes from the bench). None of these
tests loads a model: the check reads figures and aligns sentences without embeddings.
"""

from __future__ import annotations

import json
import time

import pytest

import checker
from checker.api import check_translation
from checker.cli import main
from checker.compare.align import Bead, Side, align
from checker.compare.translation import compare_documents, same_figure
from checker.read.documents import document_from_text
from checker.read.quantities import extract_quantities
from checker.rule_examples import iter_examples, test_example
from checker.rules import load_rules

PACK = load_rules()


def rules_of(report) -> list[str]:
    return [f.rule for f in report.findings]


def one(text: str, code: str):
    (q,) = extract_quantities(text, code)
    return q


# --------------------------------------------------------------------------- alignment


def test_alignment_pairs_sentences_in_order():
    src = [Side("Satu.", ("1",)), Side("Dua belas orang.", ("12",)), Side("Tamat.")]
    tgt = [Side("One.", ("1",)), Side("Twelve people.", ("12",)), Side("The end.")]
    assert [(b.source, b.target) for b in align(src, tgt)] == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), (2,)),
    ]


def test_alignment_merges_two_sentences_rendered_as_one():
    src = [
        Side("Ekspor naik 12 persen pada Maret.", ("12",)),
        Side("Impor turun 3 persen.", ("3",)),
        Side("Menteri Sri Mulyani mengatakan itu di Jakarta.", ()),
    ]
    tgt = [
        Side("Exports rose 12 percent in March while imports fell 3 percent.", ("12", "3")),
        Side("Minister Sri Mulyani said so in Jakarta.", ()),
    ]
    beads = [(b.source, b.target) for b in align(src, tgt)]
    assert beads == [((0, 1), (0,)), ((2,), (1,))]


def test_alignment_leaves_a_dropped_sentence_without_counterpart():
    src = [
        Side("Bank Indonesia menaikkan suku bunga menjadi 9,25 persen.", ("9.25",)),
        Side(
            "Keputusan itu diambil oleh Dewan Gubernur pada 2008 setelah rapat 15 jam.",
            ("2008", "15"),
        ),
        Side("Rupiah menguat ke Rp9.100 per dolar AS.", ("9100",)),
    ]
    tgt = [
        Side("Bank Indonesia raised its rate to 9.25 percent.", ("9.25",)),
        Side("The rupiah firmed to Rp9,100 per US dollar.", ("9100",)),
    ]
    beads = [(b.source, b.target) for b in align(src, tgt)]
    assert beads == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_alignment_takes_a_similarity_function_when_given():
    """The seam for a multilingual embedder: a similarity that says the second target
    sentence renders the first source sentence moves the alignment."""
    src = [Side("Satu."), Side("Dua.")]
    tgt = [Side("Noise."), Side("One."), Side("Two.")]
    plain = align(src, tgt)
    told = align(
        src,
        tgt,
        similarity=lambda a, b: 1.0 if (a, b) in {("Satu.", "One."), ("Dua.", "Two.")} else 0.0,
    )
    assert [(b.source, b.target) for b in told] == [((), (0,)), ((0,), (1,)), ((1,), (2,))]
    assert all(isinstance(b, Bead) for b in plain)


def test_alignment_of_long_texts_runs_in_a_band():
    src = [Side(f"Kalimat nomor {i} berisi {i} orang.", (str(i),)) for i in range(1, 401)]
    tgt = [Side(f"Sentence number {i} holds {i} people.", (str(i),)) for i in range(1, 401)]
    beads = align(src, tgt)
    assert len(beads) == 400 and all(b.source == b.target for b in beads)


def test_alignment_of_nothing_is_nothing():
    assert align([], []) == []
    assert [(b.source, b.target) for b in align([Side("Satu.")], [])] == [((0,), ())]


# --------------------------------------------------------------------------- one figure, two languages


@pytest.mark.parametrize(
    "id_text, en_text",
    [
        ("Rp1,5 triliun", "IDR1.5 trillion"),
        ("Rp1,5 triliun", "1.5 trillion rupiah"),
        ("Rp1,5 triliun", "Rp1,500 billion"),
        ("4,75 persen", "4.75 percent"),
        ("7.500 orang", "7,500 people"),
        ("2,3 juta", "2.3 million"),
        ("3,6 miliar dolar AS", "US$3.6 billion"),
        ("7 Oktober 2023", "October 7, 2023"),
        ("24 Mei 2007", "May 24"),
        ("minus 67,9 persen", "minus 67.9 percent"),
    ],
)
def test_a_figure_reads_the_same_in_each_language(id_text, en_text):
    assert same_figure(one(id_text, "id"), one(en_text, "en"))


@pytest.mark.parametrize(
    "id_text, en_text",
    [
        ("Rp1,5 triliun", "1.5 billion rupiah"),
        ("4,75 persen", "4.57 percent"),
        ("7.500 orang", "7.500 people"),
        ("3,6 miliar dolar AS", "3.6 billion euros"),
        ("7 Oktober 2023", "October 8, 2023"),
    ],
)
def test_a_changed_figure_does_not(id_text, en_text):
    assert not same_figure(one(id_text, "id"), one(en_text, "en"))


def test_a_figure_rounded_to_the_digits_the_translation_writes_is_the_same():
    rounded = check_translation(
        "Produksi nikel naik menjadi 39.100 ton dan laba Rp3.157,5 miliar.",
        "Nickel output rose to 39,000 tons and profit to Rp3.157 trillion.",
        "id", "en", PACK,
    )  # fmt: skip
    assert rounded.findings == ()
    moved = check_translation(
        "Ekonomi tumbuh 6,1 persen.", "The economy grew 6.2 percent.", "id", "en", PACK
    )
    assert rules_of(moved) == ["translation-changed"]


@pytest.mark.parametrize(
    "id_text, en_text",
    [
        # the translation cuts the last digits rather than rounding them
        ("Penerimaan pajak Rp318.442,7 miliar.", "Tax receipts of Rp318.442 trillion."),
        ("Laba Rp48,279 miliar.", "A profit of Rp48.27 billion."),
        # the translation is the more precise: the original rounds it
        ("Laba naik menjadi Rp470 miliar.", "Profit rose to Rp470.2 billion."),
        ("Dana sekitar Rp12,7 triliun.", "Funds of Rp12.73 trillion."),
        # two ranges, end by end; a range's end against a figure of the other side
        ("Pertumbuhan 5-5,27 persen.", "Growth of 5-5.3 percent."),
        ("Aset naik dari Rp2,34 triliun menjadi Rp2,61 triliun.",
         "Assets rose from Rp2.338 trillion to Rp2.610 trillion."),
    ],
)  # fmt: skip
def test_a_figure_written_to_other_digits_is_the_same(id_text, en_text):
    report = check_translation(id_text, en_text, "id", "en", PACK)
    assert report.findings == ()


@pytest.mark.parametrize(
    "id_text, en_text",
    [
        # cut to two significant digits: too much is lost to call it the same
        ("Pangsa pasar 14,6 persen.", "A market share of 14 percent."),
        # a figure without decimals is as precise as it is written
        ("Kurs Rp9.340 per dolar AS.", "The rate was Rp9,345 per US dollar."),
        ("Ekonomi tumbuh 6 persen.", "The economy grew 6.3 percent."),
        # a zero written after the decimal mark counts: "1,2870" is written to the ten-thousandth
        ("Euro naik menjadi 1,2870 dolar.", "The euro rose to 1.2874 dollars."),
    ],
)  # fmt: skip
def test_a_figure_off_by_more_than_its_digits_allow_is_changed(id_text, en_text):
    report = check_translation(id_text, en_text, "id", "en", PACK)
    assert rules_of(report) == ["translation-changed"]


def test_a_year_and_a_year_said_relative_to_the_text_are_not_one_year_changed():
    # "2004" is "the year before"; the translation names the other year ("2005") the original
    # leaves to its context: two years named two ways, each reported on its own at most
    report = check_translation(
        "Penjualan naik dari Rp210 miliar pada 2004 menjadi Rp260 miliar.",
        "Sales rose to Rp260 billion in 2005 from Rp210 billion the year before.",
        "id", "en", PACK,
    )  # fmt: skip
    assert "translation-changed" not in rules_of(report)
    source_side = check_translation(
        "Pada tahun lalu laba naik 12 persen dibanding 2004.",
        "In 2005 profit rose 12 percent from the year before.",
        "id", "en", PACK,
    )  # fmt: skip
    assert "translation-changed" not in rules_of(source_side)
    # without a relative year, or years far apart, a year is changed
    for id_text, en_text in [
        ("Per Desember 2006, aset bank mencapai Rp40 triliun.",
         "The bank had assets of Rp40 trillion as of December 2005."),
        ("Bank itu didirikan pada 1956 dan tahun lalu labanya naik.",
         "The bank was founded in 1965 and its profit rose last year."),
    ]:  # fmt: skip
        assert rules_of(check_translation(id_text, en_text, "id", "en", PACK)) == [
            "translation-changed"
        ]


@pytest.mark.parametrize(
    "id_text, en_text, findings",
    [
        ("Harga beras turun -0,21 persen pada Mei.", "Rice prices were down 0.21 percent in May.",
         []),
        ("Harga cabai -0,37 persen, sumbangan ke deflasi.",
         "Chili prices contributed 0.37 percent to the deflation.", []),
        ("Harga beras turun 0,21 persen pada Mei.", "Rice prices moved -0.21 percent in May.", []),
        # the sign is lost and nothing says a fall: a figure changed
        ("Harga beras -0,21 persen pada Mei.", "Rice prices rose 0.21 percent in May.",
         ["translation-changed"]),
    ],
)  # fmt: skip
def test_a_sign_said_in_words_is_the_same_figure(id_text, en_text, findings):
    assert rules_of(check_translation(id_text, en_text, "id", "en", PACK)) == findings


@pytest.mark.parametrize(
    "id_text, en_text, changed, omitted",
    [
        # the translation reorders the clauses: the changed figure keeps its neighbour
        ("Penjualan bersih naik dari Rp410 miliar pada kuartal pertama 2006 menjadi Rp480 miliar "
         "pada kuartal pertama 2007.",
         "Net sales rose to Rp480 billion in the January-March 207 period from Rp410 billion in "
         "the same period a year earlier.", ("2007", "207"), "2006"),
        ("Ekspor naik 12 persen menjadi 3,2 miliar dolar AS pada Maret, sedangkan impor turun 4 "
         "persen menjadi 2,1 miliar dolar AS.",
         "Imports fell 4 percent to US$2.1 billion, up 5 percent from February, while exports rose "
         "21 percent to US$3.2 billion in March.", ("12 persen", "21 percent"), None),
        # a digit dropped: the figure one digit away, not the one nearest in size
        ("Antam memegang 65 persen saham Alumina, sedangkan sisanya 35 persen dimiliki investor "
         "Jepang.",
         "Antam will hold 6 percent of Alumina's shares.", ("65 persen", "6 percent"), "35 persen"),
        # a count written with a separator is no year: "1,140" is not "2007" changed
        ("Pada Agustus 2007, indeks jatuh dari 2.300 ke 1.900.",
         "In August the index fell to 1,140 from 2,300.", ("1.900", "1,140"), "2007"),
    ],
)  # fmt: skip
def test_a_changed_figure_is_paired_by_its_neighbours_and_digits(
    id_text, en_text, changed, omitted
):
    report = check_translation(id_text, en_text, "id", "en", PACK)
    (f,) = [f for f in report.findings if f.rule == "translation-changed"]
    assert [e.text for e in f.evidence] == list(changed)
    gone = [g.evidence[0].text for g in report.findings if g.rule == "translation-omitted"]
    assert gone == ([omitted] if omitted else [])


@pytest.mark.parametrize(
    "id_text, en_text, source_figure",
    [
        # the digits as one figure writes another's, another scale
        ("Laba bersih perseroan mencapai Rp360 miliar.",
         "The company's net profit reached Rp360.1 million.", "Rp360 miliar"),
        ("Laba bersih perseroan mencapai Rp36,066 miliar.",
         "The company's net profit reached Rp36.06 million.", "Rp36,066 miliar"),
        # a small number in words has no scale to slip: "Tiga" is not "3 million"
        ("Tiga perusahaan itu menerbitkan 3 miliar saham baru.",
         "The companies issued 3 million new shares.", "3 miliar"),
        # the aligner compares digits whatever the scale, so the sentence with the slipped
        # figure is merged with the one that renders it, not left without counterpart
        ("Rapat umum pemegang saham di Jakarta pada Rabu memutuskan membagikan dividen tahun "
         "buku 2006 sebesar Rp20 per saham atau totalnya Rp41,9 miliar. Sisanya Rp108,76 miliar "
         "masuk ke laba ditahan.",
         "The shareholders' meeting on Wednesday decided to pay Rp41.9 billion of its 2006 profit "
         "as dividends and to keep the remaining Rp108.76 million as retained earnings.",
         "Rp108,76 miliar"),
    ],
)  # fmt: skip
def test_a_scale_slip_is_found_whatever_the_digits_and_sentences(id_text, en_text, source_figure):
    report = check_translation(id_text, en_text, "id", "en", PACK)
    (f,) = [f for f in report.findings if f.rule == "translation-scale"]
    assert f.evidence[0].text == source_figure
    assert "translation-added" not in rules_of(report)


def test_a_year_is_not_changed_into_a_count_that_no_slip_of_it_makes():
    # "350" is no year mistyped (three digits, not one digit from "2004"): two figures
    report = check_translation(
        "Pabrik itu dibangun pada 2004 dan mempekerjakan pekerja lokal.",
        "The factory employs 350 local workers.",
        "id", "en", PACK,
    )  # fmt: skip
    assert sorted(rules_of(report)) == ["translation-added", "translation-omitted"]
    slip = check_translation(
        "Pabrik itu dibangun pada 2004 dan mempekerjakan pekerja lokal.",
        "The factory, built in 204, employs local workers.",
        "id", "en", PACK,
    )  # fmt: skip
    assert rules_of(slip) == ["translation-changed"]


def test_a_sentence_left_alone_joins_the_neighbour_that_gives_its_figure():
    # the aligner leaves the second sentence without counterpart, but the translation's one
    # sentence gives its "20,7 persen": it was merged there, and its other figure changed
    report = check_translation(
        "Kenaikan pendapatan bunga bersih BRI dari Rp7,7 triliun menjadi Rp7,8 triliun didorong "
        "kredit yang tumbuh lebih cepat dari dana pihak ketiga dan aset bank. Rasio CAR naik "
        "tipis dari 20,7 persen pada Maret menjadi 21,2 persen pada April.",
        "Net interest income rose to Rp7.8 trillion in April from Rp7.7 trillion a month "
        "earlier, while the capital adequacy ratio edged up from 20.7 percent to 21.8 percent.",
        "id", "en", PACK,
    )  # fmt: skip
    (f,) = report.findings
    assert f.rule == "translation-changed"
    assert [e.text for e in f.evidence] == ["21,2 persen", "21.8 percent"]


@pytest.mark.parametrize(
    "id_text, en_text, target_figure",
    [
        ("PDB 2010 diperkirakan mencapai Rp6.184,3 triliun.",
         "GDP for 2010 is put at Rp6,84.3 trillion.", "Rp6,84.3 trillion"),
        ("Rupiah ditutup pada Rp9.385 per dolar AS.",
         "The rupiah closed at Rp9,85 per US dollar.", "Rp9,85"),
    ],
)  # fmt: skip
def test_digits_the_translation_garbles_are_a_figure_changed(id_text, en_text, target_figure):
    # English reads neither "6,84.3" nor "9,85": the digits are taken with the scale word after
    # them and the currency sign before, so they meet the figure of the original they garble
    report = check_translation(id_text, en_text, "id", "en", PACK)
    (f,) = report.findings
    assert f.rule == "translation-changed" and f.evidence[1].text == target_figure


def test_the_currency_the_original_leaves_to_context_may_come_with_a_scale_slip():
    # "450 miliar" is a bare count in the original (the loan's currency is its context); the
    # translation writes the currency and slips the scale
    report = check_translation(
        "Pinjaman perseroan kepada bank lokal sebesar 450 miliar akan dilunasi tahun depan.",
        "The company will repay its Rp450 million of local bank loans next year.",
        "id", "en", PACK,
    )  # fmt: skip
    assert rules_of(report) == ["translation-scale"]
    # not the other way: money of the original against a bare count of the translation is a
    # figure the English reader did not read whole ("US1 million"), not a scale slip
    other = check_translation(
        "Jepang menghibahkan 2 juta dolar AS untuk proyek itu.",
        "Japan granted US2 million for the project.",
        "id", "en", PACK,
    )  # fmt: skip
    assert "translation-scale" not in rules_of(other)


def test_digits_inside_a_code_are_no_figure_but_a_mistyped_currency_sign_is_one():
    codes = check_translation(
        "Pemerintah akan melelang 3 seri obligasi, yaitu SPN20100715, FR0041 dan FR0047.",
        "The government will auction the SPN20100715, FR0041 and FR0047 bonds.",
        "id", "en", PACK,
    )  # fmt: skip
    assert "translation-changed" not in rules_of(codes)
    typo = check_translation(
        "Harga minyak bisa mencapai 150 dolar AS per barel.",
        "The oil price could reach US10 per barrel.",
        "id", "en", PACK,
    )  # fmt: skip
    assert rules_of(typo) == ["translation-changed"]


# --------------------------------------------------------------------------- findings, id -> en

ID_TEXT = (
    "Inflasi bulan Maret tercatat 4,75 persen, kata Badan Pusat Statistik.\n"
    "Sebanyak 7.500 orang mengungsi ke gedung sekolah.\n"
    "Laba bersih perseroan mencapai Rp3,2 miliar tahun lalu."
)


def test_a_faithful_translation_has_no_findings():
    en = (
        "Inflation in March was 4.75 percent, Statistics Indonesia said.\n"
        "Some 7,500 people fled to school buildings.\n"
        "The company's net profit reached Rp3.2 billion last year."
    )
    report = check_translation(ID_TEXT, en, "id", "en", PACK)
    assert report.findings == ()
    assert "3 of 3 figures of the original found unchanged" in report.notes[0]


def test_each_finding_kind_id_to_en():
    en = (
        "Inflation in March was 4.57 percent, Statistics Indonesia said.\n"
        "Some 7.500 people fled to school buildings.\n"
        "The company's net profit reached Rp3.2 million, up 12 percent."
    )
    report = check_translation(ID_TEXT, en, "id", "en", PACK)
    by_rule = {f.rule: f for f in report.findings}
    assert sorted(by_rule) == [
        "translation-added", "translation-changed", "translation-scale", "translation-separator"
    ]  # fmt: skip
    assert by_rule["translation-changed"].level == "error"
    assert by_rule["translation-changed"].verdict == "conflict"
    assert "4,75 persen" in by_rule["translation-changed"].message
    assert "4.57 percent" in by_rule["translation-changed"].message
    assert by_rule["translation-scale"].level == "error"
    assert "÷10^3" in by_rule["translation-scale"].message
    assert by_rule["translation-separator"].message.startswith("7.500 is 7,500 in the original")
    assert "12 percent" in by_rule["translation-added"].message
    # every finding points into both texts: the source figure and what the target says
    for f in report.findings:
        assert {e.doc for e in f.evidence} == {"source", "target"}


def test_a_figure_left_out_is_a_warning_and_info_when_its_clause_is_gone():
    kept = check_translation(
        "Inflasi mencapai 4,75 persen pada Maret, tertinggi sejak 2019.",
        "Inflation reached its highest level since 2019 in March.",
        "id", "en", PACK,
    )  # fmt: skip
    (f,) = kept.findings
    assert (f.rule, f.level, f.verdict) == ("translation-omitted", "warning", "omission")
    gone = check_translation(
        "Menteri Keuangan mengatakan ekonomi tumbuh, sementara defisit anggaran mencapai "
        "Rp120 triliun.",
        "The finance minister said the economy grew.",
        "id", "en", PACK,
    )  # fmt: skip
    (f,) = gone.findings
    assert (f.rule, f.level) == ("translation-omitted", "info")
    assert f.details["situation"] == "clause-gone"


def test_a_sentence_without_counterpart_loses_its_figures_at_info():
    report = check_translation(
        "Bank Indonesia menaikkan suku bunga menjadi 9,25 persen. Keputusan itu diambil oleh "
        "Dewan Gubernur setelah rapat selama 15 jam di Jakarta. Rupiah menguat ke Rp9.100 per "
        "dolar AS.",
        "Bank Indonesia raised its rate to 9.25 percent. The rupiah firmed to Rp9,100 per US "
        "dollar.",
        "id", "en", PACK,
    )  # fmt: skip
    (f,) = report.findings
    assert (f.rule, f.level) == ("translation-omitted", "info")
    assert "15 jam" in f.message


def test_a_scale_word_carried_over_is_a_scale_slip():
    report = check_translation(
        "Bank itu menyalurkan kredit 3 miliar euro.", "The bank lent 3 milliard euros.",
        "id", "en", PACK,
    )  # fmt: skip
    (f,) = report.findings
    assert f.rule == "translation-scale" and f.details["situation"] == "false-friend"


def test_kept_decimal_comma_that_english_cannot_read_is_a_separator_finding():
    report = check_translation(
        "Euro naik menjadi 1,4677 dolar AS.",
        "The euro rose to 1,4677 per dollar.",
        "id",
        "en",
        PACK,
    )
    (f,) = report.findings
    assert f.rule == "translation-separator" and f.evidence[1].text == "1,4677"


def test_small_numbers_in_words_are_not_reported():
    report = check_translation(
        "Importir harus mendatangi instansi satu per satu.",
        "The two importers must visit each office in turn.",
        "id", "en", PACK,
    )  # fmt: skip
    assert report.findings == ()


# --------------------------------------------------------------------------- en -> id


def test_changed_and_omitted_en_to_id():
    report = check_translation(
        "Exports rose 12 percent to $3.2 billion in March, the agency said. Imports fell 4.5 "
        "percent.",
        "Ekspor naik 21 persen menjadi 3,2 miliar dolar AS pada Maret, kata badan itu. Impor "
        "turun.",
        "en", "id", PACK,
    )  # fmt: skip
    assert sorted(rules_of(report)) == ["translation-changed", "translation-omitted"]
    changed = next(f for f in report.findings if f.rule == "translation-changed")
    assert "12 percent" in changed.message and "21 persen" in changed.message


def test_scale_slip_en_to_id():
    report = check_translation(
        "The fund holds $4.1 billion in bonds.", "Dana itu memegang obligasi 4,1 juta dolar AS.",
        "en", "id", PACK,
    )  # fmt: skip
    assert rules_of(report) == ["translation-scale"]


# --------------------------------------------------------------------------- the API


def test_languages_are_detected_when_not_given():
    report = check_translation(
        "Menteri mengatakan bahwa inflasi pada bulan itu mencapai 4,75 persen, dan itu "
        "tertinggi sejak 2019.",
        "The minister said that inflation in that month reached 4.57 percent, the highest "
        "since 2019.",
    )  # fmt: skip
    assert [d.language for d in report.documents] == ["id", "en"]
    assert rules_of(report) == ["translation-changed"]


def test_the_api_is_exported_and_gives_a_report():
    assert checker.check_translation is check_translation
    report = checker.check_translation("Sebanyak 7.500 orang.", "Some 7,500 people.", "id", "en")
    assert isinstance(report, checker.Report)
    assert report.worst_level is None
    assert {c.doc for c in report.claims} == {"source", "target"}


def test_the_comparison_is_pure_facts():
    src = document_from_text("Sebanyak 7.500 orang mengungsi.", "s", language="id")
    tgt = document_from_text("Some 7,500 people fled.", "t", language="en")
    (pair,) = compare_documents(src, tgt).pairs
    assert pair.same and pair.source.text == "7.500" and pair.target.text == "Some 7,500"


def test_translation_rules_stay_out_of_a_report_of_articles():
    """A report of articles against each other never runs the translation rules."""
    from checker.rules import run_rules

    docs = [document_from_text("Some 7.500 people fled.", "a")]
    findings, _ = run_rules(PACK, docs, [], [])
    assert not [f for f in findings if f.rule.startswith("translation-")]


# --------------------------------------------------------------------------- rule examples

TRANSLATION_EXAMPLES = [e for e in iter_examples(PACK) if e.rule.startswith("translation-")]


@pytest.mark.parametrize("example", TRANSLATION_EXAMPLES, ids=lambda e: e.id)
def test_translation_rule_examples(example):
    """The harness runs a translation rule's examples as source/target pairs (the model tier
    runs them too, in tests/test_rule_examples.py; here they run in the fast tier)."""
    outcome = test_example(PACK, example)
    assert outcome.ok, outcome.detail


def test_every_translation_rule_has_flag_and_ok_examples():
    rules = [r for r in PACK.rules if r.kind.startswith("translation-")]
    assert len(rules) == 5
    for r in rules:
        assert r.examples.get("flag") and r.examples.get("ok"), r.id
        assert r.why.strip(), r.id


def test_an_example_gives_text_or_two_articles_or_a_translation(tmp_path):
    from checker.core.errors import RuleError
    from checker.rules import load_rule

    path = tmp_path / "bad.yaml"
    path.write_text(
        "kind: translation-changed\nlevel: error\ntitle: t\nmessage: m\n"
        "examples:\n  flag:\n    - source: 'Satu.'\n      text: 'One.'\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match="both 'source' and 'target'"):
        load_rule(path)


# --------------------------------------------------------------------------- the command line


def run_main(capsys, *argv) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return info.value.code, out, err


@pytest.fixture
def pair(tmp_path):
    src = tmp_path / "asli.md"
    src.write_text(
        "---\nlanguage: id\n---\nInflasi bulan Maret tercatat 4,75 persen, kata BPS. "
        "Sebanyak 7.500 orang <b>mengungsi</b>.\n",
        encoding="utf-8",
    )
    tgt = tmp_path / "terjemahan.md"
    tgt.write_text(
        "Inflation in March was 4.57 percent, Statistics Indonesia said. Some 7.500 people "
        "<b>fled</b>.\n",
        encoding="utf-8",
    )
    return src, tgt


def test_cli_text_shows_both_sentences_and_exits_1_on_an_error(capsys, pair):
    code, out, err = run_main(capsys, "translation", *pair, "--target-language", "en")
    assert code == 1 and err == ""
    assert "asli:4: Inflasi bulan Maret tercatat [[4,75 persen]], kata BPS." in out
    assert (
        "terjemahan:1: Inflation in March was [[4.57 percent]], Statistics Indonesia said." in out
    )
    assert "[warning] translation-separator" in out


def test_cli_fail_on_and_exit_0(capsys, tmp_path):
    src, tgt = tmp_path / "a.txt", tmp_path / "b.txt"
    src.write_text("Sebanyak 7.500 orang mengungsi, kata dia.\n", encoding="utf-8")
    tgt.write_text("Some 7,500 people fled, he said.\n", encoding="utf-8")
    code, out, _ = run_main(capsys, "translation", src, tgt, "--source-language", "id",
                            "--target-language", "en")  # fmt: skip
    assert code == 0 and "No findings." in out


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "github"])
def test_cli_every_format_shows_both_sentences_escaped(capsys, pair, fmt):
    code, out, _ = run_main(
        capsys, "translation", *pair, "--format", fmt, "--target-language", "en"
    )
    assert code == 1
    if fmt == "github":  # workflow commands: one line each, both sentences quoted
        lines = out.splitlines()
        assert (
            len(lines) == 3 and lines[0].startswith("::error file=") and "terjemahan.md" in lines[0]
        )
        assert "asli:4: Inflasi bulan Maret tercatat [4,75 persen]" in lines[0]
        assert "terjemahan:1: Inflation in March was [4.57 percent]" in lines[0]
        return
    assert "<b>" not in out  # the texts' markup is escaped in every other format
    if fmt == "json":
        data = json.loads(out)
        rules = {f["rule"] for f in data["findings"]}
        assert rules == {"translation-changed", "translation-separator"}
        docs = {e["doc"] for f in data["findings"] for e in f["evidence"]}
        assert docs == {"asli", "terjemahan"}
    else:
        assert "4,75 persen" in out and "4.57 percent" in out
        assert "mengungsi" in out and "fled" in out


def test_cli_writes_to_a_file(capsys, pair, tmp_path):
    out_file = tmp_path / "r" / "report.md"
    code, out, err = run_main(capsys, "translation", *pair, "-f", "markdown", "-o", out_file,
                              "--target-language", "en")  # fmt: skip
    assert code == 1 and out == ""
    assert err.startswith(f"wrote {out_file} (")
    assert "translation-changed" in out_file.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "content, says",
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        (b"Sebanyak 7.500 orang. " * 2, None),
    ],
    ids=["empty", "binary", "fine"],
)
def test_cli_hostile_source_is_one_line(capsys, tmp_path, content, says):
    src, tgt = tmp_path / "src.txt", tmp_path / "tgt.txt"
    src.write_bytes(content)
    tgt.write_text("Some 7,500 people. Some 7,500 people.\n", encoding="utf-8")
    code, out, err = run_main(capsys, "translation", src, tgt)
    if says is None:
        assert code in (0, 1) and err == ""
        return
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"checker: error: {src}") and says in err


def test_cli_a_huge_line_is_checked_in_linear_time(capsys, tmp_path):
    """One line of 160 KB holding 5,000 figures: cut into pieces, aligned, checked; no error."""
    src, tgt = tmp_path / "src.txt", tmp_path / "tgt.txt"
    src.write_text("sebanyak 7.500 orang mengungsi, " * 5_000 + "\n", encoding="utf-8")
    tgt.write_text("some 7,500 people fled, " * 5_000 + "\n", encoding="utf-8")
    started = time.perf_counter()
    code, out, err = run_main(capsys, "translation", src, tgt, "--source-language", "id",
                              "--target-language", "en", "-f", "json")  # fmt: skip
    assert time.perf_counter() - started < 60  # a guard against quadratic work, not a speed test
    assert code in (0, 1) and err == ""
    report = json.loads(out)
    assert len(report["claims"]) == 10_000
    same = [c for c in report["claims"] if c["doc"] == "src"]
    assert len(same) == 5_000


def test_cli_missing_file_and_a_file_of_many_articles_are_one_line(capsys, tmp_path):
    tgt = tmp_path / "tgt.txt"
    tgt.write_text("Some 7,500 people.\n", encoding="utf-8")
    code, _, err = run_main(capsys, "translation", tmp_path / "nope.txt", tgt)
    assert (
        code == 2 and err == f"checker: error: {tmp_path / 'nope.txt'}: no such file or directory\n"
    )
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"id": "a", "text": "Satu."}\n{"id": "b", "text": "Dua."}\n', encoding="utf-8")
    code, _, err = run_main(capsys, "translation", rows, tgt)
    assert code == 2 and err.count("\n") == 1 and "holds 2 articles" in err


def test_the_readme_shows_real_output(capsys, monkeypatch):
    """The README's "Translations and other languages" section shows `checker translation` on
    the two fixture files: the output shown is what the command prints."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    m = re.search(r"```console\n\$ (checker translation [^\n]+)\n(.*?)```", readme, re.S)
    assert m, "the README's translation example is gone"
    monkeypatch.chdir(root)
    code, out, err = run_main(capsys, *m.group(1).split()[1:])
    assert code == 1 and err == ""
    assert out == m.group(2)


# --- a folder that holds an original and its translation (front matter translation_of) -----

FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures" / "translation"


def _folder(tmp_path, declared: str | None):
    (tmp_path / "banjir-id.md").write_text(
        (FIXTURES / "banjir-id.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    english = (FIXTURES / "floods-en.md").read_text(encoding="utf-8")
    if declared is not None:
        english = english.replace("language: en\n", f"language: en\ntranslation_of: {declared}\n")
    (tmp_path / "floods-en.md").write_text(english, encoding="utf-8")
    return tmp_path


@pytest.mark.model
def test_a_report_runs_the_translation_check_on_an_article_that_declares_its_original(tmp_path):
    folder = _folder(tmp_path, "banjir-id")
    from checker.api import check_translation_files

    pair = check_translation_files(folder / "banjir-id.md", folder / "floods-en.md")
    report = checker.check([folder])
    assert report.documents[[d.id for d in report.documents].index("floods-en")].translation_of == (
        "banjir-id"
    )
    got = sorted((f.rule, f.message) for f in report.findings if f.rule.startswith("translation-"))
    assert got == sorted((f.rule, f.message) for f in pair.findings)
    assert {"translation-changed", "translation-scale"} <= {r for r, _ in got}
    # the two meet in the translation check only, not as two articles of one story
    assert not [m for m in report.matches if {m.a.doc, m.b.doc} == {"banjir-id", "floods-en"}]
    assert any(n.startswith("translation: banjir-id (id) -> floods-en (en)") for n in report.notes)
    from checker.report import to_dict

    data = to_dict(report)
    assert {d["id"]: d["translation_of"] for d in data["documents"]}["floods-en"] == "banjir-id"


@pytest.mark.model
def test_an_original_that_is_not_in_the_run_is_said_not_checked(tmp_path):
    report = checker.check([_folder(tmp_path, "banjir-jakarta")])
    assert not [f for f in report.findings if f.rule.startswith("translation-")]
    assert any("translation_of names 'banjir-jakarta'" in n for n in report.notes)


def test_translation_of_in_front_matter_must_be_a_string(tmp_path):
    from checker.core.errors import InputError
    from checker.read.documents import read_documents

    path = tmp_path / "a.md"
    path.write_text("---\ntranslation_of: [x]\n---\nSome 12 people.\n", encoding="utf-8")
    with pytest.raises(InputError, match="a.md:2: field 'translation_of' must be a string"):
        read_documents([path])


@pytest.mark.model
def test_a_draft_that_names_its_stored_original_gets_the_translation_check(tmp_path):
    """``checker check`` (and the desk, which calls the same function): a draft whose front
    matter names a stored article as its original is checked figure by figure against it."""
    from checker import api

    (tmp_path / "in").mkdir()
    folder = _folder(tmp_path / "in", None)
    draft = (folder / "floods-en.md").read_text(encoding="utf-8")
    (folder / "floods-en.md").unlink()
    cfg = api.configured()
    with api.open_store(cfg, tmp_path / "store.sqlite") as st:
        assert api.index(st, [folder], config=cfg).added == 1
        declared = draft.replace("language: en\n", "language: en\ntranslation_of: banjir-id\n")
        report = api.check_draft(st, [api.read_draft(declared.encode(), "floods-en.md")])
        plain = api.check_draft(st, [api.read_draft(draft.encode(), "floods-en.md")])
        lost = draft.replace("language: en\n", "language: en\ntranslation_of: banjir-lama\n")
        missing = api.check_draft(st, [api.read_draft(lost.encode(), "floods-en.md")])
    rules = {f.rule for f in report.findings}
    assert {"translation-changed", "translation-scale", "translation-omitted"} <= rules
    assert "banjir-id" in {d.id for d in report.documents}
    assert not {r for f in plain.findings for r in [f.rule] if r.startswith("translation-")}
    assert any("translation_of names 'banjir-lama'" in n for n in missing.notes)


@pytest.mark.model
def test_the_desk_shows_a_drafts_translation_check_without_a_fix_in_the_other_language(tmp_path):
    from starlette.testclient import TestClient

    from checker import api
    from checker.web import Desk, create_app

    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "banjir-id.md").write_text(
        (FIXTURES / "banjir-id.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    cfg = api.configured()
    store = tmp_path / ".checker" / "store.sqlite"
    with api.open_store(cfg, store) as st:
        api.index(st, [tmp_path / "archive"], config=cfg)
    text = (FIXTURES / "floods-en.md").read_text(encoding="utf-8")
    text = text.replace("language: en\n", "language: en\ntranslation_of: banjir-id\n")
    desk = Desk(store=store, folder=tmp_path, warm=False)
    with TestClient(create_app(desk), base_url="http://127.0.0.1:8700") as client:
        checked = client.post("/api/check?name=floods-en.md", content=text.encode())
        assert checked.status_code == 200
        cards = client.get(f"/api/check/{checked.json()['id']}/cards")
    assert cards.status_code == 200
    assert 'data-rule="translation-changed"' in cards.text
    assert "4.57 percent" in cards.text and "4,75 persen" in cards.text
    assert 'data-fix="4,75 persen"' not in cards.text  # the original's words are no fix
    marks = {m["text"]: m["verdict"] for m in checked.json()["marks"]}
    # a figure left out is anchored on its sentence's first word, and the figures of that
    # sentence keep their own marks; a figure added is marked where it stands
    assert marks["Rainfall"] == "omission" and "377" in marks
    assert marks["2018"] == "addition"
    assert marks["4.57 percent"] == "conflict" and marks["Rp1.5 billion"] == "artefact"


# Our own sentences in two more language pairs: each finding kind the pair can show.
OTHER_PAIRS = {
    ("fr", "en"): (
        "Le gouvernement a débloqué 2,3 milliards d'euros. Environ 7 500 personnes, dont 40 "
        "enfants, ont été évacuées. Le taux est de 4,75 %. Au total, 12 villes étaient touchées.",
        "The government released 2.3 million euros. About 7,500 people were evacuated. The rate "
        "is 4.57 percent. In all, 12 towns were hit, and 9 schools closed.",
    ),
    ("de", "en"): (
        "Die Regierung stellte 2,3 Milliarden Euro bereit. Rund 7.500 Menschen, darunter 40 "
        "Kinder, wurden evakuiert. Die Quote liegt bei 4,75 Prozent. Insgesamt waren 12 Städte "
        "betroffen.",
        "The government provided 2.3 million euros. Around 7.500 people were evacuated. The rate "
        "is 4.57 percent. In all, 12 towns were hit, and 9 schools closed.",
    ),
}


@pytest.mark.parametrize("pair", sorted(OTHER_PAIRS), ids=lambda p: "-".join(p))
def test_every_finding_kind_in_other_language_pairs(pair):
    source, target = OTHER_PAIRS[pair]
    report = check_translation(source, target, *pair)
    said = {f.rule: f.message for f in report.findings}
    assert "2,3" in said["translation-scale"] and "2.3 million" in said["translation-scale"]
    assert "4,75" in said["translation-changed"] and "4.57" in said["translation-changed"]
    assert said["translation-omitted"].startswith("40 ")
    assert said["translation-added"].startswith("9 ")
    if pair[0] == "de":  # German's thousands point kept in English
        assert "7.500" in said["translation-separator"]
    assert not any("12" in m for m in said.values())  # the figure rendered as it is
    assert len(report.findings) == len(said)  # one finding of each
