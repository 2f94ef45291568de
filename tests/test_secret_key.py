"""`make serve` and `make worker` share one random SECRET_KEY, made on first use in
var/secret-key. Started together on a fresh checkout (the README's production set-up
starts both), each made its own key under the same temporary name: one failed with
"mv: cannot stat 'var/secret-key.tmp'", and had both gone on they would have signed with
different keys."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_makes_started_together_make_one_key_and_all_use_it(tmp_path):
    make = shutil.which("make")
    if make is None:
        pytest.skip("no make on this machine")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "requirements.txt").write_text("")
    for attempt in range(5):
        shutil.rmtree(tmp_path / "var", ignore_errors=True)
        starts = [
            # What `make serve` does: make the key if missing, then read it.
            subprocess.Popen(
                f"{make} -s PYTHON={sys.executable} var/secret-key && cat var/secret-key",
                shell=True,
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(6)
        ]
        outcomes = [(start.wait(60), start.stdout.read()) for start in starts]
        key = (tmp_path / "var" / "secret-key").read_text()
        assert outcomes == [(0, key)] * 6, f"attempt {attempt + 1}"
        assert len(key.strip()) >= 50
        # Nothing left beside it: no temporary file of a start that lost the race.
        assert [path.name for path in (tmp_path / "var").iterdir()] == ["secret-key"]
        assert (tmp_path / "var" / "secret-key").stat().st_mode & 0o077 == 0
