"""Corpora (JSONL, CSV, directories): one document or one rejection per row or file, lazily."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import unspin.ingest.corpus as corpus_module
from unspin.document import Document
from unspin.errors import InputError
from unspin.ingest import iter_inputs
from unspin.rejection import Rejection

PAGE = (
    "<html><head><title>Page title</title><meta property='og:site_name' content='Page Outlet'></head><body>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/sport'>Sport</a></li></ul></nav>"
    "<article><p>Troops withdrew from the northern district on Friday, "
    "the defence ministry said in a statement.</p></article></body></html>"
)


def outcomes(items) -> list[tuple[str, str]]:
    """(id, "ok" or the rejection code) per item."""
    return [(item.id, item.code if isinstance(item, Rejection) else "ok") for item in items]


def write_jsonl(path: Path, rows: list[object]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_rows_and_rejections(tmp_path):
    path = write_jsonl(
        tmp_path / "c.jsonl",
        [
            {"id": "a", "text": "Shelling resumed.\r\nTwo were hurt.", "published": "2023-05-31", "outlet": "Wire"},
            '{"id": "broken", "text": "no closing brace"',
            {"id": "no-text", "url": "https://e.x/1"},
            {"id": "blank", "text": "  \n "},
            {"id": "bad-date", "text": "Text.", "published": "sometime in May"},
            "",
            ["not", "an", "object"],
            {"text": "A row without an id."},
            {"id": 7, "text": "Numeric ids are kept.", "published": "May 31, 2023"},
            {"id": "typed", "text": 42},
            {"id": "page", "html": PAGE, "url": "https://e.x/page"},
        ],
    )
    items = list(iter_inputs(path))
    assert outcomes(items) == [
        ("a", "ok"),
        ("line-2", "bad_json"),
        ("no-text", "missing_text"),
        ("blank", "empty_input"),
        ("bad-date", "bad_published"),
        ("line-7", "bad_row"),
        ("line-8", "ok"),
        ("7", "ok"),
        ("typed", "bad_row"),
        ("page", "ok"),
    ]
    first = items[0]
    assert first.text == "Shelling resumed.\nTwo were hurt."
    assert (first.meta.published, first.meta.outlet, first.meta.source) == (dt.date(2023, 5, 31), "Wire", f"{path}:1")
    assert items[1].source == f"{path}:2"
    assert "JSON" in items[1].reason
    assert items[4].source == f"{path}:5"
    page = items[-1]
    assert "Troops withdrew from the northern district" in page.text
    assert page.source_map
    assert (page.meta.outlet, page.meta.url, page.meta.title) == ("Page Outlet", "https://e.x/page", "Page title")


def test_jsonl_text_over_the_limit(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{"id": "big", "text": "x" * 500}, {"id": "small", "text": "ok"}])
    assert outcomes(iter_inputs(path, max_bytes=100)) == [("big", "too_large"), ("small", "ok")]


def test_jsonl_overlong_line_is_skipped_unread(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{"id": "huge", "text": "y" * 2_000_000}, {"id": "next", "text": "ok"}])
    assert outcomes(iter_inputs(path, max_bytes=1000)) == [("line-1", "too_large"), ("next", "ok")]


def test_jsonl_non_utf8_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "a", "text": "caf\xe9"}\n{"id": "b", "text": "fine"}\n')
    items = list(iter_inputs(path))
    assert outcomes(items) == [("line-1", "not_utf8"), ("b", "ok")]
    assert "iconv" in items[0].reason


def test_overrides_replace_row_metadata(tmp_path):
    path = write_jsonl(
        tmp_path / "c.jsonl",
        [
            {"id": "a", "text": "T.", "outlet": "Row outlet", "published": "2020-01-01"},
            {"id": "b", "html": PAGE},
        ],
    )
    items = list(iter_inputs(path, outlet="Given", published="2023-05-31", url="https://given"))
    for item in items:
        assert (item.meta.outlet, item.meta.published, item.meta.url) == (
            "Given",
            dt.date(2023, 5, 31),
            "https://given",
        )


def test_rows_are_read_lazily(tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "c.jsonl", [{"id": str(n), "text": "Text."} for n in range(5)])
    calls = []
    real = corpus_module._row_item
    monkeypatch.setattr(corpus_module, "_row_item", lambda *a, **k: calls.append(1) or real(*a, **k))
    items = iter_inputs(path)
    assert next(items).id == "0"
    assert len(calls) == 1


CSV_TEXT = (
    "id,text,outlet,published,url\n"
    'a,"Fighting spread to the east.",Wire,2023-05-31,https://e.x/a\n'
    'b,"A quoted, multi-line\n""article"" text.",Wire,31 May 2023,\n'
    "c,Text with a bad date.,Wire,31/05/2023,\n"
    "d,,Wire,2023-05-31,\n"
    ",Row without an id.,,,\n"
)


def test_csv_rows_and_rejections(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    items = list(iter_inputs(path))
    assert outcomes(items) == [
        ("a", "ok"),
        ("b", "ok"),
        ("c", "bad_published"),
        ("d", "missing_text"),
        ("line-7", "ok"),
    ]
    assert items[0].meta.url == "https://e.x/a"
    assert items[1].text == 'A quoted, multi-line\n"article" text.'
    assert items[1].meta.published == dt.date(2023, 5, 31)
    assert items[2].source == f"{path}:5"
    assert "2023-05-31" in items[2].reason


def test_csv_without_a_text_column(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("id,body\na,Some text\nb,More text\n", encoding="utf-8")
    items = list(iter_inputs(path))
    assert outcomes(items) == [("a", "missing_text"), ("b", "missing_text")]
    assert "id, body" in items[0].reason


def test_csv_non_utf8_row_only_rejects_that_row(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(b"id,text\na,Caf\xe9 text\nb,Fine text\n")
    assert outcomes(iter_inputs(path)) == [("a", "not_utf8"), ("b", "ok")]


def test_csv_with_byte_order_mark(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(b"\xef\xbb\xbfid,text\na,Text.\n")
    assert outcomes(iter_inputs(path)) == [("a", "ok")]


def test_directory(tmp_path):
    (tmp_path / "world").mkdir()
    (tmp_path / "world" / "ceasefire.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Second article.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First article.", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.htm").write_bytes(b"")
    (tmp_path / "notes.md").write_text("Not an input.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    write_jsonl(tmp_path / "rows.jsonl", [{"text": "Row one."}, {"id": "r2", "text": "Row two."}])
    items = list(iter_inputs(tmp_path))
    assert outcomes(items) == [
        ("a", "ok"),
        ("b", "ok"),
        ("empty", "empty_input"),
        ("image", "binary_input"),
        ("rows/line-1", "ok"),
        ("r2", "ok"),
        ("world/ceasefire", "ok"),
    ]
    assert items[3].source == str(tmp_path / "image.txt")
    assert items[-1].source_map


def test_duplicate_ids_are_rejected(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{"id": "x", "text": "One."}, {"id": "x", "text": "Two."}])
    items = list(iter_inputs(path))
    assert outcomes(items) == [("x", "ok"), ("x", "duplicate_id")]
    assert items[1].source == f"{path}:2"


def test_single_article_file(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("Only one.", encoding="utf-8")
    [item] = iter_inputs(path, outlet="Wire")
    assert isinstance(item, Document) and item.meta.outlet == "Wire"


@pytest.mark.parametrize(("name", "code"), [("missing.jsonl", "missing_path"), ("data.json", "unsupported_input")])
def test_bad_corpus_paths_raise_at_once(tmp_path, name, code):
    if name == "data.json":
        (tmp_path / name).write_text("{}", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        iter_inputs(tmp_path / name)
    assert caught.value.code == code


def test_bad_override_raises_at_once(tmp_path):
    with pytest.raises(InputError) as caught:
        iter_inputs(tmp_path, published="soon")
    assert caught.value.code == "bad_published"


def test_rejection_to_dict():
    rejection = Rejection("line-3", "bad_json", "The line is not valid JSON. Fix it.", "c.jsonl:3")
    assert rejection.to_dict() == {
        "rejected": True,
        "id": "line-3",
        "code": "bad_json",
        "reason": "The line is not valid JSON. Fix it.",
        "source": "c.jsonl:3",
    }


def test_unreadable_corpus_file_in_a_directory(tmp_path, monkeypatch):
    write_jsonl(tmp_path / "locked.jsonl", [{"id": "x", "text": "Hidden."}])
    (tmp_path / "open.txt").write_text("Readable.", encoding="utf-8")
    real_open = Path.open

    def guarded_open(self, *args, **kwargs):
        if self.name == "locked.jsonl":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    items = list(iter_inputs(tmp_path))
    assert outcomes(items) == [("locked", "unreadable"), ("open", "ok")]
    assert "Permission denied" in items[0].reason


def test_extractor_crash_becomes_a_rejection(tmp_path, monkeypatch):
    import trafilatura

    def crash(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "bare_extraction", crash)
    (tmp_path / "deep.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "plain.txt").write_text("Plain text.", encoding="utf-8")
    items = list(iter_inputs(tmp_path))
    assert outcomes(items) == [("deep", "bad_html"), ("plain", "ok")]
    assert "RecursionError" in items[0].reason
