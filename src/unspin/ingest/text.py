"""Plain-text articles: bounded reading, strict UTF-8 decoding and line-ending normalisation.

The text is otherwise kept exactly as written, so that every offset a stage reports points at the
same characters a reader sees in the file (after ``\\r\\n`` -> ``\\n``).
"""

from __future__ import annotations

import codecs
import stat
from pathlib import Path
from typing import BinaryIO

from unspin.errors import InputError

DEFAULT_MAX_BYTES = 10_000_000
_SNIFF_BYTES = 8192
_CONTROL_SHARE = 0.1
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")


def read_path_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of the file at ``path``; refuses missing paths, directories and files over ``max_bytes``.

    The size of a regular file is checked before anything is read.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path} does not exist.", fix="Check the path.", code="missing_path") from None
    except OSError as error:
        raise InputError(
            f"{path} cannot be read ({error.strerror}).", fix="Check the path and its permissions.", code="unreadable"
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(
            f"{path} is a directory, not a file.",
            fix="Give the path of one article file, or pass the directory as a corpus to the batch command.",
            code="not_a_file",
        )
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise _too_large(str(path), info.st_size, max_bytes)
    try:
        with path.open("rb") as stream:
            return read_limited(stream, name=str(path), max_bytes=max_bytes)
    except OSError as error:
        raise InputError(
            f"{path} cannot be read ({error.strerror}).", fix="Check the path and its permissions.", code="unreadable"
        ) from None


def read_limited(stream: BinaryIO, *, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """At most ``max_bytes`` from ``stream`` (standard input, a pipe); refuses anything longer."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(name, None, max_bytes)
    return data


def decode_text(data: bytes, *, name: str) -> str:
    """``data`` decoded as UTF-8 (a byte-order mark is dropped); refuses binary, non-UTF-8 and empty input."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _not_utf8(name, "it is UTF-16 text", "utf-16")
    if b"\x00" in data or _control_share(data[:_SNIFF_BYTES].decode("latin-1")) > _CONTROL_SHARE:
        raise InputError(
            f"{name} looks like a binary file, not text.",
            fix="Give the article as a UTF-8 text (.txt) or HTML (.html) file; extract the text from PDFs or "
            "word-processor files first.",
            code="binary_input",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _not_utf8(name, f"byte 0x{data[error.start]:02x} on line {line} is not valid UTF-8", "latin1") from None
    if not text.strip():
        raise InputError(
            f"{name} is empty or holds only white space.", fix="Give a file with the article text.", code="empty_input"
        )
    return text


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_share(sample: str) -> float:
    if not sample:
        return 0.0
    controls = sum(1 for char in sample if (char < " " or char == "\x7f") and char not in _TEXT_CONTROLS)
    return controls / len(sample)


def _too_large(name: str, size: int | None, max_bytes: int) -> InputError:
    size_text = f" ({size:,} bytes)" if size is not None else ""
    return InputError(
        f"{name} is larger than the {max_bytes:,}-byte limit{size_text}.",
        fix="Check that it is one article; split it, or raise the limit with --max-mb if it really is one.",
        code="too_large",
    )


def _not_utf8(name: str, why: str, encoding: str) -> InputError:
    return InputError(
        f"{name} is not UTF-8 text: {why}.",
        fix=f"Convert it first, e.g. `iconv -f {encoding} -t utf-8 FILE > FILE.utf8` "
        "(name the file's real encoding after -f).",
        code="not_utf8",
    )
