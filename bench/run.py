#!/usr/bin/env python3
"""Times platformctl commands: wall time over repeated runs and peak memory (RSS).

Each case runs the release binary N times; wall time comes from a monotonic clock around
the run (including GNU time's own start-up, well under a millisecond), peak RSS from GNU
time's report of the command. Prints a table; --json prints the raw data.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep bench/ free of __pycache__
import fleet  # noqa: E402  (bench/fleet.py, the fleet section)
import hostile  # noqa: E402  (bench/hostile.py, the hostile-input section)
import lint  # noqa: E402  (bench/lint.py, the lint section)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def target_dir():
    """Where cargo puts this checkout's builds (CARGO_TARGET_DIR and config honoured)."""
    meta = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"],
                          cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(meta.stdout)["target_directory"]


BIN = None  # set in main: the release binary of this checkout


TIME = "/usr/bin/time"


def run_once(argv):
    # Peak RSS comes from GNU time, a small C process: any child this Python process forks
    # would inherit (and report) Python's own memory as its peak, even after exec.
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        code = subprocess.call([TIME, "-f", "%M", "-o", report.name, *argv],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        peak_kib = int(report.read().strip().splitlines()[-1])
    return wall, peak_kib / 1024.0, code


def measure(name, argv, runs, cwd, ok_codes=(0,)):
    walls, peaks = [], []
    for _ in range(runs):
        wall, peak, code = run_once(argv)
        if code not in ok_codes:
            sys.exit(f"bench: {name} exited {code}; run it by hand to see why: {' '.join(argv)}")
        walls.append(wall * 1000.0)
        peaks.append(peak)
    return {
        "case": name,
        "runs": runs,
        "min_ms": min(walls),
        "median_ms": statistics.median(walls),
        "mean_ms": statistics.fmean(walls),
        "max_ms": max(walls),
        "peak_rss_mib": max(peaks),
    }


def cases(work):
    out = os.path.join(work, "out")
    examples = sorted(f for f in os.listdir(os.path.join(ROOT, "examples")) if f.endswith(".yaml"))
    for example in examples:
        stem = example[: -len(".yaml")]
        yield f"synth {stem}", [BIN, "synth", f"examples/{example}", "-o", os.path.join(work, stem)], (0,)
    yield "validate tdp", [BIN, "validate", "examples/tdp.yaml"], (0,)
    yield "check-network tdp", [BIN, "check-network", "examples/tdp.yaml"], (0,)
    yield "check-network failing", [BIN, "check-network", "tests/fixtures/large-on-small-subnets.yaml"], (1,)
    previous = os.path.join(work, "previous-tdp")
    subprocess.run([BIN, "synth", "examples/tdp.yaml", "-o", previous], check=True, stdout=subprocess.DEVNULL)
    yield "plan tdp --against itself", [BIN, "plan", "examples/tdp.yaml", "--against", previous], (0,)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-build", action="store_true", help="use the existing release binary")
    parser.add_argument("--binary", help="time this binary instead (implies --no-build), "
                        "e.g. one kept by scripts/measure-build")
    parser.add_argument("--only", choices=["commands", "fleet", "lint", "hostile"],
                        help="run one section only")
    parser.add_argument("--fleet-runs", type=int, default=5, help="runs per fleet case")
    parser.add_argument("--lint-runs", type=int, default=10, help="platformctl runs per lint input")
    parser.add_argument("--cfn-lint-runs", type=int, default=3,
                        help="cfn-lint runs per lint input (a third of them on 5,000 resources); "
                             "0 times platformctl alone")
    parser.add_argument("--hostile-runs", type=int, default=5, help="runs per hostile input")
    args = parser.parse_args()
    if not os.access(TIME, os.X_OK):
        sys.exit(f"bench: {TIME} (GNU time) is needed for peak memory; install the Debian package `time`")
    if not args.no_build and not args.binary:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    os.chdir(ROOT)
    work = tempfile.mkdtemp(prefix="platformctl-bench-")
    # The target directory may be shared between checkouts: time a private copy of the
    # binary just built, not whatever a later build leaves there.
    global BIN
    private = os.path.join(work, "platformctl")
    built = args.binary or os.path.join(target_dir(), "release", "platformctl")
    shutil.copy2(built, private)
    BIN = private
    results, fleet_rows, lint_rows, hostile_rows, catch, false = [], [], [], [], None, None
    sections = [args.only] if args.only else ["commands", "fleet", "lint", "hostile"]
    try:
        if "commands" in sections:
            results = [measure(name, argv, args.runs, ROOT, ok) for name, argv, ok in cases(work)]
        if "fleet" in sections:
            fleet_rows = [measure(name, argv, args.fleet_runs, ROOT, ok)
                          for name, argv, ok in fleet.cases(BIN, ROOT, work)]
        if "lint" in sections:
            cfn_lint = os.path.join(ROOT, ".venv", "bin", "cfn-lint")
            if args.cfn_lint_runs and not os.access(cfn_lint, os.X_OK):
                sys.exit("bench: cfn-lint is not in .venv; run scripts/setup-tools")
            lint_rows = lint.run(BIN, cfn_lint, ROOT, work, args.lint_runs, args.cfn_lint_runs)
            if args.cfn_lint_runs:
                catch = lint.catch_rate(BIN, cfn_lint, ROOT)
            false = lint.false_errors(BIN, ROOT)
        if "hostile" in sections:
            hostile_rows = hostile.run(BIN, ROOT, work, args.hostile_runs, measure)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps({"commands": results, "fleet": fleet_rows, "lint": lint_rows, "catch_rate": catch,
                          "false_errors": false, "hostile": hostile_rows}, indent=2))
    else:
        if results:
            print_commands(results)
        if fleet_rows:
            print_commands(fleet_rows)
        if lint_rows:
            lint.print_table(lint_rows)
        if catch:
            lint.print_catch_rate(catch)
        if false:
            lint.print_false_errors(false)
        if hostile_rows:
            hostile.print_table(hostile_rows)
    if any(not r["within_budget"] for r in hostile_rows):
        sys.exit("bench: a hostile input went over 1 s or 256 MiB")


def print_commands(results):
    print(f"{'case':<28} {'runs':>5} {'min ms':>8} {'median ms':>10} {'mean ms':>8} {'peak MiB':>9}")
    for r in results:
        print(f"{r['case']:<28} {r['runs']:>5} {r['min_ms']:>8.2f} {r['median_ms']:>10.2f} {r['mean_ms']:>8.2f} {r['peak_rss_mib']:>9.1f}")


if __name__ == "__main__":
    main()
