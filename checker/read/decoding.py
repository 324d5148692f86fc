"""Bytes into text: UTF-8 (a byte-order mark allowed), UTF-16 and binary files told apart and
refused in one line naming the file, nothing else normalised."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from checker.core import safeyaml
from checker.core.errors import InputError


def read_text(shown: str, path: Path, max_bytes: int) -> str:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                shown,
                None,
                f"is {safeyaml.size_text(size)}, over the {safeyaml.size_text(max_bytes)} limit",
            )
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(shown, None, "no such file") from None
    except IsADirectoryError:
        raise InputError(shown, None, "is a directory, not a file") from None
    except OSError as exc:
        raise InputError(shown, None, f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise InputError(shown, None, f"is over the {safeyaml.size_text(max_bytes)} limit")
    return text_of(shown, raw)


def text_of(shown: str, raw: bytes) -> str:
    """The bytes of one input decoded, or an ``InputError``: empty, binary, not UTF-8."""
    text = decode(shown, raw)
    if not text.strip():
        raise InputError(shown, None, "file is empty")
    if _looks_binary_text(text):
        raise InputError(shown, None, "looks binary, not text")
    return text


BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def decode(shown: str, raw: bytes) -> str:
    encoding, label, data = "utf-8", "UTF-8", raw
    for bom, enc, name in BOMS:
        if raw.startswith(bom):
            encoding, label, data = enc, name, raw[len(bom) :]
            break
    if encoding == "utf-8" and b"\x00" in data:
        if _looks_utf16(data):
            raise InputError(
                shown, None, "looks like UTF-16 without a byte-order mark; re-save it as UTF-8"
            )
        raise InputError(shown, None, "looks binary, not text")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8" and looks_binary_bytes(data):
            raise InputError(shown, None, "looks binary, not text") from None
        before = data[: exc.start]
        if encoding == "utf-8":
            line = before.count(b"\n") + 1
            line_start = before.rfind(b"\n") + 1
            column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        else:
            # Lines of a UTF-16/32 file: decode the valid prefix and count there.
            width = 4 if label == "UTF-32" else 2
            prefix = data[: exc.start - exc.start % width].decode(encoding, errors="replace")
            line = prefix.count("\n") + 1
            column = len(prefix) - (prefix.rfind("\n") + 1) + 1
        bad = data[exc.start : exc.end]
        shown_bytes = " ".join(f"0x{b:02x}" for b in bad[:4])
        raise InputError(
            shown,
            line,
            f"not valid {label}: byte {shown_bytes} at column {column} cannot be decoded; "
            "re-save the file as UTF-8",
        ) from None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _looks_utf16(data: bytes) -> bool:
    """BOM-less UTF-16 of mostly ASCII text: every other byte is NUL."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 4:
        return False
    return max(sample[0::2].count(0), sample[1::2].count(0)) > 0.9 * half


def looks_binary_bytes(data: bytes) -> bool:
    """Undecodable bytes: binary if a good share of a sample is not text at all."""
    sample = data[:8192]
    decoded = sample.decode("utf-8", errors="replace")
    if not decoded:
        return False
    bad = decoded.count("\ufffd") + len(_CONTROL.findall(decoded))
    return bad / len(decoded) > 0.3


def _looks_binary_text(text: str) -> bool:
    sample = text[:8192]
    if "\x00" in sample:
        return True
    return len(_CONTROL.findall(sample)) / len(sample) > 0.1
