"""Every rule's own flag/ok/todo examples, one test each: `pytest -k RULE_ID` runs one rule."""

from __future__ import annotations

import pytest

from checker.rule_examples import iter_examples, run_example
from checker.rules import load_rules

PACK = load_rules()
EXAMPLES = iter_examples(PACK)
PARAMS = [
    pytest.param(
        e, id=e.id, marks=[pytest.mark.xfail(strict=True, reason=e.data.get("note", "known gap"))]
    )
    if e.group == "todo"
    else pytest.param(e, id=e.id)
    for e in EXAMPLES
]


def test_every_rule_has_flag_and_ok_examples():
    for rule in PACK.rules:
        assert rule.examples.get("flag"), f"{rule.id} has no flag example"
        assert rule.examples.get("ok"), f"{rule.id} has no ok example"


@pytest.mark.parametrize("example", PARAMS)
@pytest.mark.model
def test_rule_example(example):
    found = run_example(PACK, example)
    shown = "\n".join(f"  {f.verdict} {f.level}: {f.message}" for f in found) or "  (nothing)"
    if example.group in ("flag", "todo"):
        assert found, f"{example.id} should flag but did not:\n{example.data}"
    else:
        assert not found, f"{example.id} should not flag but reported:\n{shown}"
