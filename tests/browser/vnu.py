"""The Nu Html Checker for the HTML validity tests: fetching vnu.jar, and running it as a
loopback web service (fixture ``vnu`` in conftest.py beside this file)."""

import fcntl
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

# One short run: the quick (C1) compiler alone and one GC thread take half the CPU of the
# JVM's defaults for the same report; C1's frames are larger, hence the bigger stack.
VNU_JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss4m"]


def fetch_vnu_jar(npm, folder, version):
    """Put vnu.jar at ``folder``/vnu.jar, fetched with ``npm pack``, once for all workers.

    On a fresh clone every test worker asks for it at the same moment. One fetches, under
    an exclusive lock on ``folder``/.fetch.lock, while the others wait for the lock and
    then find the jar. The jar is written beside its final name and renamed into place,
    so no worker's Java ever opens a half-written one.
    """
    folder.mkdir(parents=True, exist_ok=True)
    jar = folder / "vnu.jar"
    with open(folder / ".fetch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if jar.exists():
            return jar
        with tempfile.TemporaryDirectory(dir=folder) as work:
            # `npm pack` only downloads the package's tarball: no install scripts run.
            packed = subprocess.run(
                [npm, "pack", f"vnu-jar@{version}", "--pack-destination", work],
                capture_output=True,
                text=True,
                timeout=300,
            )
            if packed.returncode != 0:
                raise RuntimeError(
                    f"npm pack vnu-jar@{version} failed (exit {packed.returncode}): "
                    + packed.stderr.strip()[-2000:]
                )
            partial = Path(work) / "vnu.jar"
            with tarfile.open(Path(work) / f"vnu-jar-{version}.tgz") as archive:
                member = archive.getmember("package/build/dist/vnu.jar")
                partial.write_bytes(archive.extractfile(member).read())
            partial.replace(jar)
    return jar


class VnuServer:
    """The Nu Html Checker as its own web service (``nu.validator.servlet.Main``) on a
    free loopback port, started on the first check and kept for the session: one Java
    start per worker instead of one per check (each ~2-4 s of a 2-core machine), and a
    warm checker for the documents after the first."""

    def __init__(self, java, jar):
        self.command = [java, *VNU_JAVA_OPTIONS, "-cp", str(jar)]
        self.process = None
        self.url = None
        # Why the checker did not start, once it has failed to: every later check says
        # so too, instead of an unrelated "connection refused" from a dead port.
        self.failure = None
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())

    def start(self):
        import socket
        import time
        import urllib.request

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [
                *self.command,
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "nu.validator.servlet.Main",
                str(port),
            ],
            # Its log goes to a file: a pipe nobody reads would fill and stop the checker.
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{port}/?out=json"
        deadline = time.monotonic() + 120
        while True:
            if self.process.poll() is not None:
                self.log.seek(0)
                self.failure = (
                    f"the Nu Html Checker did not start (exit {self.process.returncode}):\n"
                    + self.log.read().decode(errors="replace")[-2000:]
                )
                raise AssertionError(self.failure)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                    return
            except OSError as error:
                if time.monotonic() > deadline:
                    self.failure = f"the Nu Html Checker did not answer in 120 s: {error}"
                    raise AssertionError(self.failure) from error
                time.sleep(0.2)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def check(self, documents: dict[str, str]) -> dict[str, list[str]]:
        """{name: html} -> {name: ["line:column message", ...]} for documents with errors:
        error-level messages only, as the command line's --errors-only reports."""
        import urllib.request

        if self.failure is not None:
            raise AssertionError(self.failure)
        if self.process is None:
            self.start()
        errors = {}
        for name, html in documents.items():
            request = urllib.request.Request(
                self.url,
                data=html.encode("utf-8"),
                headers={"Content-Type": "text/html; charset=utf-8"},
                method="POST",
            )
            with urllib.request.urlopen(request, timeout=120) as response:
                report = json.loads(response.read().decode("utf-8"))
            for message in report["messages"]:
                if message.get("type") not in ("error", "non-document-error"):
                    continue
                where = f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}"
                text = f"{where} {message['message']}  «{message.get('extract', '').strip()}»"
                errors.setdefault(name, []).append(text)
        return errors
