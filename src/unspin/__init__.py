"""unspin: evidence-linked analysis of news about conflicts and politics.

>>> from unspin import analyze_text
>>> doc = analyze_text("President Jane Doe said on Monday that ...", published="2024-03-06")
>>> doc.layer("statements")
"""

from __future__ import annotations

import datetime as dt

from unspin.document import Document, Meta

__version__ = "0.1.0"


def analyze_text(
    text: str,
    *,
    published: str | dt.date | None = None,
    outlet: str | None = None,
    doc_id: str = "doc",
    pipeline: object | None = None,
) -> Document:
    """Run the default pipeline (or ``pipeline``) over one article text."""
    from unspin.pipeline import Pipeline

    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    doc = Document(doc_id, text, Meta(published=published, outlet=outlet))
    runner = pipeline if isinstance(pipeline, Pipeline) else Pipeline()
    return runner(doc)


__all__ = ["Document", "Meta", "__version__", "analyze_text"]
