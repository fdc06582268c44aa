import pytest

from unspin.spans import Span, check_span, stripped


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (5, 4), (0, -1)])
def test_invalid_ranges_are_refused(start, end):
    with pytest.raises(ValueError):
        Span(start, end)


def test_non_integer_offsets_are_refused():
    with pytest.raises(TypeError):
        Span(0.5, 2)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [((0, 5), (4, 8), True), ((0, 5), (5, 8), False), ((3, 4), (0, 10), True), ((2, 2), (0, 10), True)],
)
def test_overlaps(a, b, overlap):
    assert Span(*a).overlaps(Span(*b)) is overlap


def test_check_span_rejects_spans_past_the_text():
    check_span(Span(0, 3), "abc")
    with pytest.raises(ValueError, match="past the end"):
        check_span(Span(1, 4), "abc", where="test")


def test_stripped_narrows_white_space():
    assert stripped("  ab c  ", 0, 8) == Span(2, 6)
    assert stripped("   ", 0, 3) == Span(3, 3)
