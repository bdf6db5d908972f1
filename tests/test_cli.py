"""The command line is a thin shell: arguments, exit codes, messages."""

import json
import subprocess
import sys

import pytest

from kg.cli import main


def test_mentions_from_stdin(monkeypatch, capsys):
    import io

    text = "市委书记张建国在会上强调。"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert main(["mentions", "-"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    persons = [r for r in rows if r["type"] == "person"]
    assert persons and persons[0]["name"] == "张建国"
    r = persons[0]
    assert text[r["start"]:r["end"]] == r["text"]


def test_mentions_missing_file(capsys, tmp_path):
    assert main(["mentions", str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt" in capsys.readouterr().err


def test_evaluate_missing_kg(capsys, tmp_path):
    assert main(["evaluate", "--gold", str(tmp_path), "--kg", str(tmp_path / "x.ttl")]) == 1
    assert "x.ttl" in capsys.readouterr().err


def test_bad_date_is_a_usage_error():
    with pytest.raises(SystemExit) as exc:
        main(["build", "--date", "2020-13-45"])
    assert exc.value.code == 2


def test_console_script_runs():
    r = subprocess.run([sys.executable, "-m", "kg.cli", "--help"], capture_output=True,
                       text=True)
    assert r.returncode == 0 and "build" in r.stdout


# --- issue 9: one-line errors, mentions read like files -----------------------------------

def _one_error_line(capsys, *needles):
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in err, err
    for n in needles:
        assert n in lines[0], lines[0]
    return lines[0]


def test_validate_on_a_file_that_is_not_turtle(capsys, tmp_path):
    bad = tmp_path / "notes.ttl"
    bad.write_text("@prefix x: <http://x/> .\nx:a x:b x:c .\nthis is { not turtle\n",
                   encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    _one_error_line(capsys, "notes.ttl", "not Turtle", "line 3")
    png = tmp_path / "image.ttl"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    assert main(["validate", str(png)]) == 1
    _one_error_line(capsys, "image.ttl", "not Turtle")
    assert main(["validate", str(tmp_path)]) == 1
    _one_error_line(capsys, "not a file")


def test_evaluate_on_a_bad_gold_folder(capsys, tmp_path):
    kg = tmp_path / "kg.ttl"
    kg.write_text("", encoding="utf-8")
    run = ["evaluate", "--kg", str(kg), "--gold"]
    assert main([*run, str(tmp_path / "nope")]) == 1
    _one_error_line(capsys, "nope", "no such folder")
    assert main([*run, str(kg)]) == 1
    _one_error_line(capsys, "kg.ttl", "not a folder")
    gold = tmp_path / "gold"
    gold.mkdir()
    assert main([*run, str(gold)]) == 1
    _one_error_line(capsys, "no gold")
    (gold / "a.json").write_text('{"file": "a.txt", "articles": [', encoding="utf-8")
    assert main([*run, str(gold)]) == 1
    _one_error_line(capsys, "a.json", "not JSON", "line 1")
    (gold / "a.json").write_text('{"file": "a.txt", "articles": [{"headline": "x"}]}',
                                 encoding="utf-8")
    assert main([*run, str(gold)]) == 1
    _one_error_line(capsys, "a.json", "not a gold file", "title")
    (gold / "a.json").write_text(json.dumps({"file": "a.txt", "articles": [
        {"title": "x", "events": [{"date": "next week", "participants": {}}]}]}),
        encoding="utf-8")
    assert main([*run, str(gold)]) == 1
    _one_error_line(capsys, "a.json", "not a gold file")


TEXT = "县委书记韩立新主持会议。\n副县长宋知秋、欧阳明远出席。\n"


def _mentions_of(capsys):
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-16"])
def test_mentions_stdin_is_decoded_like_a_file(monkeypatch, capsys, tmp_path, encoding):
    """Regression: standard input was read in the locale's encoding only."""
    import io

    data = TEXT.encode(encoding)
    f = tmp_path / "in.txt"
    f.write_bytes(data)
    assert main(["mentions", str(f)]) == 0
    from_file = _mentions_of(capsys)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["mentions", "-"]) == 0
    from_stdin = _mentions_of(capsys)
    assert from_stdin == from_file and any(r["name"] == "宋知秋" for r in from_stdin)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_mentions_offsets_are_into_the_input_as_given(monkeypatch, capsys, tmp_path, newline):
    """Regression: with CRLF input the offsets were into the normalised text."""
    import io

    given = TEXT.replace("\n", newline)
    f = tmp_path / "in.txt"
    f.write_bytes(given.encode("utf-8"))
    for argv in (["mentions", str(f)], ["mentions", "-"]):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(given.encode()),
                                                           encoding="utf-8", newline=""))
        assert main(argv) == 0
        rows = _mentions_of(capsys)
        assert {r["name"] for r in rows} >= {"韩立新", "宋知秋", "欧阳明远"}
        for r in rows:
            assert given[r["start"]:r["end"]] == r["text"], r
