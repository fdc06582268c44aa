"""Reading one plain-text article: decoding, refusals with their codes, metadata overrides."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path

import pytest

from unspin.errors import InputError
from unspin.ingest import read_article

ARTICLE = "  The minister said on Monday that talks would resume.\n\nOfficials denied it.\n"


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_plain_text_is_kept_as_written(tmp_path):
    doc = read_article(write(tmp_path, "talks.txt", ARTICLE.encode()))
    assert doc.text == ARTICLE
    assert doc.id == "talks"
    assert doc.meta.source == str(tmp_path / "talks.txt")
    assert doc.source_map == ()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbfFirst line.\r\nSecond line.\r\n", "First line.\nSecond line.\n"),
        (b"Old Mac line.\rNext.", "Old Mac line.\nNext."),
        ("Caf\u00e9 \u201cquoted\u201d \u2014 \u0417\u0430\u044f\u0432\u0438\u043b".encode(), "Café “quoted” — Заявил"),
        (b"Tabs\tand\x0cform feeds stay.", "Tabs\tand\x0cform feeds stay."),
    ],
)
def test_decoding_and_line_endings(tmp_path, data, expected):
    assert read_article(write(tmp_path, "a.txt", data)).text == expected


@pytest.mark.parametrize(
    ("name", "data", "code", "hint"),
    [
        ("nul.txt", b"Some text\x00\x00\x01 more", "binary_input", "binary"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 20, "binary_input", "binary"),
        ("latin1.txt", "Le président a déclaré.".encode("latin-1"), "not_utf8", "iconv -f latin1 -t utf-8"),
        ("utf16.txt", "Hello".encode("utf-16"), "not_utf8", "iconv -f utf-16"),
        ("empty.txt", b"", "empty_input", "empty"),
        ("blank.txt", b" \n\t\r\n  ", "empty_input", "white space"),
        ("bom-only.txt", b"\xef\xbb\xbf\n", "empty_input", "empty"),
    ],
)
def test_unreadable_content_is_refused(tmp_path, name, data, code, hint):
    with pytest.raises(InputError) as caught:
        read_article(write(tmp_path, name, data))
    assert caught.value.code == code
    assert hint in str(caught.value)


def test_not_utf8_names_the_line(tmp_path):
    data = b"Line one.\nLine two.\nCaf\xe9 on line three.\n"
    with pytest.raises(InputError, match="line 3"):
        read_article(write(tmp_path, "a.txt", data))


def test_missing_path(tmp_path):
    with pytest.raises(InputError) as caught:
        read_article(str(tmp_path / "nope.txt"))
    assert caught.value.code == "missing_path"


def test_directory_is_not_a_file(tmp_path):
    with pytest.raises(InputError) as caught:
        read_article(str(tmp_path))
    assert caught.value.code == "not_a_file"


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        read_article(str(path))
    assert caught.value.code == "too_large"
    assert time.perf_counter() - started < 0.5


def test_size_limit_is_configurable(tmp_path):
    path = write(tmp_path, "a.txt", b"x" * 101)
    assert read_article(path, max_bytes=101).text == "x" * 101
    with pytest.raises(InputError) as caught:
        read_article(path, max_bytes=100)
    assert caught.value.code == "too_large"


def test_stdin():
    doc = read_article("-", stdin=io.BytesIO(b"Text from a pipe.\r\n"), published="2023-05-31")
    assert (doc.id, doc.text, doc.meta.source) == ("stdin", "Text from a pipe.\n", "<stdin>")
    assert doc.meta.published == dt.date(2023, 5, 31)


def test_stdin_over_the_limit_is_refused():
    with pytest.raises(InputError) as caught:
        read_article("-", stdin=io.BytesIO(b"y" * 50), max_bytes=49)
    assert caught.value.code == "too_large"


def test_stdin_html_is_recognised():
    page = b"<!DOCTYPE html><html><body><article><p>" + b"Soldiers crossed the river at dawn. " * 5
    doc = read_article("-", stdin=io.BytesIO(page + b"</p></article></body></html>"))
    assert doc.text.startswith("Soldiers crossed the river at dawn.")
    assert "<p>" not in doc.text


def test_txt_extension_keeps_markup_as_text(tmp_path):
    text = "<p>The tag is quoted literally in this article.</p>"
    assert read_article(write(tmp_path, "a.txt", text.encode())).text == text


def test_overrides(tmp_path):
    doc = read_article(
        write(tmp_path, "a.txt", b"Text."), published="31 May 2023", outlet="The Example", url="https://e.x/a"
    )
    assert doc.meta.published == dt.date(2023, 5, 31)
    assert (doc.meta.outlet, doc.meta.url) == ("The Example", "https://e.x/a")


def test_bad_published_override(tmp_path):
    with pytest.raises(InputError) as caught:
        read_article(write(tmp_path, "a.txt", b"Text."), published="last Tuesday")
    assert caught.value.code == "bad_published"
    assert "2023-05-31" in str(caught.value)
