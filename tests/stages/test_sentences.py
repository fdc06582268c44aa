import pytest

from unspin.stages.sentences import split_sentences

CASES = [
    ("One sentence. Another one.", ["One sentence.", "Another one."]),
    ("Gen. Smith arrived. He spoke.", ["Gen. Smith arrived.", "He spoke."]),
    ("The U.S. army left. Then rain.", ["The U.S. army left.", "Then rain."]),
    ('He said: "Stop." Then he left.', ['He said: "Stop."', "Then he left."]),
    ("First paragraph\nSecond paragraph.", ["First paragraph", "Second paragraph."]),
    ("Visit President.Az for more. Done.", ["Visit President.Az for more.", "Done."]),
    ("J. R. Smith won.", ["J. R. Smith won."]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split(text, expected):
    assert [s.span.of(text) for s in split_sentences(text)] == expected


def test_paragraph_numbers_count_blocks_not_blank_lines():
    text = "A one.\n\nB two. B three.\nC four."
    assert [s.paragraph for s in split_sentences(text)] == [0, 1, 1, 2]
