"""Corpora: JSONL and CSV files of articles, and directories of article and corpus files.

Rows are read lazily, one at a time. Every row yields either a :class:`Document` or a
:class:`Rejection` saying what is wrong with it and where, so a batch run accounts for every row.

A row has ``id``, ``text`` or ``html`` (``text`` wins when both are filled), and optionally ``url``,
``outlet``, ``published`` and ``title``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from unspin.document import Document, Meta
from unspin.errors import InputError
from unspin.ingest.article import TEXT_SUFFIXES, Overrides, article_document
from unspin.ingest.dates import parse_published
from unspin.ingest.html import HTML_SUFFIXES, html_document
from unspin.ingest.text import normalise_newlines, read_path_bytes
from unspin.rejection import Rejection

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
INPUT_SUFFIXES = ARTICLE_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES

_STRING_FIELDS = ("text", "html", "url", "outlet", "published", "title")
_UNDECODABLE = re.compile("[\udc80-\udcff]")
_JSON_LINE_FACTOR = 4  # JSON escapes make a line longer than the text it holds
_LINE_SLACK = 1 << 16
_DRAIN_CHUNK = 1 << 20
Item = Document | Rejection


@dataclass(frozen=True)
class _Row:
    """Where a row came from: ``source`` (``path:line``) and the id to use when the row has none."""

    source: str
    fallback_id: str


def iter_corpus_file(
    path: Path, *, overrides: Overrides, max_bytes: int, file_id: str | None = None, id_prefix: str = ""
) -> Iterator[Item]:
    """The rows of the JSONL or CSV file ``path``; rows without an id get ``{id_prefix}line-N``.

    A file that cannot be opened yields one rejection, with id ``file_id`` (the file's stem by default).
    """
    try:
        stream = path.open("rb")
    except OSError as error:
        reason = f"{path} cannot be read ({error.strerror}). Check the path and its permissions."
        yield Rejection(file_id or path.stem, "unreadable", reason, str(path))
        return
    with stream:
        if path.suffix.lower() in CSV_SUFFIXES:
            text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
            yield from _iter_csv(text, str(path), overrides=overrides, max_bytes=max_bytes, id_prefix=id_prefix)
        else:
            yield from _iter_jsonl(stream, str(path), overrides=overrides, max_bytes=max_bytes, id_prefix=id_prefix)


def iter_directory(root: Path, *, overrides: Overrides, max_bytes: int) -> Iterator[Item]:
    """One document per article file under ``root`` and one per corpus row, in sorted path order.

    Hidden files and files of other types are not inputs. Ids are paths relative to ``root``
    without the extension (``world/ceasefire``).
    """
    files = sorted((path.relative_to(root), path) for path in root.rglob("*") if path.suffix.lower() in INPUT_SUFFIXES)
    for relative, path in files:
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        doc_id = relative.with_suffix("").as_posix()
        suffix = path.suffix.lower()
        if suffix in ARTICLE_SUFFIXES:
            yield article_item(path, doc_id=doc_id, overrides=overrides, max_bytes=max_bytes)
        else:
            yield from iter_corpus_file(
                path, overrides=overrides, max_bytes=max_bytes, file_id=doc_id, id_prefix=f"{doc_id}/"
            )


def article_item(path: Path, *, doc_id: str, overrides: Overrides, max_bytes: int) -> Item:
    """The document in the article file ``path``, or its rejection."""
    try:
        data = read_path_bytes(path, max_bytes=max_bytes)
        return article_document(data, doc_id=doc_id, source=str(path), suffix=path.suffix.lower(), overrides=overrides)
    except InputError as error:
        return Rejection.from_error(doc_id, error, str(path))


def _iter_jsonl(stream: BinaryIO, path: str, *, overrides: Overrides, max_bytes: int, id_prefix: str) -> Iterator[Item]:
    for number, line in _bounded_lines(stream, max_bytes * _JSON_LINE_FACTOR + _LINE_SLACK):
        row = _Row(f"{path}:{number}", f"{id_prefix}line-{number}")
        if line is None:
            yield _reject(
                row,
                None,
                "too_large",
                f"Line {number} is too long for an article of at most {max_bytes:,} bytes.",
                "Check the line; split very long texts or raise the size limit.",
            )
            continue
        if not line.strip():
            continue
        yield _jsonl_row(line, row, overrides=overrides, max_bytes=max_bytes)


def _jsonl_row(line: bytes, row: _Row, *, overrides: Overrides, max_bytes: int) -> Item:
    try:
        fields = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return _reject(
            row,
            None,
            "not_utf8",
            "The line is not UTF-8 text.",
            "Convert the file first, e.g. `iconv -f latin1 -t utf-8 FILE > FILE.utf8`.",
        )
    except json.JSONDecodeError as error:
        return _reject(
            row,
            None,
            "bad_json",
            f"The line is not valid JSON ({error.msg} at column {error.colno}).",
            "Write one JSON object per line.",
        )
    if not isinstance(fields, dict):
        return _reject(
            row,
            None,
            "bad_row",
            f"The line holds a JSON {type(fields).__name__}, not an object.",
            'Write one JSON object per line, e.g. {"id": "a1", "text": "..."}.',
        )
    return _row_item(fields, row, overrides=overrides, max_bytes=max_bytes)


def _iter_csv(stream: TextIO, path: str, *, overrides: Overrides, max_bytes: int, id_prefix: str) -> Iterator[Item]:
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes * _JSON_LINE_FACTOR + _LINE_SLACK))
    reader = csv.DictReader(stream)
    while True:
        number = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            row = _Row(f"{path}:{number}", f"{id_prefix}line-{number}")
            code = "too_large" if "field larger" in str(error) else "bad_row"
            yield _reject(
                row,
                None,
                code,
                f"The CSV record is malformed ({error}).",
                "Quote fields that hold commas, quotes or line breaks; split very long texts.",
            )
            continue
        row = _Row(f"{path}:{number}", f"{id_prefix}line-{number}")
        if "text" not in fields and "html" not in fields:
            columns = ", ".join(name for name in reader.fieldnames or () if name)
            yield _reject(
                row,
                _id_of(fields),
                "missing_text",
                f"The CSV has no `text` or `html` column (its columns: {columns}).",
                "Add a header row naming the article column `text`.",
            )
            continue
        yield _row_item(fields, row, overrides=overrides, max_bytes=max_bytes)


def _row_item(fields: Mapping[str, object], row: _Row, *, overrides: Overrides, max_bytes: int) -> Item:
    """The document for one corpus row (already parsed into ``fields``), or its rejection."""
    row_id = _id_of(fields)
    wrong = [key for key in _STRING_FIELDS if fields.get(key) is not None and not isinstance(fields[key], str)]
    if wrong:
        return _reject(
            row, row_id, "bad_row", f"Field(s) {', '.join(wrong)} must be text.", "Write them as strings (or null)."
        )
    values = {key: str(fields[key]) for key in _STRING_FIELDS if fields.get(key)}
    if any(_UNDECODABLE.search(value) for value in values.values()):
        return _reject(
            row,
            row_id,
            "not_utf8",
            "The row is not UTF-8 text.",
            "Convert the file first, e.g. `iconv -f latin1 -t utf-8 FILE > FILE.utf8`.",
        )
    body = values.get("text") or values.get("html")
    if body is None:
        return _reject(
            row,
            row_id,
            "missing_text",
            "The row has no `text` or `html`.",
            "Give the article text in `text` (or the page in `html`).",
        )
    if not body.strip():
        return _reject(row, row_id, "empty_input", "The row's text is only white space.", "Give the article text.")
    size = len(body.encode("utf-8", "surrogateescape"))
    if size > max_bytes:
        return _reject(
            row,
            row_id,
            "too_large",
            f"The row's text has {size:,} bytes, over the {max_bytes:,}-byte limit.",
            "Check that it is one article; split it, or raise the size limit if it really is.",
        )
    doc_id = row_id or row.fallback_id
    try:
        published = parse_published(values["published"]) if "published" in values else None
        meta = overrides.apply(
            Meta(
                published=published,
                outlet=values.get("outlet"),
                url=values.get("url"),
                title=values.get("title"),
                source=row.source,
            )
        )
        if "text" in values:
            return Document(doc_id, normalise_newlines(body), meta)
        return html_document(doc_id, body, meta)
    except InputError as error:
        return Rejection.from_error(doc_id, error, row.source)


def _id_of(fields: Mapping[str, object]) -> str | None:
    value = fields.get("id")
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        return None
    return str(value).strip()


def _reject(row: _Row, row_id: str | None, code: str, reason: str, fix: str) -> Rejection:
    return Rejection(row_id or row.fallback_id, code, f"{reason} {fix}", row.source)


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` pairs; a line longer than ``limit`` bytes is skipped unread and given as None."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(_DRAIN_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line
