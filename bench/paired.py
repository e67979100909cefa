#!/usr/bin/env python3
"""Paired, alternated timing of two commands (bench/plan.sh).

    paired.py RUNS GOAL LABEL_A -- COMMAND_A... -- LABEL_B -- COMMAND_B...

Runs A then B, RUNS times, output discarded, and prints each pair, both medians (wall and
user+system CPU) and the ratio A/B of each against GOAL. Each command is timed from just before
its fork to the return of wait4(), which also gives the child's CPU: no `date` or `time` process
is started around it, so the figure is the command's own (the shell's `date +%s%N` twice and
/usr/bin/time added ~15 ms to every run on this machine, about 6% of a plan and 1% of a Python
dry-run, which biased the ratio). A run that fails stops the benchmark.
"""
import os
import statistics
import subprocess
import sys
import time


def groups(args):
    out, cur = [], []
    for a in args:
        if a == "--":
            out.append(cur)
            cur = []
        else:
            cur.append(a)
    out.append(cur)
    if len(out) != 4 or len(out[0]) != 1 or len(out[2]) != 1 or not out[1] or not out[3]:
        sys.exit("usage: paired.py RUNS GOAL LABEL_A -- COMMAND_A... -- LABEL_B -- COMMAND_B...")
    return (out[0][0], out[1]), (out[2][0], out[3])


def run(cmd, devnull):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=devnull, stderr=devnull)
    _, status, usage = os.wait4(p.pid, 0)
    wall = (time.perf_counter() - t0) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed (exit %d): %s" % (os.waitstatus_to_exitcode(status), " ".join(cmd)))
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    runs, goal = int(sys.argv[1]), float(sys.argv[2])
    (la, a), (lb, b) = groups(sys.argv[3:])
    width = max(len(la), len(lb))
    wa, ca, wb, cb = [], [], [], []
    with open(os.devnull, "w") as devnull:
        for r in range(1, runs + 1):
            w, c = run(a, devnull)
            wa.append(w)
            ca.append(c)
            w, c = run(b, devnull)
            wb.append(w)
            cb.append(c)
            print("run %2d: %s %5.0f ms (cpu %4.0f)   %s %5.0f ms (cpu %4.0f)"
                  % (r, la, wa[-1], ca[-1], lb, wb[-1], cb[-1]), flush=True)
    m = statistics.median
    print("%-*s median %.0f ms wall, %.0f ms cpu" % (width + 1, la + ":", m(wa), m(ca)))
    print("%-*s median %.0f ms wall, %.0f ms cpu" % (width + 1, lb + ":", m(wb), m(cb)))
    print("ratio (goal <= %.2f): wall %.3f, cpu %.3f" % (goal, m(wa) / m(wb), m(ca) / m(cb)))


if __name__ == "__main__":
    main()
