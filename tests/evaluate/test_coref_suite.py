"""The coref suite on a tiny invented GUM-style document, where every figure is known by construction."""

from __future__ import annotations

import pytest

from conftest import SHARED
from unspin.annotations import CorefLink, Entity
from unspin.evaluate.coref import (
    SECTIONS,
    load_documents,
    parse_conllu,
    reporting_lemmas,
    score_document,
    score_documents,
)
from unspin.evaluate.scoring import Score
from unspin.spans import Span

# form, lemma, upos, head, deprel, misc
SENTENCES = [
    [
        ("Anna", "Anna", "PROPN", 2, "compound", "Entity=(1-person-new-x-x-1,2-coref"),
        ("Berg", "Berg", "PROPN", 3, "nsubj", "Entity=1)"),
        ("met", "meet", "VERB", 0, "root", "_"),
        ("the", "the", "DET", 5, "det", "Entity=(2-organization-new-x-x-2-coref"),
        ("press", "press", "NOUN", 3, "obj", "Entity=2)|SpaceAfter=No"),
        (".", ".", "PUNCT", 3, "punct", "_"),
    ],
    [
        ("She", "she", "PRON", 2, "nsubj", "Entity=(1-person-giv-x-x-1-coref)"),
        ("said", "say", "VERB", 0, "root", "_"),
        ("it", "it", "PRON", 5, "expl", "_"),
        ("was", "be", "AUX", 5, "cop", "_"),
        ("over", "over", "ADV", 2, "ccomp", "SpaceAfter=No"),
        (".", ".", "PUNCT", 2, "punct", "_"),
    ],
    [
        ("They", "they", "PRON", 2, "nsubj", "Entity=(2-organization-giv-x-x-1-coref)"),
        ("asked", "ask", "VERB", 0, "root", "_"),
        ("her", "she", "PRON", 2, "obj", "Entity=(1-person-giv-x-x-1-coref)|SpaceAfter=No"),
        (".", ".", "PUNCT", 2, "punct", "_"),
    ],
]


def conllu(doc_id: str = "GUM_news_tiny") -> str:
    lines = [f"# newdoc id = {doc_id}"]
    for number, sentence in enumerate(SENTENCES):
        if number in (0, 2):
            lines.append("# newpar")
        for i, (form, lemma, upos, head, deprel, misc) in enumerate(sentence, 1):
            lines.append("\t".join([str(i), form, lemma, upos, "_", "_", str(head), deprel, "_", misc]))
        lines.append("")
    return "\n".join(lines)


(DOC,) = parse_conllu(conllu())
TEXT = "Anna Berg met the press. She said it was over.\nThey asked her."


def at(needle: str) -> Span:
    start = TEXT.index(needle)
    return Span(start, start + len(needle))


def test_text_is_rebuilt_with_word_spans():
    assert DOC.text == TEXT
    assert [w.span.of(TEXT) for w in DOC.words] == [w[0] for s in SENTENCES for w in s]
    assert DOC.words[6].head == 7  # "She" -> "said", in document word numbers


def test_gold_mentions_with_heads():
    found = {(m.entity, DOC.text[DOC.words[m.start].span.start : DOC.words[m.end - 1].span.end]) for m in DOC.mentions}
    assert found == {("1", "Anna Berg"), ("2", "the press"), ("1", "She"), ("2", "They"), ("1", "her")}
    press = next(m for m in DOC.mentions if m.entity == "2" and m.end - m.start > 1)
    assert DOC.head_spans(press) == [at("press")]


def test_multiword_token_parts_get_their_own_characters():
    text = "# newdoc id = d\n1-2\tHe's\t_\t_\t_\t_\t_\t_\t_\t_\n1\tHe\the\tPRON\t_\t_\t3\tnsubj\t_\t_\n"
    text += "2\t's\tbe\tAUX\t_\t_\t3\taux\t_\t_\n3\tgone\tgo\tVERB\t_\t_\t0\troot\t_\t_\n"
    (doc,) = parse_conllu(text)
    assert doc.text == "He's gone"
    assert [w.span for w in doc.words] == [Span(0, 2), Span(2, 4), Span(5, 9)]


ANNA = Entity("e1", "Anna Berg", "person", (at("Anna Berg"),))
PRESS_THE = Entity("e3", "the", "other", (at("the"),))  # overlaps "the press", but not its head word


def figures(links: tuple[CorefLink, ...], entities: tuple[Entity, ...] = (ANNA, PRESS_THE)) -> dict[str, Score]:
    sections = {name: Score() for name in SECTIONS}
    score_document(DOC, links, entities, reporting_lemmas(), sections)
    return sections


def link(pronoun: str, entity: str) -> CorefLink:
    return CorefLink(at(pronoun), entity, Span(0, 4), 0.5)


THREE = (link("She", "e1"), link("it", "e1"), link("her", "e1"))


@pytest.mark.parametrize(
    ("links", "section", "right", "gold", "resolved"),
    [
        # She (say) and They (ask) are reporting-verb subjects; "it" has no gold antecedent.
        (THREE, "reporting-verb subjects", 1, 2, 1),
        (
            THREE,
            "reporting-verb subjects, named antecedent",
            1,
            1,
            1,
        ),
        (THREE, "third-person pronouns", 2, 3, 3),
        (THREE, "third-person pronouns, named antecedent", 2, 2, 2),
        ((link("They", "e3"),), "reporting-verb subjects", 0, 2, 1),  # "the" is not the head of "the press"
        ((link("She", "e3"),), "reporting-verb subjects", 0, 2, 1),
        ((), "third-person pronouns", 0, 3, 0),
    ],
)
def test_figures_by_construction(links, section, right, gold, resolved):
    score = figures(links)[section]
    assert (score.true_positives, score.gold_total, score.predicted_total) == (right, gold, resolved)


def test_reporting_lemmas_keep_particles():
    lemmas = reporting_lemmas()
    assert lemmas["say"] is None and lemmas["ask"] is None
    assert lemmas["call"] == "on"


def test_dev_split_is_read_from_splits_md(tmp_path):
    (tmp_path / "dep").mkdir()
    (tmp_path / "splits.md").write_text("## dev\n\n  * GUM_news_tiny\n\n## train\n\n  * GUM_news_other\n")
    (tmp_path / "dep" / "a.conllu").write_text(conllu("GUM_news_tiny"), encoding="utf-8")
    (tmp_path / "dep" / "b.conllu").write_text(conllu("GUM_news_other"), encoding="utf-8")
    documents, note = load_documents(tmp_path / "dep")
    assert [d.id for d in documents] == ["GUM_news_tiny"] and note.startswith("dev split")


def test_without_split_list_every_document_is_scored(tmp_path):
    (tmp_path / "b.conllu").write_text(conllu("GUM_news_other"), encoding="utf-8")
    documents, note = load_documents(tmp_path)
    assert len(documents) == 1 and note.startswith("every document")


def test_smoke_on_shared_gum(pipeline):
    dep = SHARED / "data" / "gum" / "dep"
    if not dep.is_dir():
        pytest.skip(f"GUM is not at {dep} (../shared is absent on this machine)")
    documents, _ = load_documents(dep, limit=3)
    report = score_documents(documents, pipeline, str(dep))
    pronouns = report.sections["third-person pronouns"]
    assert len(documents) == 3 and pronouns.gold_total > 0
    assert pronouns.true_positives <= min(pronouns.gold_total, pronouns.predicted_total)
