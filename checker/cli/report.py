"""``checker report``, ``checker claims`` and ``checker rules``: articles in, a report out."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import CheckerError, one_line
from ._lazy import LazyModule, lazy_function
from .app import (
    ColorOption,
    ConfigOption,
    DateOption,
    FailOnOption,
    Format,
    FormatOption,
    OutOption,
    PathsArgument,
    RulesOption,
    app,
    emit,
    exit_code,
    fail,
    parse_day,
)
from .progress import bar, wanted

api = LazyModule("checker.api")
render = lazy_function("checker.report", "render")
clean = lazy_function("checker.report", "clean")
dumps = lazy_function("checker.report", "dumps")
timeline = lazy_function("checker.compare.timeline", "timeline")
timeline_dict = lazy_function("checker.compare.timeline", "timeline_dict")
render_timeline = lazy_function("checker.compare.timeline", "render_timeline")
grammar_notes = lazy_function("checker.lang.lexicon", "grammar_notes")


@app.command()
def report(
    paths: PathsArgument,
    fmt: FormatOption = Format.text,
    out: OutOption = None,
    rules: RulesOption = None,
    color: ColorOption = None,
    config: ConfigOption = None,
    fail_on: FailOnOption = None,
    date: DateOption = None,
    timeline: Annotated[
        bool,
        typer.Option("--timeline", help="List each tracked claim's values by date instead."),
    ] = False,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal)."),
    ] = None,
    one_story: Annotated[
        bool,
        typer.Option(
            "--one-story",
            help="Treat every article as one story (by default articles are grouped into "
            "stories and claims meet only inside one).",
        ),
    ] = False,
) -> None:
    """Compare the figures in a set of articles and report what agrees, conflicts or moved."""
    day = parse_day(date)
    try:
        cfg = api.configured(config)
        with bar(wanted(progress)) as tell:
            result = api.check(
                paths, rules, config=cfg, default_date=day, progress=tell, one_story=one_story
            )
    except CheckerError as exc:
        raise fail(exc) from None
    use_color = (out is None and sys.stdout.isatty()) if color is None else color
    if timeline:
        text = _timeline_text(result, fmt)
    else:
        text = render(result, fmt.value, color=use_color and fmt is Format.text)
    emit(text, out, result)
    raise typer.Exit(exit_code(result, fail_on.value if fail_on else cfg.fail_on))


def _timeline_text(result, fmt: Format) -> str:
    tracks = timeline(result)
    if fmt is Format.json:
        return dumps({"timeline": timeline_dict(tracks)}, indent=2)
    if fmt not in (Format.text, Format.markdown):
        raise fail(f"--timeline writes text, markdown or json, not {fmt.value}")
    # outlets, ids and sentences as the articles wrote them: each line made inert
    body = "\n".join(clean(line, keep_spaces=True) for line in render_timeline(tracks).split("\n"))
    if fmt is not Format.markdown:
        return body
    fence = "`" * max(3, 1 + max(map(len, re.findall("`+", body)), default=0))
    return f"{fence}text\n{body}{fence}"


@app.command()
def claims(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    rules: RulesOption = None,
    config: ConfigOption = None,
) -> None:
    """List every claim found: the figure, its interval, its unit (and what a rate is per),
    what it counts, the event, and from the parse its role, agent, modifiers, places and
    times, and purpose."""
    try:
        found = api.claims(paths, rules, config=api.configured(config))
    except CheckerError as exc:
        raise fail(exc) from None
    for _doc, doc_claims in found:
        for c in doc_claims:
            q = c.quantity
            unit = f"{q.unit or '-'}/{q.per}" if q.per else q.unit or "-"
            fields = (
                c.id, q.kind, repr(q.text), f"[{q.low:g}, {q.high:g}]", q.approx, unit,
                c.subject or "-", c.event or "-", c.role or "-", c.agent or "-",
                ",".join(c.modifiers) or "-", ",".join((*c.places, *c.times)) or "-",
                c.purpose or "-",
            )  # fmt: skip
            # every field is the article's text (ids from a JSONL row): one inert cell each
            typer.echo("\t".join(clean(f) for f in fields))
    for note in grammar_notes([doc for doc, _ in found]):
        typer.echo(f"checker: note: {clean(note)}", err=True)


@app.command("rules")
def list_rules(
    rules: RulesOption = None,
    config: ConfigOption = None,
    test: Annotated[
        bool,
        typer.Option("--test", help="Run every rule's own examples; exit 1 if one fails."),
    ] = False,
) -> None:
    """Validate the rule pack and list its rules (id, kind, level, title), with the
    configuration's folders, levels and disabled rules applied; warn, one line a rule, when
    a rule's own flag examples do not flag. --test runs every example and reports each."""
    from ..rule_examples import iter_examples, test_example

    try:
        pack = api.rule_pack(rules, api.configured(config))
        if test:
            outcomes = [test_example(pack, e) for e in iter_examples(pack)]
        else:
            flags = [e for e in iter_examples(pack) if e.group == "flag"]
            outcomes = [test_example(pack, e) for e in flags]
    except CheckerError as exc:
        raise fail(exc) from None
    by_id = {r.id: r for r in pack.rules}
    if test:
        for o in outcomes:
            e = o.example
            where = f"{by_id[e.rule].path}:{e.data.get('line', by_id[e.rule].line)}"
            label = {"passed": "PASS", "failed": "FAIL", "gap": "TODO", "fixed": "FIXED"}
            detail = f"  {o.detail}" if o.detail else ""
            typer.echo(one_line(f"{label[o.status]:5} {e.id:30} {where}{detail}"))
        n = {s: sum(o.status == s for o in outcomes) for s in ("passed", "failed", "gap", "fixed")}
        typer.echo(
            f"{len(outcomes)} examples: {n['passed']} passed, {n['failed'] + n['fixed']} failed"
            f", {n['gap']} known gap{'s' * (n['gap'] != 1)} (todo)"
        )
        raise typer.Exit(0 if all(o.ok for o in outcomes) else 1)
    for r in pack.rules:
        state = "" if r.enabled else "  (disabled)"
        rid, kind, level, title = (clean(x) for x in (r.id, r.kind, r.level, r.title))
        typer.echo(f"{rid:24} {kind:18} {level:8} {title}{state}")
    failed: dict[str, list] = {}
    for o in outcomes:
        if not o.ok:
            failed.setdefault(o.example.rule, []).append(o.example)
    for rule_id, examples in failed.items():
        r = by_id[rule_id]
        total = len(r.examples.get("flag", ()))
        first = examples[0].data.get("line", r.line)
        typer.echo(one_line(
            f"checker: warning: {r.path}:{first}: rule '{rule_id}': {len(examples)} of its "
            f"{total} flag examples do not flag (checker rules --test shows each)"
        ), err=True)  # fmt: skip
