import pytest

from unspin.quotation import find_quotations

CASES = [
    ('He said "we will win" today.', ["we will win"]),
    ("“Outer “inner” words,” she said.", ["Outer “inner” words,", "inner"]),
    ("«Non», a-t-il dit.", ["Non"]),
    ("Azerbaijan’s army and the group's leader", []),
    ("the ‘so-called’ deal", ["so-called"]),
    ("An unclosed “quote\nnext paragraph", []),
    ('The "Miatsum" - "unification" chant', ["Miatsum", "unification"]),
]


@pytest.mark.parametrize(("text", "inner"), CASES)
def test_pairs(text, inner):
    assert [q.inner.of(text) for q in find_quotations(text)] == inner


def test_nested_pair_is_deeper_than_its_container():
    text = "“dissolve the “parliament” – as if”"
    outer, inner = find_quotations(text)
    assert outer.depth == 0 and inner.depth == 1 and outer.span.contains(inner.span)
