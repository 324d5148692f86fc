"""``checker track`` as a table and as a plot: one figure over time, outlet by outlet."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from checker.core.model import Sighting
from checker.report._common import clean, truncate


def track_table(sightings: Sequence[Sighting], width: int = 110) -> str:
    if not sightings:
        return "No stored claim matches.\n"
    rows = [("date", "outlet", "figure", "sentence")]
    for s in sightings:
        c = s.claim
        a, b = c.start - c.sentence_start, c.end - c.sentence_start
        t = c.sentence_text
        sentence = clean(t[:a]) + "[" + clean(t[a:b]) + "]" + clean(t[b:])
        rows.append((
            s.doc.date.isoformat() if s.doc.date else "undated",
            truncate(clean(s.doc.outlet or s.doc.id), 24),
            truncate(clean(c.quantity.text), 18),
            truncate(sentence.strip(), width),
        ))  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join([r[0].ljust(widths[0]), r[1].ljust(widths[1]), r[2].ljust(widths[2]), r[3]])
             for r in rows]  # fmt: skip
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 8)
    outlets = {s.doc.outlet or s.doc.id for s in sightings}
    lines.append("")
    n, m = len(sightings), len(outlets)
    lines.append(f"{n} claim{'s' * (n != 1)} from {m} outlet{'s' * (m != 1)}")
    return "\n".join(lines) + "\n"


_MARKERS = {"exact": "o", "approximate": "D", "lower_bound": "^", "upper_bound": "v", "range": "s"}
_APPROX_LABEL = {"exact": "exact", "approximate": "about", "lower_bound": "at least",
                 "upper_bound": "up to", "range": "range"}  # fmt: skip


def track_plot(sightings: Sequence[Sighting], query: str, path: Path) -> int:
    """Draw the figure over time; returns the number of claims plotted (dated only)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    dated = [
        s for s in sightings if s.doc.date is not None and math.isfinite(s.claim.quantity.value)
    ]
    undated = len(sightings) - len(dated)
    outlets = sorted({s.doc.outlet or s.doc.id for s in dated})
    palette = plt.get_cmap("tab10")
    color = {o: palette(i % 10) for i, o in enumerate(outlets)}
    fams = sorted({s.claim.kind for s in dated}) or ["cardinal"]
    fig, axes = plt.subplots(len(fams), 1, figsize=(10, 3.4 + 2.6 * len(fams)), squeeze=False,
                             sharex=True)  # fmt: skip
    for ax, kind in zip(axes[:, 0], fams, strict=True):
        pts = [s for s in dated if s.claim.kind == kind]
        pts.sort(key=lambda s: s.doc.date)
        if pts:
            xs = [s.doc.date for s in pts]
            ys = [s.claim.quantity.value for s in pts]
            ax.plot(xs, ys, color="0.75", linewidth=1.2, zorder=1)
        for s in pts:
            q = s.claim.quantity
            c = color[s.doc.outlet or s.doc.id]
            lo = q.low if math.isfinite(q.low) else None
            hi = q.high if math.isfinite(q.high) else None
            if lo is not None and hi is not None and hi > lo:
                ax.vlines(s.doc.date, lo, hi, color=c, alpha=0.45, linewidth=3, zorder=2)
            ax.scatter([s.doc.date], [q.value], marker=_MARKERS.get(q.approx, "o"), s=70,
                       color=c, edgecolor="black", linewidth=0.6, zorder=3)  # fmt: skip
            ax.annotate(q.text, (s.doc.date, q.value), textcoords="offset points", xytext=(6, 6),
                        fontsize=8, color="0.25")  # fmt: skip
        label = {"ordinal": "ordinal (nth)", "percent": "percent", "money": "amount"}.get(kind,
                                                                                         "count")  # fmt: skip
        ax.set_ylabel(label)
        ax.grid(True, axis="y", color="0.9")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if kind != "ordinal" and pts and max(s.claim.quantity.value for s in pts) >= 10_000:
            ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax = axes[-1, 0]
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(mdates.AutoDateLocator()))
    n_out = len(outlets)
    subtitle = f"{len(dated)} dated claims from {n_out} outlet{'s' * (n_out != 1)}"
    if undated:
        subtitle += f"; {undated} undated not shown"
    fig.suptitle(f"\u201c{query}\u201d over time", fontsize=14, x=0.01, ha="left")
    axes[0, 0].set_title(subtitle, fontsize=9, loc="left", color="0.35")
    handles = [Line2D([], [], marker="o", linestyle="", color=color[o], label=o) for o in outlets]
    kinds_seen = sorted({s.claim.quantity.approx for s in dated})
    handles += [Line2D([], [], marker=_MARKERS.get(a, "o"), linestyle="", color="0.4",
                       label=_APPROX_LABEL.get(a, a)) for a in kinds_seen]  # fmt: skip
    if any(
        math.isfinite(s.claim.quantity.low)
        and math.isfinite(s.claim.quantity.high)
        and s.claim.quantity.high > s.claim.quantity.low
        for s in dated
    ):
        handles.append(Line2D([], [], color="0.4", alpha=0.45, linewidth=3,
                              label="what the wording allows"))  # fmt: skip
    if handles:
        fig.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False,
                   fontsize=8)  # fmt: skip
    if not dated:
        axes[0, 0].text(0.5, 0.5, "no dated claims to plot", ha="center", va="center",
                        transform=axes[0, 0].transAxes, color="0.4")  # fmt: skip
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, bbox_inches="tight", dpi=110)
    plt.close(fig)
    return len(dated)
