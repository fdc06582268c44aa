"""The `unspin` commands, run in-process: exit codes, what they print, what they write."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE
from unspin.cli.main import main
from unspin.core_model import SHIPPED_DIR
from unspin.schema import validate_output


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_analyze_prints_a_report(capsys):
    code, out, _ = run(capsys, "analyze", str(EXAMPLE), "--published", "2024-03-24")
    assert code == 0
    for heading in ("Statements by speaker", "Events", "Rhetoric in context", "Places", "Times"):
        assert heading in out
    assert "Kovacs" in out


def test_analyze_json_is_valid_output(capsys):
    code, out, _ = run(capsys, "analyze", str(EXAMPLE), "--published", "2024-03-24", "--format", "json")
    assert code == 0
    data = json.loads(out)
    validate_output(data)
    assert data["meta"]["published"] == "2024-03-24"
    assert data["layers"]["statements"]


def test_analyze_reads_standard_input():
    result = subprocess.run(
        [sys.executable, "-m", "unspin.cli.main", "analyze", "-", "--format", "json", "--published", "2024-01-02"],
        input=b"The minister said on Monday that talks would resume.",
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["text"].startswith("The minister said")


BAD_INPUTS = {
    "missing": (None, "missing"),
    "empty": (b"", "empty"),
    "whitespace": (b"  \n\t\n", "empty"),
    "binary": (b"\x00\x01\x02" * 100, "binary"),
    "latin-1": ("Caf\xe9 au lait".encode("latin-1"), "UTF-8"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=str)
def test_bad_single_inputs_exit_non_zero_with_a_fix(capsys, tmp_path, case):
    content, message = BAD_INPUTS[case]
    path = tmp_path / f"{case}.txt"
    if content is not None:
        path.write_bytes(content)
    exit_code, _, err = run(capsys, "analyze", str(path))
    assert exit_code == 2
    assert message.lower() in err.lower()
    assert "what to do:" in err


def test_unparseable_published_date_is_refused(capsys):
    exit_code, _, err = run(capsys, "analyze", str(EXAMPLE), "--published", "last Tuesday-ish")
    assert exit_code == 2
    assert "what to do:" in err


def test_a_corpus_needs_out(capsys, tmp_path):
    (tmp_path / "a.txt").write_text("One article.")
    exit_code, _, err = run(capsys, "analyze", str(tmp_path))
    assert exit_code == 2 and "--out" in err


def test_batch_writes_one_line_per_input_and_rejects_bad_ones(capsys, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The army said on Monday it had shelled the town of Tupiza.")
    (corpus / "b.txt").write_text("")
    (corpus / "c.html").write_text(
        "<html><body><article><p>Officials met in Lima on Friday to discuss the talks "
        "and agreed to meet again next month.</p></article></body></html>"
    )
    out = tmp_path / "results.jsonl"
    exit_code, _, err = run(capsys, "analyze", str(corpus), "--out", str(out), "--no-progress")
    assert exit_code == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 3
    rejected = [line for line in lines if line.get("rejected")]
    assert len(rejected) == 1 and rejected[0]["code"]
    for line in lines:
        validate_output(line)
    assert "1 rejected" in err


def test_schema_prints_json(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["$defs"]["Statement"]


def test_stages_lists_the_default_pipeline(capsys):
    code, out, _ = run(capsys, "stages")
    assert code == 0 and "statements.rules.v1" in out and "places.gazetteer.v1" in out


def test_check_reports_everything_ok(capsys):
    if not (SHIPPED_DIR / "config.cfg").exists():
        pytest.skip("the core model is not shipped into the package yet (then check rightly reports it missing)")
    code, out, _ = run(capsys, "check")
    assert code == 0, out
    assert "missing" not in out


def test_check_reports_a_missing_core_model_with_the_fix(capsys, tmp_path):
    code, out, _ = run(capsys, "check", "--core", str(tmp_path / "no-model"))
    assert code == 1
    assert "core model" in out and "missing" in out and "config.cfg" in out


def test_bench_reports_speed_and_memory(capsys, tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(EXAMPLE.read_text())
    code, out, _ = run(capsys, "bench", str(tmp_path), "--json")
    figures = json.loads(out)
    assert code == 0 and figures["articles"] == 3
    assert figures["articles_per_second"] > 0 and figures["peak_memory_mb"] > 0
    assert "sentences.rules.v1" in figures["stage_seconds"]


def test_eval_seed_json(capsys, seed_dir):
    code, out, _ = run(capsys, "eval", "seed", "--data", str(seed_dir), "--json")
    sections = json.loads(out)
    assert code == 0
    assert set(sections) >= {"statements", "places", "times", "quantities", "events", "rhetoric", "scare_quotes"}
    assert all(0 <= s["f1"] <= 1 for s in sections.values())


def test_eval_with_missing_data_names_the_fix(capsys, tmp_path):
    code, _, err = run(capsys, "eval", "seed", "--data", str(tmp_path / "nowhere"))
    assert code == 2 and "--data" in err


def test_a_file_over_the_size_limit_is_refused_with_the_option_to_raise_it(capsys, tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    exit_code, _, err = run(capsys, "analyze", str(big))
    assert exit_code == 2 and "--max-mb" in err


def test_a_missing_publication_date_is_pointed_out(capsys):
    code, out, err = run(capsys, "analyze", str(EXAMPLE), "--format", "json")
    assert code == 0 and "--published" in err
    times = json.loads(out)["layers"]["times"]
    assert any(t["anchor"] == "unresolved" and t["value"] is None for t in times)


def test_eval_refuses_predictions_for_a_suite_without_a_submission_format(capsys, seed_dir, tmp_path):
    code, _, err = run(capsys, "eval", "seed", "--data", str(seed_dir), "--predictions", str(tmp_path))
    assert code == 3 and "--predictions" in err


def test_export_writes_acled_rows_and_json_lines(capsys, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "a1", "text": EXAMPLE.read_text(encoding="utf-8"), "published": "2024-03-24"})
        + "\n"
        + json.dumps({"id": "empty", "text": ""})
        + "\n",
        encoding="utf-8",
    )
    analyses = tmp_path / "analyses.jsonl"
    assert run(capsys, "analyze", str(corpus), "--out", str(analyses), "--no-progress")[0] == 0
    code, _, err = run(capsys, "export", str(analyses), "--out", str(tmp_path / "events.csv"))
    assert code == 0 and "'empty' was rejected at analysis" in err
    import csv

    rows = list(csv.DictReader((tmp_path / "events.csv").open(encoding="utf-8")))
    assert rows and {row["article_id"] for row in rows} == {"a1"}
    assert all(row["event_date"] for row in rows)  # the event's own date, else the publication date
    assert any(row["event_date"] == "2024-03-24" and row["time_precision"] == "3" for row in rows)
    assert f"{len(rows)} rows" in err
    code, out, _ = run(capsys, "export", str(analyses), "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and records and all(r["article"]["id"] == "a1" for r in records)


def test_export_of_something_that_is_no_analysis_names_the_fix(capsys, tmp_path):
    article = tmp_path / "plain.json"
    article.write_text(json.dumps({"id": "x", "text": "Hello."}), encoding="utf-8")
    code, _, err = run(capsys, "export", str(article))
    assert code == 2 and "Run `unspin analyze` first" in err
    code, _, err = run(capsys, "export", str(tmp_path / "missing.jsonl"))
    assert code == 2 and "is not a file" in err


def test_train_techniques_on_a_folder_without_a_tagger_names_the_fix(capsys, tmp_path):
    code, _, err = run(capsys, "train", "techniques", "--model", str(tmp_path), "--data", str(tmp_path))
    assert code == 2 and "not a rhetoric tagger's folder" in err and "unspin train rhetoric" in err


def test_train_sources_on_a_folder_without_a_tagger_names_the_fix(capsys, tmp_path):
    code, _, err = run(capsys, "train", "sources", "--model", str(tmp_path), "--data", str(tmp_path))
    assert code == 2 and "not an attribution tagger's folder" in err and "unspin train statements" in err


def test_train_core_going_on_from_a_folder_without_a_run_names_the_fix(capsys, tmp_path):
    code, _, err = run(capsys, "train", "core", "--start-from", str(tmp_path), "--data", str(tmp_path))
    assert code == 2 and f"cannot go on from {tmp_path}" in err and "--max-steps" in err


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["ner", "--core", "{tmp}"], "not a core pipeline folder"),
        (["ner", "--teacher", "{tmp}"], "not a NER teacher folder"),
        (["ner", "--news-names", "{tmp}/absent.spacy"], "write it with `unspin train news-names`"),
        (["news-names"], "pass --teacher T"),
        (["news-names", "--teacher", "{tmp}"], "not a NER teacher folder"),
        (["ner-ensemble", "--members", "{tmp}"], "an ensemble needs two teachers or more"),
        (["ner-ensemble", "--members", "{tmp}", "{tmp}"], "not a trained NER teacher"),
    ],
    ids=[
        "ner without a core",
        "ner without a teacher",
        "ner without news names",
        "news names without a teacher",
        "news names with no teacher's folder",
        "an ensemble of one",
        "an ensemble of untrained folders",
    ],
)
def test_train_ner_and_news_names_refuse_missing_inputs(capsys, tmp_path, extra, expected):
    args = [a.format(tmp=tmp_path) for a in extra]
    code, _, err = run(capsys, "train", *args, "--data", str(tmp_path), "--out", str(tmp_path / "out"))
    assert code == 2 and expected in err


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["rhetoric", "--trunk", "{models}/rhetoric"], "use it with `unspin train statements` alone"),
        (["statements", "--trunk", "{models}/rhetoric", "--layers", "3"], "no --start-from, --layers or --teacher"),
        (["statements", "--trunk", "{tmp}"], "not a tagger's ONNX folder"),
    ],
    ids=["another model", "with a student's option", "not a tagger"],
)
def test_train_on_a_trunk_refuses_what_it_cannot_do(capsys, tmp_path, extra, expected):
    models = Path(__file__).resolve().parents[2] / "src" / "unspin" / "models"
    args = [a.format(models=models, tmp=tmp_path) for a in extra]
    code, _, err = run(capsys, "train", *args, "--data", str(tmp_path), "--out", str(tmp_path / "out"))
    assert code == 2 and expected in err
