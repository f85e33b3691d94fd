"""How fast ``mm7 check`` judges a large capture, on one core and on all of them.

Writes N message files into a temporary directory (every message type of the conformant
examples of REL-5-MM7-1-0 and REL-6-MM7-1-4, as HTTP dumps, plus the nonconformant examples;
TransactionIDs shared by requests and responses so that pairs form, and a pool of IDs shared
by many files so that pairing by TransactionID is exercised) and runs the installed ``mm7
check`` on it as a user would, once per job count, printing messages/s. With
``--baseline-python`` it also runs another installation's checker (e.g. today's main) on the
same files in the same run. Run it on an otherwise idle machine; numbers from a loaded one
are noisier, not wrong.

    .venv/bin/python bench/bench_checker.py                     # 10,000 and 100,000 files
    .venv/bin/python bench/bench_checker.py --sizes 2000 --baseline-python ../base/.venv/bin/python
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
_TID = re.compile(rb"acme-(?:r5|r6|nc)-\d{4}")
_PER_DIRECTORY = 1000


def _http(message: bytes, content_type: str, request: bool) -> bytes:
    start = b"POST /mm7 HTTP/1.1" if request else b"HTTP/1.1 200 OK"
    head = b"%s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n" % (
        start,
        content_type.encode(),
        len(message),
    )
    return head + message


def templates() -> list[tuple[str, bytes]]:
    """(suffix, bytes) of every example message, conformant ones as HTTP dumps."""
    found = []
    for path in sorted((EXAMPLES / "conformant").rglob("*")):
        if path.suffix not in (".xml", ".mime"):
            continue
        content_type = path.with_name(path.name + ".content-type").read_text().strip()
        request = path.stem.endswith("Req")
        found.append((".http", _http(path.read_bytes(), content_type, request)))
    for path in sorted((EXAMPLES / "nonconformant").iterdir()):
        if path.suffix in (".xml", ".http", ".mime"):
            found.append((path.suffix, path.read_bytes()))
    return found


def generate(directory: Path, count: int) -> None:
    """``count`` message files: a request and its response share a TransactionID, and one
    file in four takes its ID from a pool of 50 shared by the whole run."""
    shapes = templates()
    for number in range(count):
        suffix, data = shapes[number % len(shapes)]
        # Neighbours (an XReq, then its XRsp) share an ID; one file in four takes a pooled one.
        tid = b"shared-%02d" % (number % 50) if number % 4 == 3 else b"bench-%07d" % (number // 2)
        sub = directory / f"d{number // _PER_DIRECTORY:04d}"
        if number % _PER_DIRECTORY == 0:
            sub.mkdir()
        (sub / f"m{number:07d}{suffix}").write_bytes(_TID.sub(tid, data))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], directory: Path) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds (the checker and its worker processes), messages and pairs
    of one ``mm7 check`` run over ``directory``."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        started, cpu = time.perf_counter(), _children_cpu()
        done = subprocess.run(
            [*command, "--advisory", "--format", "json", "-o", report.name, str(directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "CI": "true"},
            cwd=directory.parent,  # not this checkout: -m must import the installed package
        )
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode()}")
        seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu
        summary = json.loads(Path(report.name).read_bytes())["summary"]
    return seconds, cpu, int(summary["messages"]), int(summary["pairs"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10000,100000", help="file counts (default: 10000,100000)"
    )
    parser.add_argument(
        "--jobs",
        default=f"1,{os.cpu_count() or 1}",
        help="job counts to run (default: 1 and the number of CPUs)",
    )
    parser.add_argument(
        "--baseline-python",
        help="python of another mm7codec installation to measure on the smallest size"
        " (default: none)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the files (default: off)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    jobs = [int(job) for job in args.jobs.split(",")]
    mm7 = [sys.executable, "-m", "mm7codec.cli", "check", "--quiet"]
    load = os.getloadavg()[0]
    print(
        f"mm7 check on {os.cpu_count()} CPUs (load average {load:.1f} at the start);"
        " messages/s over the whole run, start-up included; cpu s: the checker and its workers"
    )
    header = ("files", "checker", "jobs", "messages", "pairs", "wall s", "cpu s", "messages/s")
    print("{:>8} {:>9} {:>4} {:>8} {:>6} {:>8} {:>8} {:>10}  vs baseline".format(*header))
    costs: dict[tuple[int, int], tuple[float, float]] = {}

    def row(size: int, who: str, job: int, result: tuple[float, float, int, int], vs: str) -> None:
        seconds, cpu, messages, pairs = result
        print(
            f"{size:>8} {who:>9} {job:>4} {messages:>8} {pairs:>6} {seconds:>8.2f} {cpu:>8.2f}"
            f" {messages / seconds:>10.0f}  {vs}",
            flush=True,
        )

    for size in sizes:
        directory = Path(tempfile.mkdtemp(prefix=f"mm7-bench-{size}-"))
        try:
            generate(directory, size)
            baseline = None
            if args.baseline_python and size == min(sizes):
                result = run([args.baseline_python, "-m", "mm7codec.cli", "check"], directory)
                baseline = result[2] / result[0]
                row(size, "baseline", 1, result, "1.00x")
            for job in jobs:
                result = run([*mm7, "--jobs", str(job)], directory)
                costs[(size, job)] = result[0], result[1]
                vs = f"{result[2] / result[0] / baseline:.2f}x" if baseline else "-"
                row(size, "this", job, result, vs)
        finally:
            if args.keep:
                print(f"files kept in {directory}")
            else:
                shutil.rmtree(directory)
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        for job in jobs:
            wall = costs[(large, job)][0] / costs[(small, job)][0]
            cpu = costs[(large, job)][1] / costs[(small, job)][1]
            print(
                f"{large} files cost {wall:.1f}x the wall time and {cpu:.1f}x the CPU time of"
                f" {small} with {job} job(s) (linear: {large / small:.0f}x)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
