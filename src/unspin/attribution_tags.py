"""From the attribution head's word tags to attributions: role spans, then cue-centred groups.

The head (:mod:`unspin.train.attribution_head`) tags words ``B-``/``I-`` ``SOURCE``, ``CUE``, ``CONTENT``.
:func:`role_spans` joins them into spans (an ``I-`` continues a span of its role; anything else ends it).
:func:`group_roles` builds one group per cue: its source is the nearest source span before the cue with
no other cue between them (or, failing that, one right after it: "..., said the minister"), its content the
nearest content span after the cue with no other cue between them (or, failing that, right before it:
"“...,” he said"), each within
:data:`REACH` characters and without a paragraph break in between. Content spans no cue claims become
groups of their own, and so do leftover sources, so that every tagged span is reported once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from unspin.spans import Span

REACH = 200
"""How far (characters) a cue looks for its source and its content."""


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


def _reachable(text: str, left: Span, right: Span) -> bool:
    gap = text[left.end : right.start]
    return right.start >= left.end and len(gap) <= REACH and "\n" not in gap


def group_roles(text: str, spans: Sequence[tuple[Span, str]]) -> list[RoleGroup]:
    """Cue-centred groups of the role spans (see the module docstring)."""
    cues = [span for span, role in spans if role == "CUE"]
    sources = [span for span, role in spans if role == "SOURCE"]
    contents = [span for span, role in spans if role == "CONTENT"]
    used_sources: set[Span] = set()
    used_contents: set[Span] = set()
    groups: list[RoleGroup] = []
    for cue in cues:
        group = RoleGroup(cue=[cue])
        before = [
            s for s in sources if _reachable(text, s, cue) and not any(s.end <= c.start < cue.start for c in cues)
        ]
        after = [s for s in sources if _reachable(text, cue, s) and s.start - cue.end <= 40]
        source = before[-1] if before else after[0] if after else None
        if source is not None:
            group.source.append(source)
            used_sources.add(source)
        following = [
            c
            for c in contents
            if c not in used_contents
            and _reachable(text, cue, c)
            and not any(cue.end <= o.start < c.start for o in cues)
        ]
        preceding = [c for c in contents if c not in used_contents and _reachable(text, c, source or cue)]
        content = following[0] if following else preceding[-1] if preceding else None
        if content is not None:
            group.content.append(content)
            used_contents.add(content)
        groups.append(group)
    groups.extend(RoleGroup(content=[c]) for c in contents if c not in used_contents)
    groups.extend(RoleGroup(source=[s]) for s in sources if s not in used_sources)
    return groups
