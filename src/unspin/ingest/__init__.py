"""Ingestion: articles (plain text, HTML) and corpora (JSONL, CSV, directories) into documents.

- :func:`read_article` reads one article and raises :class:`~unspin.errors.InputError` when it cannot.
- :func:`is_batch_input` tells a corpus (directory, ``.jsonl``, ``.csv``) from a single article.
- :func:`iter_inputs` reads many lazily and yields a :class:`~unspin.rejection.Rejection` in place of
  each item it cannot read, so that batch runs account for every item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from unspin.document import Document
from unspin.errors import InputError
from unspin.ingest.article import Overrides, read_article
from unspin.ingest.corpus import (
    ARTICLE_SUFFIXES,
    CSV_SUFFIXES,
    INPUT_SUFFIXES,
    JSONL_SUFFIXES,
    article_item,
    iter_corpus_file,
    iter_directory,
)
from unspin.ingest.dates import ACCEPTED_FORMATS, parse_published
from unspin.ingest.text import DEFAULT_MAX_BYTES
from unspin.rejection import Rejection


def is_batch_input(path: str | Path) -> bool:
    """Whether ``path`` holds many articles (a directory, a ``.jsonl`` or a ``.csv`` corpus)."""
    path = Path(path)
    return path.is_dir() or path.suffix.lower() in JSONL_SUFFIXES | CSV_SUFFIXES


def iter_inputs(
    path: str | Path,
    *,
    published: str | dt.date | None = None,
    outlet: str | None = None,
    url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | Rejection]:
    """Documents (or rejections) from a directory, a ``.jsonl``/``.csv`` corpus or a single article file.

    ``published``, ``outlet`` and ``url`` replace what every item says. Problems with the path itself
    (missing, unsupported type, bad override) raise :class:`InputError` at once; problems with an item
    become a rejection. An id seen before is rejected (``duplicate_id``) so that ids stay unique.
    """
    overrides = Overrides.of(published, outlet, url)
    root = Path(path)
    if not root.exists():
        raise InputError(f"{root} does not exist.", fix="Check the path.", code="missing_path")
    suffix = root.suffix.lower()
    if root.is_dir():
        items = iter_directory(root, overrides=overrides, max_bytes=max_bytes)
    elif suffix in JSONL_SUFFIXES | CSV_SUFFIXES:
        items = iter_corpus_file(root, overrides=overrides, max_bytes=max_bytes)
    elif suffix in ARTICLE_SUFFIXES:
        items = iter([article_item(root, doc_id=root.stem, overrides=overrides, max_bytes=max_bytes)])
    else:
        raise InputError(
            f"{root} is not a corpus or article file.",
            fix=f"Give a directory or a file ending in {', '.join(sorted(INPUT_SUFFIXES))}.",
            code="unsupported_input",
        )
    return _unique_ids(items)


def _unique_ids(items: Iterator[Document | Rejection]) -> Iterator[Document | Rejection]:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            source = item.meta.source if isinstance(item, Document) else item.source
            yield Rejection(
                item.id,
                "duplicate_id",
                f"The id {item.id!r} was already used by an earlier item. Give every row or file its own id.",
                source,
            )
            continue
        seen.add(item.id)
        yield item


__all__ = [
    "ACCEPTED_FORMATS",
    "DEFAULT_MAX_BYTES",
    "Overrides",
    "Rejection",
    "is_batch_input",
    "iter_inputs",
    "parse_published",
    "read_article",
]
