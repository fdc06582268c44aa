"""Verbs that report speech, from ``data/cue_verbs.tsv``: one table for every stage that needs them.

Each row gives a lemma, its inflected forms, a *frame* that says where a statement's content starts
(see the file's header: "said (that) ...", "told Y that ...", "called on Y to ...") and an *act*:
``utterance`` for verbs that report something said or written, ``attitude`` for beliefs, intentions and
findings. The statements stage uses every form; the entity, time and event stages only need to recognise a
speaker's clause ("Haddad said on Monday"), which :func:`utterance_forms` gives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class CueVerb:
    """One inflected cue form ("called on"), its lemma, frame and act (see the module docstring)."""

    form: str
    lemma: str
    frame: str
    act: str = "utterance"

    @property
    def participle(self) -> bool:
        return self.form.split()[0].endswith("ing")


@cache
def cue_verbs() -> dict[str, CueVerb]:
    """Every cue form in ``data/cue_verbs.tsv``."""
    table: dict[str, CueVerb] = {}
    text = resources.files("unspin.data").joinpath("cue_verbs.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, forms, frame, act = (part.strip() for part in line.split("\t"))
        for form in forms.split(","):
            table.setdefault(form.strip(), CueVerb(form.strip(), lemma, frame, act))
    return table


@cache
def utterance_forms() -> frozenset[str]:
    """Finite forms of the verbs of saying ("said", "says", "told", "called on"), without base forms and
    participles, which double as nouns or modifiers too often ("a report", "the ongoing talks")."""
    return frozenset(
        verb.form
        for verb in cue_verbs().values()
        if verb.act == "utterance" and not verb.participle and verb.form.split()[0] != verb.lemma.split()[0]
    )
