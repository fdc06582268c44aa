"""One article from a file or standard input, as HTML or plain text, with metadata overrides."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from unspin.document import Document, Meta
from unspin.ingest.dates import parse_published
from unspin.ingest.html import HTML_SUFFIXES, decode_page, html_document, looks_like_html
from unspin.ingest.text import DEFAULT_MAX_BYTES, normalise_newlines, read_limited, read_path_bytes

STDIN = "-"
TEXT_SUFFIXES = frozenset({".txt", ".text"})


@dataclass(frozen=True)
class Overrides:
    """Metadata given by the user (``--published``, ``--outlet``, ``--url``); it replaces what the input says."""

    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None

    @classmethod
    def of(cls, published: str | dt.date | None, outlet: str | None, url: str | None) -> Overrides:
        return cls(None if published is None else parse_published(published), outlet, url)

    def apply(self, meta: Meta) -> Meta:
        return replace(
            meta,
            published=self.published or meta.published,
            outlet=self.outlet or meta.outlet,
            url=self.url or meta.url,
        )


def read_article(
    path_or_dash: str,
    *,
    published: str | dt.date | None = None,
    outlet: str | None = None,
    url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    doc_id: str | None = None,
    stdin: BinaryIO | None = None,
) -> Document:
    """The article in file ``path_or_dash`` (``-``: standard input, or ``stdin`` when given).

    HTML is recognised by the extension or by how the content starts. Raises :class:`InputError`
    (codes ``missing_path``, ``not_a_file``, ``too_large``, ``binary_input``, ``not_utf8``,
    ``empty_input``, ``bad_html``, ``bad_published``).
    """
    overrides = Overrides.of(published, outlet, url)
    if path_or_dash == STDIN:
        data = read_limited(stdin or sys.stdin.buffer, name="standard input", max_bytes=max_bytes)
        return article_document(data, doc_id=doc_id or "stdin", source="<stdin>", suffix="", overrides=overrides)
    path = Path(path_or_dash)
    data = read_path_bytes(path, max_bytes=max_bytes)
    return article_document(
        data, doc_id=doc_id or path.stem, source=str(path), suffix=path.suffix.lower(), overrides=overrides
    )


def article_document(data: bytes, *, doc_id: str, source: str, suffix: str, overrides: Overrides) -> Document:
    """The document for the bytes of one article file named ``source``."""
    text = decode_page(data, name=source)
    meta = overrides.apply(Meta(source=source))
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and looks_like_html(text)):
        return html_document(doc_id, text, meta)
    return Document(doc_id, normalise_newlines(text), meta)
