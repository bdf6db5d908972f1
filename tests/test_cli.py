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
