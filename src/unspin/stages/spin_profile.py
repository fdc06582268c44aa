"""An article's spin profile: counts of each persuasion technique per voice, and the share of text each covers.

Read from the rhetoric layer: one :class:`~unspin.annotations.SpinShare` per (technique, voice), then one
per voice over all techniques (technique ``"all"``), so that "the article's own voice uses loaded language
12 times over 4% of the text, the quoted minister's 3 times" can be read off directly. Shares count each
character once, however many spans cover it, and divide by the whole text's length.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from unspin.annotations import Rhetoric, SpinShare
from unspin.document import Document
from unspin.registry import stage
from unspin.spans import Span

ALL_TECHNIQUES = "all"


def spin_profile(doc: Document) -> list[SpinShare]:
    """The profile lines of ``doc``: per technique and voice, most frequent first, then per voice."""
    records: tuple[Rhetoric, ...] = doc.layer("rhetoric")
    length = len(doc.text)
    by_line: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for record in records:
        by_line[(record.technique, record.voice)].append(record.span)
        by_line[(ALL_TECHNIQUES, record.voice)].append(record.span)
    lines = [_share(technique, voice, spans, length) for (technique, voice), spans in by_line.items()]
    return sorted(lines, key=lambda line: (line.technique == ALL_TECHNIQUES, -line.count, line.technique, line.voice))


def _share(technique: str, voice: str, spans: list[Span], length: int) -> SpinShare:
    distinct = tuple(sorted(set(spans)))
    characters = _covered(distinct)
    return SpinShare(
        technique, voice, len(distinct), characters, round(characters / length, 4) if length else 0.0, distinct
    )


def _covered(spans: Iterable[Span]) -> int:
    """Characters covered by the spans, each counted once."""
    total, reach = 0, -1
    for span in sorted(spans):
        start = max(span.start, reach)
        if span.end > start:
            total += span.end - start
        reach = max(reach, span.end)
    return total


@stage("spin_profile.rules.v1", produces="spin_profile", requires=("rhetoric",))
def rhetoric_spin_profile() -> Callable[[Document], list[SpinShare]]:
    """Counts of each technique per voice and the share of the text they cover."""
    return spin_profile
