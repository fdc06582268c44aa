"""The CoNLL-U reader on hand-written fixtures: words and spaces, multiword tokens, documents and paragraphs,
entity brackets with minimal spans, rebuilt text, and GUM's split list."""

from __future__ import annotations

from pathlib import Path

import pytest

from conllu_text import MWT, NESTED, sentence
from unspin.conllu import (
    document_text,
    entity_mentions,
    load_split,
    read_documents,
    split_documents,
)
from unspin.errors import InputError


def test_multiword_tokens_give_words_and_spaces() -> None:
    parsed = sentence(MWT)
    assert [word.form for word in parsed.words] == ["I", "ca", "n't", "go", "."]
    assert [word.space_after for word in parsed.words] == [True, False, False, False, True]
    assert [(t.start, t.end, t.form) for t in parsed.multiword] == [(1, 3, "can't")]
    assert parsed.doc_id == "doc1" and parsed.sent_id == "s1" and parsed.new_doc
    assert parsed.words[0].head == 4 and parsed.words[3].head == 0 and parsed.words[1].lemma == "can"


def test_lines_without_ten_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="10 columns"):
        sentence("# sent_id = bad\n1\tword\tword\n\n")


def test_entity_brackets_nest_and_close_by_id() -> None:
    mentions = entity_mentions([sentence(NESTED)])
    assert {(m.start, m.end, m.attrs["etype"]) for m in mentions} == {
        (0, 3, "person"),
        (0, 1, "place"),
        (4, 6, "place"),
        (7, 8, "person"),
        (9, 13, "organization"),
        (12, 13, "place"),
        (14, 16, "person"),
        (14, 15, "person"),
    }
    assert "United_States" in {m.attrs.get("identity") for m in mentions}


@pytest.mark.parametrize(
    ("start", "end", "entity", "heads"),
    [
        (0, 3, "1", (0, 1, 2)),  # minspan 4 lies outside a three-word mention: every word is a head
        (4, 6, "3", (5,)),  # "the Netherlands": minspan 2
        (9, 13, "5", (11,)),  # "the Bank of England": minspan 3
        (14, 16, "7", (15,)),
    ],
)
def test_minimal_spans_give_head_words(start: int, end: int, entity: str, heads: tuple[int, ...]) -> None:
    (mention,) = [m for m in entity_mentions([sentence(NESTED)]) if (m.start, m.end) == (start, end)]
    assert mention.entity == entity and mention.heads == heads


TWO_DOCS = """# newdoc id = a
# sent_id = a-1
1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t_\tEntity=(1-person-new-x-x-1-coref
2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\tEntity=1)

# newpar
# sent_id = a-2
1-2\tHe's\t_\t_\t_\t_\t_\t_\t_\t_
1\tHe\the\tPRON\tPRP\t_\t3\tnsubj\t_\t_
2\t's\tbe\tAUX\tVBZ\t_\t3\taux\t_\t_
3\tgone\tgo\tVERB\tVBN\t_\t0\troot\t_\t_

# newdoc id = b
# sent_id = b-1
1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_
"""


def test_documents_split_at_newdoc_and_rebuild_their_text() -> None:
    first, second = read_documents(TWO_DOCS.splitlines())
    assert (first.id, second.id) == ("a", "b")
    assert [s.sent_id for s in first.sentences] == ["a-1", "a-2"] and first.sentences[1].new_par
    assert first.sentences[0].metadata["sent_id"] == "a-1"
    text, spans = document_text(first)
    assert text == "He left.\nHe's gone"
    assert [span.of(text) for span in spans] == ["He", "left", ".", "He", "'s", "gone"]
    # a mention may span sentences when read at document level, not when read sentence by sentence
    assert [(m.start, m.end) for m in entity_mentions(first.sentences)] == [(0, 3)]
    assert entity_mentions(first.sentences[:1]) == entity_mentions([first.sentences[0]])


def test_split_documents_reads_markdown(tmp_path: Path) -> None:
    path = tmp_path / "splits.md"
    path.write_text("# Splits\n\n## dev\n\n  * GUM_a\n  * GUM_b\n\n## Train\n\n  * GUM_c\n", encoding="utf-8")
    assert split_documents(path) == {"dev": {"GUM_a", "GUM_b"}, "train": {"GUM_c"}}


@pytest.mark.parametrize(
    ("splits", "kept", "note"),
    [
        ("## dev\n\n  * b\n\n## train\n\n  * a\n", ["b"], "dev split"),
        (None, ["a", "b"], "every document"),
        ("## dev\n\n  * elsewhere\n", ["a", "b"], "every document"),
    ],
)
def test_load_split_keeps_the_dev_documents(tmp_path: Path, splits: str | None, kept: list[str], note: str) -> None:
    (tmp_path / "dep").mkdir()
    (tmp_path / "dep" / "x.conllu").write_text(TWO_DOCS, encoding="utf-8")
    if splits is not None:
        (tmp_path / "splits.md").write_text(splits, encoding="utf-8")
    documents, said = load_split(tmp_path / "dep")
    assert [d.id for d in documents] == kept and said.startswith(note)


def test_hidden_documents_are_skipped(tmp_path: Path) -> None:
    hidden = "# newdoc id = r\n1\t_\t_\tPRON\t_\t_\t0\troot\t_\t_\n\n"
    (tmp_path / "x.conllu").write_text(TWO_DOCS + "\n" + hidden, encoding="utf-8")
    documents, note = load_split(tmp_path / "x.conllu")
    assert [d.id for d in documents] == ["a", "b"] and "1 with hidden words skipped" in note


def test_an_empty_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_split(tmp_path)
