"""Shared by the benchmark scripts: where they run, and their own section of RESULTS.md.

Each script owns the text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``
and never touches the rest, so the scripts can be re-run in any order.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def machine() -> str:
    """Cores, CPU model and Python version, for the record beside a figure."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"


def write_section(name: str, text: str, path: Path = RESULTS) -> None:
    """Replace (or append) this script's marked section, leaving the rest byte for byte."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{text.rstrip()}\n{end}"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if start in current and end in current and current.index(end) > current.index(start):
        new = current[: current.index(start)] + block + current[current.index(end) + len(end) :]
    else:
        new = current.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")
