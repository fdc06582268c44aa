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


# Nested, multi-word and cross-type GUM entity brackets in one sentence.
NESTED = conllu(
    [
        "1 US US PROPN NNP _ 3 compound _ Entity=(1-person-new-s-cf1-4-coref(2-place-new-s-cf2-1-sgl-United_States)",
        "2 President president PROPN NNP Number=Sing 3 compound _ _",
        "3 Smith Smith PROPN NNP Number=Sing 4 nsubj _ Entity=1)",
        "4 thanked thank VERB VBD _ 0 root _ _",
        "5 the the DET DT _ 6 det _ Entity=(3-place-new-s-cf3-2-coref-Netherlands",
        "6 Netherlands Netherlands PROPN NNPS Number=Plur 4 obj _ Entity=3)",
        "7 and and CCONJ CC _ 8 cc _ _",
        "8 Americans American PROPN NNPS Number=Plur 6 conj _ Entity=(4-person-new-s-cf4-1-coref)",
        "9 at at ADP IN _ 11 case _ _",
        "10 the the DET DT _ 11 det _ Entity=(5-organization-new-s-cf5-3-coref",
        "11 Bank Bank PROPN NNP _ 4 obl _ _",
        "12 of of ADP IN _ 13 case _ _",
        "13 England England PROPN NNP _ 11 nmod _ Entity=(6-place-new-s-cf6-1-coref)5)",
        "14 and and CCONJ CC _ 16 cc _ _",
        "15 his his PRON PRP$ _ 16 nmod:poss _ Entity=(7-person-new-s-cf7-2-coref(8-person-giv-s-cf8-1-coref)",
        "16 staff staff NOUN NN _ 4 conj _ Entity=7)",
    ]
)


# A place nested at the left edge of an organisation's name, and of a person's mention (a modifier there).
NESTED_LEFT_EDGE = conllu(
    [
        "1 Durham Durham PROPN NNP _ 2 compound _ Entity=(1-organization-new-s-cf1-2-sgl(2-place-new-s-cf2-1-sgl)",
        "2 University University PROPN NNP Number=Sing 3 nsubj _ Entity=1)",
        "3 hired hire VERB VBD _ 0 root _ _",
        "4 Ohio Ohio PROPN NNP Number=Sing 6 compound _ Entity=(3-person-new-s-cf3-3-sgl(4-place-new-s-cf4-1-sgl-Ohio)",
        "5 Senator senator PROPN NNP Number=Sing 6 compound _ _",
        "6 Brown Brown PROPN NNP Number=Sing 3 obj _ Entity=3)",
    ]
)

ROLE_AFTER_TITLE = conllu(
    [
        "1 the the DET DT _ 2 det _ Entity=(1-person-new-s-cf1-6-sgl-President_of_the_United_States",
        "2 President president PROPN NNP Number=Sing 7 nsubj _ _",
        "3 of of ADP IN _ 6 case _ _",
        "4 the the DET DT _ 6 det _ Entity=(2-place-new-s-cf2-3-sgl-United_States",
        "5 United United PROPN NNP Number=Sing 6 compound _ _",
        "6 States States PROPN NNPS Number=Plur 2 nmod _ Entity=2)1)",
        "7 spoke speak VERB VBD _ 0 root _ _",
    ]
)
