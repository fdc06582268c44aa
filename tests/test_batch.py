"""The batch runner: exactly one JSON line per input item, failures isolated, counts returned."""

from __future__ import annotations

import io
import json

import pytest

from unspin.batch import run_batch
from unspin.config import PipelineConfig
from unspin.document import Document, Meta
from unspin.errors import ModelError
from unspin.ingest import iter_inputs
from unspin.pipeline import Pipeline
from unspin.rejection import Rejection


@pytest.fixture(scope="module")
def sentences() -> Pipeline:
    return Pipeline(PipelineConfig(stages=("sentences.rules.v1",)))


def failing(pipeline: Pipeline):
    """``pipeline``, except that document "boom" hits a bug and document "nomodel" a missing model."""

    def run(doc: Document) -> Document:
        if doc.id == "boom":
            raise KeyError("surprise")
        if doc.id == "nomodel":
            raise ModelError("The model is missing.", fix="Install it.")
        return pipeline(doc)

    return run


def lines_of(out: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_one_line_per_item_in_order(sentences):
    items = [
        Document("a", "The army advanced. Residents fled.", Meta(source="a.txt")),
        Rejection("line-2", "bad_json", "The line is not valid JSON. Fix it.", "c.jsonl:2"),
        Document("boom", "This one hits a bug.", Meta(source="boom.txt")),
        Document("nomodel", "This one lacks a model.", Meta(source="m.txt")),
        Document("b", "Talks resumed.", Meta(source="b.txt")),
    ]
    out = io.StringIO()
    summary = run_batch(failing(sentences), items, out, progress=False)
    lines = lines_of(out)
    assert [line["id"] for line in lines] == ["a", "line-2", "boom", "nomodel", "b"]
    assert (summary.analysed, summary.rejected, summary.failed, summary.written) == (2, 3, 2, 5)
    assert summary.seconds >= 0

    analysed = Document.from_dict(lines[0])
    assert [s.span.of(analysed.text) for s in analysed.layer("sentences")] == ["The army advanced.", "Residents fled."]
    assert lines[1] == {**items[1].to_dict()}
    assert lines[2]["rejected"] is True
    assert lines[2]["code"] == "internal_error"
    assert "KeyError" in lines[2]["reason"] and "surprise" in lines[2]["reason"]
    assert lines[2]["source"] == "boom.txt"
    assert (lines[3]["code"], lines[3]["reason"]) == ("model_missing", "The model is missing. Install it.")
    assert "rejected" not in lines[4]


def test_empty_input_writes_nothing(sentences):
    out = io.StringIO()
    summary = run_batch(sentences, [], out, progress=False)
    assert out.getvalue() == ""
    assert summary.written == 0


def test_no_progress_bar_when_stderr_is_not_a_terminal(sentences, capsys):
    out = io.StringIO()
    run_batch(sentences, [Document("a", "Text.")], out, progress=True, total=1)
    assert capsys.readouterr().err == ""
    assert len(lines_of(out)) == 1


def test_items_are_consumed_lazily(sentences):
    out = io.StringIO()
    seen = []

    def items():
        for n in range(3):
            seen.append(n)
            assert len(out.getvalue().splitlines()) == n  # the previous item was written before the next is read
            yield Document(str(n), "Text.")

    run_batch(sentences, items(), out, progress=False)
    assert seen == [0, 1, 2]


def test_corpus_end_to_end(sentences, tmp_path):
    (tmp_path / "a.txt").write_text("One sentence. Another one.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.jsonl").write_text('{"id": "r1", "text": "Row text."}\nnot json\n', encoding="utf-8")
    out = io.StringIO()
    summary = run_batch(sentences, iter_inputs(tmp_path), out, progress=False)
    lines = lines_of(out)
    assert [(line["id"], line.get("code")) for line in lines] == [
        ("a", None),
        ("b", "empty_input"),
        ("r1", None),
        ("c/line-2", "bad_json"),
    ]
    assert (summary.analysed, summary.rejected, summary.failed) == (2, 2, 0)


def test_progress_bar_on_a_terminal(sentences, capsys, monkeypatch):
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    run_batch(sentences, [Document("a", "Text."), Rejection("b", "empty_input", "Empty.")], io.StringIO(), total=2)
    assert "1 analysed, 1 rejected" in capsys.readouterr().err
