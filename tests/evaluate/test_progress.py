import pytest

from unspin.evaluate.progress import logged, tracked


def test_logged_writes_a_line_at_each_tenth(capsys: pytest.CaptureFixture[str]) -> None:
    assert list(logged(list(range(100)), "work")) == list(range(100))
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(",")[0] for line in lines] == [f"work: {n}/100" for n in range(10, 101, 10)]


def test_short_loops_write_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert list(logged([1, 2, 3], "work")) == [1, 2, 3]
    assert capsys.readouterr().err == ""


def test_tracked_logs_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert list(tracked(list(range(20)), "suite")) == list(range(20))
    assert "suite: 20/20" in capsys.readouterr().err
