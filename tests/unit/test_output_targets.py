"""Outputs respect what they write to: files replaced atomically, devices and pipes written into,
symbolic links written through; a full disk, a read-only folder or a closed standard output in one
line; a command stopped mid-write leaves the previous output and no temporary file."""

import os
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.core.files import OutputError, write_atomic
from tests.conftest import ROOT

GOOD = ROOT / "tests" / "fixtures" / "activity" / "good.csv"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def test_a_device_stays_a_device():
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    write_atomic("/dev/null", "a line\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # as root, a rename would have made it a regular file


def test_a_pipe_is_written_into(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo, "rb").read()))
    reader.start()
    write_atomic(fifo, "through the pipe\n")
    reader.join(10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_symbolic_link_is_written_through(tmp_path):
    (tmp_path / "real.csv").write_text("old\n")
    (tmp_path / "link.csv").symlink_to("real.csv")
    write_atomic(tmp_path / "link.csv", "new\n")
    assert (tmp_path / "link.csv").is_symlink()
    assert (tmp_path / "real.csv").read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]


def test_a_full_disk_is_one_line():
    with pytest.raises(OutputError) as caught:
        write_atomic("/dev/full", "x" * 100_000)
    assert str(caught.value) == "/dev/full: cannot be written (No space left on device)"


def test_a_read_only_folder_is_one_line(tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # what a read-only folder does (root ignores chmod)
    result = CliRunner().invoke(main, ["gap", str(ROOT / "examples" / "manufacturer"), "--plot",
                                       str(tmp_path / "progress.png")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"Error: {tmp_path / 'progress.png'}: cannot be written (Permission denied)"]


@pytest.mark.parametrize("stdout", ["/dev/full", "closed"])
def test_a_full_or_closed_standard_output_is_one_line(stdout):
    out = subprocess.DEVNULL if stdout == "closed" else open(stdout, "wb")
    command = [sys.executable, "-m", "ghgcalc", "inventory", str(GOOD), "--gwp", "AR5GWP100", "--format", "json"]
    if stdout == "closed":
        command = ["sh", "-c", " ".join(f"'{c}'" for c in command) + " >&-"]
    result = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, env=ENV, timeout=300)
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr.decode()
    assert [line for line in lines if line.startswith("Error:")] == [
        "Error: the output cannot be written (No space left on device)" if stdout == "/dev/full"
        else "Error: the output cannot be written (standard output is closed)"]


def test_an_output_option_on_a_full_disk_is_one_line():
    result = CliRunner().invoke(main, ["disclose", str(ROOT / "examples" / "manufacturer"), "--standard", "gri-305",
                                       "--format", "csv", "--output", "/dev/full"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["Error: /dev/full: cannot be written (No space left on device)"]


# Ctrl-C as in a terminal: a process started in the background inherits SIGINT ignored, so restore Python's handler.
WRITER = """
import signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)
from ghgcalc.core.files import write_atomic

def pieces():
    yield b"new first half\\n"
    print("writing", flush=True)
    time.sleep(60)
    yield b"new second half\\n"

write_atomic(sys.argv[1], pieces())
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_stopped_mid_write_the_previous_output_stays_and_no_temporary_file(tmp_path, signum):
    output = tmp_path / "report.json"
    output.write_text("previous\n")
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(output)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=ENV)
    assert process.stdout.readline() == b"writing\n"  # the temporary file is half written now
    assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    process.send_signal(signum)
    process.wait(60)
    assert process.returncode != 0
    assert output.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
