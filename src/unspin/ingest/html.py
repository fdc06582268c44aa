"""HTML pages: the article's main text (boilerplate removed by trafilatura), its metadata, and an
offset map from that text back to the page source.

Offsets in the map count characters of the decoded page (as :func:`decode_page` returns it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

from unspin.document import Document, Meta
from unspin.errors import InputError
from unspin.ingest.dates import parse_published
from unspin.ingest.source_map import build_source_map
from unspin.ingest.text import decode_text

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

_SNIFF_CHARS = 2048
_HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body")
_LEADING_TAG = re.compile(r"<(?:p|div|article|section|main|header|meta|title|h[1-6]|table|span|a)[\s/>]", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_LINE_BREAK_SPACE = re.compile(r"[ \t\r\f\v]*\n\s*")
_VERBATIM_TAGS = frozenset({"pre", "textarea", "script", "style"})


def looks_like_html(text: str) -> bool:
    """Whether ``text`` starts like an HTML page or fragment rather than prose."""
    head = text[:_SNIFF_CHARS].lstrip().lower()
    return any(marker in head for marker in _HTML_MARKERS) or bool(_LEADING_TAG.match(head))


def decode_page(data: bytes, *, name: str) -> str:
    """The page as text: UTF-8, or the charset the page itself declares when it is not UTF-8."""
    try:
        return decode_text(data, name=name)
    except InputError as error:
        declared = _CHARSET.search(data[: _SNIFF_CHARS * 2])
        if error.code != "not_utf8" or declared is None:
            raise
        try:
            return decode_text(data.decode(declared.group(1).decode("ascii")).encode("utf-8"), name=name)
        except (LookupError, UnicodeDecodeError):
            raise error from None


def html_document(doc_id: str, source: str, meta: Meta) -> Document:
    """The article in the page ``source``; ``meta`` values already set win over the page's own metadata."""
    import trafilatura

    name = meta.source or doc_id
    tree = _parse(source, name)
    try:
        extracted = trafilatura.bare_extraction(
            tree,
            url=meta.url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as error:  # the extractor's own failures, translated at this boundary
        raise InputError(
            f"The HTML extractor failed on the page {name} ({type(error).__name__}: {error}).",
            fix="Save the article text as a .txt file and analyse that instead.",
            code="bad_html",
        ) from error
    text = getattr(extracted, "text", None) or ""
    if not text.strip():
        raise InputError(
            f"No article text could be extracted from the page {name}.",
            fix="Check that the file is the article page itself (not an index, login or script-only page); "
            "otherwise save the article text as a .txt file.",
            code="bad_html",
        )
    meta = replace(
        meta,
        title=meta.title or getattr(extracted, "title", None),
        outlet=meta.outlet or getattr(extracted, "sitename", None),
        url=meta.url or getattr(extracted, "url", None),
        published=meta.published or _page_date(getattr(extracted, "date", None)),
    )
    return Document(doc_id, text, meta, source_map=build_source_map(text, source))


def _parse(source: str, name: str) -> Any:
    """The page as an lxml tree, with line breaks inside running text turned into spaces."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(_XML_DECLARATION.sub("", source, count=1))
    except (etree.ParserError, ValueError) as error:
        raise InputError(
            f"{name} cannot be parsed as HTML ({error}).",
            fix="Check that the file is a complete HTML page, or save the article text as a .txt file.",
            code="bad_html",
        ) from None
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _VERBATIM_TAGS:
            continue
        if element.text and "\n" in element.text:
            element.text = _LINE_BREAK_SPACE.sub(" ", element.text)
        if element.tail and "\n" in element.tail:
            element.tail = _LINE_BREAK_SPACE.sub(" ", element.tail)
    return tree


def _page_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_published(value)
    except InputError:
        return None
