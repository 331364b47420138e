"""bench_rounds.py — what the side-by-side benchmarks share: whole processes timed start to exit,
and rounds that alternate PyTorch (running as a server, tests/bench/torch_forward.py --serve) with
tfscope processes, so that this machine's slow and quick spells fall on both sides. Each round's
ratio is PyTorch's median over tfscope's median; the result is the median of the rounds' ratios.
Benchmark only; needs /usr/bin/python3 with torch."""
import os, re, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
_devnull = os.open(os.devnull, os.O_WRONLY)


def process_ms(argv, runs=60, warm=3):
    """Wall time of whole processes, start to exit: posix_spawn + waitpid, stdout to /dev/null
    (subprocess.run adds ~1.5 ms of its own set-up per call on this machine). Median and deciles."""
    ts = []
    for i in range(runs + warm):
        t0 = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, _devnull, 1)])
        _, status = os.waitpid(pid, 0)
        if status != 0:
            sys.exit(f"{argv[0]} failed with status {status}")
        if i >= warm:
            ts.append((time.perf_counter() - t0) * 1e3)
    ts.sort()
    return statistics.median(ts), statistics.quantiles(ts, n=10)


def torch_server(model):
    """PyTorch's side as a server; it writes the benchmark model to `model` first. Returns the
    server and what it printed before serving (tokens and first timings: see torch_forward.py)."""
    srv = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "torch_forward.py"), model,
                            "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    lines = []
    while "torch_greedy_ms" not in (lines[-1] if lines else ""):
        lines.append(srv.stdout.readline())
        if not lines[-1]:
            sys.exit("torch_forward.py --serve stopped before serving")
    return srv, "".join(lines)


def rounds(srv, torch_cmd, argv, n_rounds=9, procs=20):
    """n_rounds of (PyTorch's `torch_cmd`, then `procs` tfscope processes `argv`). Returns the
    lists of PyTorch medians, process medians and ratios, one entry per round."""
    t_rounds, c_rounds, ratios = [], [], []
    for _ in range(n_rounds):
        srv.stdin.write(torch_cmd + "\n")
        srv.stdin.flush()
        t_r = float(re.search(r"median=([\d.]+)", srv.stdout.readline()).group(1))
        time.sleep(0.3)  # let PyTorch's idle threads stop spinning before timing the other side
        c_r, _ = process_ms(argv, runs=procs)
        t_rounds.append(t_r)
        c_rounds.append(c_r)
        ratios.append(t_r / c_r)
    return t_rounds, c_rounds, ratios


def stop(srv):
    srv.stdin.write("quit\n")
    srv.stdin.flush()
    srv.wait()


def report(what, torch_what, t_rounds, c_rounds, ratios):
    print(f"rounds ({len(ratios)}, each PyTorch's {torch_what} then tfscope processes), medians in ms:")
    for t_r, c_r, x in zip(t_rounds, c_rounds, ratios):
        print(f"  torch {t_r:7.3f}   tfscope process {c_r:6.3f}   ratio {x:5.2f}x")
    true_ms, _ = process_ms(["/bin/true"])
    print(f"tfscope_{what}_process_ms median={statistics.median(c_rounds):.3f} "
          f"(/bin/true in the same harness: {true_ms:.3f})")
    print(f"ratio {what}: torch/tfscope = {statistics.median(ratios):.2f}x "
          f"(median of {len(ratios)} rounds; min {min(ratios):.2f}x, max {max(ratios):.2f}x)")
