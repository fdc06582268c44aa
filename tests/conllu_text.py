"""Small CoNLL-U texts written in tests: the CorefUD header, a row builder, and a multiword-token sentence."""

from __future__ import annotations

from unspin.conllu import Sentence, read_conllu

HEADER = "# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity\n"


def conllu(rows: list[str], comments: str = "# newdoc id = doc1\n# sent_id = s1\n") -> str:
    return HEADER + comments + "\n".join("\t".join(row.split()) for row in rows) + "\n\n"


def sentence(text: str) -> Sentence:
    (parsed,) = read_conllu(text.splitlines(keepends=True))
    return parsed


MWT = conllu(
    [
        "1 I I PRON PRP _ 4 nsubj _ _",
        "2-3 can't _ _ _ _ _ _ _ SpaceAfter=No",
        "2 ca can AUX MD _ 4 aux _ _",
        "3 n't not PART RB _ 4 advmod _ _",
        "4 go go VERB VB _ 0 root _ SpaceAfter=No",
        "4.1 went go VERB VBD _ _ _ _ _",
        "5 . . PUNCT . _ 4 punct _ _",
    ]
)
