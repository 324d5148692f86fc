"""The vocabulary of rule kinds. A rule file names one of these in ``kind:``.

Each kind module provides:
``SCOPE`` ("pair": judges one match; "corpus": looks at everything once),
``SETTINGS`` (name -> (type, default, help)), ``SITUATIONS`` (message names it
may use, "default" first), ``BLANKS`` (the ``{names}`` its messages may use),
and ``judge(match, rule, ctx)`` for pair kinds or ``check(ctx, rule)`` for
corpus kinds. Pair kinds also set ``PRECEDENCE``: a match is judged by the
lowest-precedence rule that has something to say, and by no other.

Translation kinds (``SCOPE = "translation"``, ``translation_*``) judge one figure of a source
and what became of it in a translation (``judge(pair, rule, ctx)``, with a ``PRECEDENCE`` as
pair kinds have); they run only in a translation check (``checker translation``), never in a
report of articles against each other.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    agreement,
    conflict,
    document_pattern,
    quantity_note,
    scale_artefact,
    single_source,
    title_consistency,
    translation_added,
    translation_changed,
    translation_omitted,
    translation_scale,
    translation_separator,
    update,
)

KINDS: dict[str, ModuleType] = {
    "scale-artefact": scale_artefact,
    "update": update,
    "conflict": conflict,
    "agreement": agreement,
    "single-source": single_source,
    "quantity-note": quantity_note,
    "title-consistency": title_consistency,
    "document-pattern": document_pattern,
    "translation-separator": translation_separator,
    "translation-scale": translation_scale,
    "translation-changed": translation_changed,
    "translation-omitted": translation_omitted,
    "translation-added": translation_added,
}
