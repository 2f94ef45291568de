"""The Nu Html Checker's plumbing (tests/browser/vnu.py), with stand-ins for npm and Java:
these need neither, so they run with the fast tests too.

On a fresh clone every test worker wants vnu.jar at once; before the fetch took a lock and
renamed the jar into place, one worker's Java could open the jar while another was still
writing it, and the checker died with a schema error in the first run of `make test`.
"""

import io
import os
import stat
import sys
import tarfile
import textwrap
import threading

import pytest

from tests.browser.vnu import VnuServer, fetch_vnu_jar

JAR = os.urandom(256 * 1024)


def fake_npm(tmp_path):
    """An `npm` that packs a tarball holding JAR, slowly, and counts its runs in a file."""
    payload = tmp_path / "payload.tgz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        member = tarfile.TarInfo("package/build/dist/vnu.jar")
        member.size = len(JAR)
        archive.addfile(member, io.BytesIO(JAR))
    payload.write_bytes(buffer.getvalue())
    runs = tmp_path / "npm-runs"
    script = tmp_path / "npm"
    script.write_text(
        textwrap.dedent(
            f"""\
            #!{sys.executable}
            import pathlib, shutil, sys, time
            with open({str(runs)!r}, "a") as runs:
                runs.write(" ".join(sys.argv[1:]) + "\\n")
            time.sleep(0.3)
            destination = pathlib.Path(sys.argv[sys.argv.index("--pack-destination") + 1])
            name = sys.argv[2].replace("@", "-") + ".tgz"
            shutil.copyfile({str(payload)!r}, destination / name)
            """
        )
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, runs


def test_workers_asking_at_once_fetch_the_jar_once_and_all_get_it_whole(tmp_path):
    npm, runs = fake_npm(tmp_path)
    folder = tmp_path / "vnu" / "1.0"
    results, errors = [], []

    def worker():
        try:
            results.append(fetch_vnu_jar(str(npm), folder, "1.0").read_bytes())
        except Exception as error:  # reported below, with the others
            errors.append(repr(error))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    # One run of npm, packing into a temporary folder beside the jar.
    [run] = runs.read_text().splitlines()
    assert run.startswith(f"pack vnu-jar@1.0 --pack-destination {folder}/")
    assert [len(jar) for jar in results] == [len(JAR)] * 4
    assert all(jar == JAR for jar in results)
    # Nothing left beside it: no tarball, no half-written jar, only the lock file.
    assert sorted(path.name for path in folder.iterdir()) == [".fetch.lock", "vnu.jar"]


def test_a_jar_already_there_is_not_fetched_again(tmp_path):
    npm, runs = fake_npm(tmp_path)
    folder = tmp_path / "vnu"
    fetch_vnu_jar(str(npm), folder, "1.0")
    fetch_vnu_jar(str(npm), folder, "1.0")
    assert len(runs.read_text().splitlines()) == 1


def test_a_failed_npm_leaves_no_jar_and_says_so(tmp_path):
    npm = tmp_path / "npm"
    npm.write_text(f"#!{sys.executable}\nimport sys\nsys.exit('npm: registry unreachable')\n")
    npm.chmod(npm.stat().st_mode | stat.S_IXUSR)
    folder = tmp_path / "vnu"
    with pytest.raises(RuntimeError) as failure:
        fetch_vnu_jar(str(npm), folder, "1.0")
    assert str(failure.value) == ("npm pack vnu-jar@1.0 failed (exit 1): npm: registry unreachable")
    assert sorted(path.name for path in folder.iterdir()) == [".fetch.lock"]


def test_a_checker_that_did_not_start_says_why_at_every_check(tmp_path):
    """Not a 'connection refused' from a dead port for the checks after the first."""
    java = tmp_path / "java"
    java.write_text(
        f"#!{sys.executable}\nimport sys\nprint('Exception in thread main: broken jar')\n"
        "sys.exit(1)\n"
    )
    java.chmod(java.stat().st_mode | stat.S_IXUSR)
    server = VnuServer(str(java), tmp_path / "vnu.jar")
    try:
        for _ in range(2):
            with pytest.raises(AssertionError) as failure:
                server.check({"page": "<!DOCTYPE html>"})
            assert str(failure.value) == (
                "the Nu Html Checker did not start (exit 1):\n"
                "Exception in thread main: broken jar\n"
            )
    finally:
        server.stop()
    assert server.process.returncode == 1
