"""Times commands interleaved: round after round, each command once per
round in turn, so that all of them see the same machine (a neighbour that
slows the machine down for a while slows every command alike).

    python3 benches/interleave.py --runs N --warmup W --json OUT \
        NAME=COMMAND [NAME=COMMAND ...]

For each run: wall-clock time, CPU time (user + system of the command and
its children) and peak resident memory, from wait4's resource usage, which
the kernel keeps for every process: no GNU time needed. The peak counts the
child from its fork, so it is never below this script's own size (about 15
MiB): nothing for a build of hundreds. Writes OUT as JSON
(name -> list of runs) and prints one line per command: the median, min
and max wall-clock seconds, the median CPU seconds and the largest peak.
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import time


def run(command):
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        child = subprocess.Popen(shlex.split(command), stdout=null, stderr=null)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    # Reaped by wait4 here, so tell Popen, which would otherwise wait again.
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"failed ({child.returncode}): {command}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mib": usage.ru_maxrss / 1024}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--json", required=True)
    parser.add_argument("commands", nargs="+", metavar="NAME=COMMAND")
    args = parser.parse_args()
    commands = [c.split("=", 1) for c in args.commands]
    results = {name: [] for name, _ in commands}
    for round_ in range(args.warmup + args.runs):
        for name, command in commands:
            measured = run(command)
            if round_ >= args.warmup:
                results[name].append(measured)
    with open(args.json, "w") as out:
        json.dump(results, out, indent=1)
    for name, runs in results.items():
        walls = [r["wall"] for r in runs]
        print(f"{name:28} median {statistics.median(walls):7.3f} s "
              f"(min {min(walls):.3f}, max {max(walls):.3f}), "
              f"CPU {statistics.median(r['cpu'] for r in runs):7.3f} s, "
              f"peak {max(r['peak_mib'] for r in runs):6.0f} MiB")


if __name__ == "__main__":
    main()
