"""From the attribution head's word tags to attributions: role spans, runs, then cue-centred groups.

The head (:mod:`unspin.train.attribution_head`) tags words ``B-``/``I-`` ``SOURCE``, ``CUE``, ``CONTENT``.
:func:`role_spans` joins them into spans (an ``I-`` continues a span of its role; anything else ends it).
Word tags are noisy inside long spans, so :func:`role_runs` joins spans of one role that are only a few
words apart in one paragraph: contents across up to :data:`CONTENT_GAP` untagged words, sources when they
touch, and cues into one discontinuous cue ("has | also | said", as PolNeAR marks "has ... said").

:func:`group_roles` builds one group per cue: its source is the nearest source before the cue with no other
cue between them (or, failing that, one within :data:`SOURCE_AFTER` characters after it: "..., said the
minister"); a cue with neither shares the source of the cue just before it in the same sentence ("Protesters
said ... but pledged ..."). Its content is the nearest free content after the cue with no other cue between
(or, failing that, the nearest free content before the source: "“...,” he said"). All of it within
:data:`REACH` characters and without a paragraph break in between, but for a cue that introduces its content
with a colon ("Limbaugh added:", then the quotation as the next paragraph). A dash that signs a quotation with
a name ("“...” ― Pamela Padilla", the layout of quoted reader comments) is a cue of its own. A content no
cue claims continues the content of the group just before it in the paragraph ("“...,” he said. “...”"), or
becomes a group of its own when it has at least :data:`MIN_ORPHAN_WORDS` words. Sources that no cue claims
are dropped: a source alone states nothing. The constants were chosen on PolNeAR dev (see docs/decisions/0004).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from unspin.spans import Span

REACH = 200
"""How far (characters) a cue looks for its source and its content."""
SOURCE_AFTER = 40
"""How far (characters) after its cue an inverted source may start (", said the minister")."""
CONTENT_GAP = 2
"""Untagged words that may fall inside one content span."""
CUE_GAP = 2
"""Words that may separate the parts of one discontinuous cue."""
SOURCE_GAP = 0
"""Words that may separate two source spans joined into one (they must touch)."""
MIN_ORPHAN_WORDS = 3
"""A content span with no cue and no content before it must have this many words to stand alone."""

_WORD = re.compile(r"\w+")
_QUOTE_PUNCTUATION = " ,;:\"'”’»"
_INTRODUCTION = re.compile(r"[^\S\n]*:[^\S\n]*\n\s*[\"'“‘«]?")
_SIGNATURE = re.compile(r"[\s.,!?\"'”’»]*(?P<dash>[―—–])[^\S\n]*(?=[A-ZÀ-Þ])")
SENTENCE_END = re.compile(r"[.!?][\"'”’]?\s+[A-Z“\"]")
"""A sentence ends in a gap: a full stop, question or exclamation mark (a closing quote may follow), then a capital."""


class Tagged(Protocol):
    """Anything with a character span and a BIO label (the ONNX tagger's ``Tag``)."""

    start: int
    end: int
    label: str


@dataclass
class RoleGroup:
    """One attribution as the head sees it: spans by role (any of them may be missing)."""

    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    content: list[Span] = field(default_factory=list)


def role_spans(tags: Sequence[Tagged]) -> list[tuple[Span, str]]:
    """Spans of consecutive words of one role, in text order."""
    spans: list[tuple[Span, str]] = []
    current: tuple[int, int, str] | None = None
    for tag in tags:
        prefix, _, role = tag.label.partition("-")
        if current is not None and prefix == "I" and role == current[2]:
            current = (current[0], tag.end, role)
            continue
        if current is not None:
            spans.append((Span(current[0], current[1]), current[2]))
            current = None
        if prefix in ("B", "I") and role:
            current = (tag.start, tag.end, role)
    if current is not None:
        spans.append((Span(current[0], current[1]), current[2]))
    return spans


def words_between(text: str, left: Span, right: Span) -> int | None:
    """Words in the gap between two spans, or None when a paragraph break separates them."""
    gap = text[left.end : right.start]
    return None if "\n" in gap else len(_WORD.findall(gap))


def role_runs(text: str, spans: Sequence[tuple[Span, str]]) -> list[tuple[list[Span], str]]:
    """Neighbouring spans of one role joined (see the module docstring): one span per run for sources and
    contents, the parts kept apart for a discontinuous cue."""
    limits = {"CONTENT": CONTENT_GAP, "CUE": CUE_GAP, "SOURCE": SOURCE_GAP}
    runs: list[tuple[list[Span], str]] = []
    for span, role in spans:
        if runs and runs[-1][1] == role:
            parts = runs[-1][0]
            words = words_between(text, parts[-1], span)
            if words is not None and words <= limits[role]:
                if role == "CUE":
                    parts.append(span)
                else:
                    parts[-1] = Span(parts[-1].start, span.end)
                continue
        runs.append(([span], role))
    return runs


def reachable(text: str, left_end: int, right_start: int) -> bool:
    """Whether a span ending at ``left_end`` can pair with one starting at ``right_start``: in order, at most
    :data:`REACH` characters apart, no paragraph break between."""
    return left_end <= right_start <= left_end + REACH and "\n" not in text[left_end:right_start]


def introduces(text: str, cue_end: int, content_start: int) -> bool:
    """Whether a cue ending at ``cue_end`` introduces, with a colon, a content that opens a later paragraph
    ("Limbaugh added:\n\n“...”"): only the colon, white space and an opening quotation mark between them."""
    starts = (cue_end, cue_end - 1) if text[cue_end - 1 : cue_end] == ":" else (cue_end,)  # the cue's own colon
    return any(_INTRODUCTION.fullmatch(text, start, content_start) for start in starts)


def signature_dashes(text: str, contents: Sequence[Span], cues: Sequence[list[Span]]) -> list[list[Span]]:
    """Dashes that sign a quotation with its speaker's name ("“...” ― Pamela Padilla"), as cues: a dash right
    after a content (closing punctuation and white space between), then a capitalised word on the same line.
    A dash already inside a tagged cue is left to it."""
    dashes = []
    for content in contents:
        found = _SIGNATURE.match(text, content.end)
        if found is None:
            continue
        dash = Span(found.start("dash"), found.end("dash"))
        if not any(part.overlaps(dash) for cue in cues for part in cue):
            dashes.append([dash])
    return dashes


def group_roles(text: str, spans: Sequence[tuple[Span, str]]) -> list[RoleGroup]:
    """Cue-centred groups of the role spans (see the module docstring), in cue order, then lone contents."""
    runs = role_runs(text, spans)
    tagged_cues = [parts for parts, role in runs if role == "CUE"]
    sources = [parts[0] for parts, role in runs if role == "SOURCE"]
    contents = [parts[0] for parts, role in runs if role == "CONTENT"]
    cues = sorted(tagged_cues + signature_dashes(text, contents, tagged_cues), key=lambda cue: cue[0].start)
    used_contents: set[Span] = set()
    groups: list[RoleGroup] = []
    for cue in cues:
        start, end = cue[0].start, cue[-1].end
        group = RoleGroup(cue=list(cue))
        source = _source_of(text, start, end, sources, cues, groups)
        if source is not None:
            group.source.append(source)
        following = [
            c
            for c in contents
            if c not in used_contents
            and (reachable(text, end, c.start) or introduces(text, end, c.start))
            and not any(end <= other[0].start < c.start for other in cues)
        ]
        anchor = source.start if source is not None and source.start < start else start
        preceding = [c for c in contents if c not in used_contents and reachable(text, c.end, anchor)]
        adjacent = preceding and not text[preceding[-1].end : anchor].strip(_QUOTE_PUNCTUATION)
        content = preceding[-1] if adjacent else following[0] if following else preceding[-1] if preceding else None
        if content is not None:
            group.content.append(content)
            used_contents.add(content)
        groups.append(group)
    for content in contents:
        if content in used_contents:
            continue
        earlier = [
            g
            for g in groups
            if g.content and g.content[-1].end <= content.start and reachable(text, g.content[-1].end, content.start)
        ]
        if earlier:
            max(earlier, key=lambda g: g.content[-1].end).content.append(content)
        elif len(_WORD.findall(content.of(text))) >= MIN_ORPHAN_WORDS:
            groups.append(RoleGroup(content=[content]))
    return [g for g in groups if g.content or g.cue]


def _source_of(
    text: str, start: int, end: int, sources: list[Span], cues: list[list[Span]], groups: list[RoleGroup]
) -> Span | None:
    before = [
        s
        for s in sources
        if reachable(text, s.end, start) and not any(s.end <= other[0].start < start for other in cues)
    ]
    if before:
        return before[-1]
    after = [s for s in sources if reachable(text, end, s.start) and s.start - end <= SOURCE_AFTER]
    if after:
        return after[0]
    if groups and groups[-1].source:
        gap = text[groups[-1].cue[-1].end : start]
        if reachable(text, groups[-1].cue[-1].end, start) and not SENTENCE_END.search(gap):
            return groups[-1].source[0]
    return None


def attribution_groups(text: str, tags: Sequence[Tagged]) -> list[RoleGroup]:
    """The attributions in the model's word tags: the groups that credit some content (a cue and source with
    no content, "he declined to comment", attribute nothing)."""
    return [group for group in group_roles(text, role_spans(tags)) if group.content]
