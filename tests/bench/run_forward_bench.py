#!/usr/bin/python3
"""run_forward_bench.py BUILD_DIR — issue 2's benchmark, both sides in one run.

(a) teacher-forced forward + full trace recording in process (build/tests/bench/bench_forward)
    against PyTorch's forward (tests/bench/torch_forward.py), same weights, 20+20 tokens;
(b) `tfscope translate --max-len 20` as a whole process (start, load model, tokenize, greedy
    decode 20 tokens with cached keys/values, print, exit; spawned and waited for) against
    PyTorch greedy decoding that re-runs the decoder over the prefix at each step (inside an
    already running Python process, model loaded). /bin/true's time in the same harness is
    printed as the floor of any process.
Prints medians, p10/p90 and the ratios. Benchmark only; needs /usr/bin/python3 with torch."""
import os, re, statistics, subprocess, sys, tempfile, time

build = sys.argv[1] if len(sys.argv) > 1 else "build"
here = os.path.dirname(os.path.abspath(__file__))
model = os.path.join(tempfile.mkdtemp(), "bench_model.safetensors")
torch_out = subprocess.run(["/usr/bin/python3", os.path.join(here, "torch_forward.py"), model],
                           check=True, capture_output=True, text=True).stdout
print(torch_out.strip())
src = re.search(r"^src: (.*)$", torch_out, re.M).group(1)
tgt = re.search(r"^tgt: (.*)$", torch_out, re.M).group(1)
greedy = re.search(r"^greedy: (.*)$", torch_out, re.M).group(1)
t_fwd = float(re.search(r"torch_forward_ms median=([\d.]+)", torch_out).group(1))

c_out = subprocess.run([os.path.join(build, "tests", "bench", "bench_forward"), model, src, tgt, "400"],
                       check=True, capture_output=True, text=True).stdout
print(c_out.strip())
c_fwd = float(re.search(r"median=([\d.]+)", c_out).group(1))

exe = os.path.join(build, "app", "tfscope")
cmd = [exe, "translate", "--model", model, "--max-len", "20", src]
out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()
print("tfscope greedy:", out, "(same as torch)" if out == greedy else "(differs from torch: near-ties in float32)")
devnull = os.open(os.devnull, os.O_WRONLY)
ROUNDS = 9


def process_ms(argv, runs=60):
    """Wall time of whole processes, start to exit: posix_spawn + waitpid, stdout to /dev/null
    (subprocess.run adds ~1.5 ms of its own set-up per call on this machine)."""
    ts = []
    for i in range(runs + 3):
        t0 = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
        _, status = os.waitpid(pid, 0)
        if status != 0:
            sys.exit(f"{argv[0]} failed with status {status}")
        if i >= 3:
            ts.append((time.perf_counter() - t0) * 1e3)
    ts.sort()
    return statistics.median(ts), statistics.quantiles(ts, n=10)


# (b) in rounds, PyTorch's greedy decodes and tfscope's processes taking turns, so that the
# machine's slow and quick spells fall on both sides; the ratio of each round's medians.
torch_srv = subprocess.Popen(["/usr/bin/python3", os.path.join(here, "torch_forward.py"), model + ".srv",
                              "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
while "torch_greedy_ms" not in torch_srv.stdout.readline():
    pass
ratios, t_rounds, c_rounds = [], [], []
for r in range(ROUNDS):
    torch_srv.stdin.write("greedy 15\n")
    torch_srv.stdin.flush()
    t_r = float(re.search(r"median=([\d.]+)", torch_srv.stdout.readline()).group(1))
    time.sleep(0.3)  # let PyTorch's idle threads stop spinning before timing the other side
    c_r, _ = process_ms(cmd, runs=20)
    t_rounds.append(t_r)
    c_rounds.append(c_r)
    ratios.append(t_r / c_r)
torch_srv.stdin.write("quit\n")
torch_srv.stdin.flush()
torch_srv.wait()
true_ms, _ = process_ms(["/bin/true"])
print(f"rounds ({ROUNDS}, each 15 PyTorch greedy decodes then 20 tfscope processes), medians in ms:")
for t_r, c_r, x in zip(t_rounds, c_rounds, ratios):
    print(f"  torch {t_r:7.3f}   tfscope process {c_r:6.3f}   ratio {x:5.2f}x")
print(f"tfscope_translate_process_ms median={statistics.median(c_rounds):.3f} "
      f"(/bin/true in the same harness: {true_ms:.3f})")
print(f"ratio (a) forward+trace: torch/tfscope = {t_fwd / c_fwd:.2f}x")
print(f"ratio (b) greedy translate: torch/tfscope = {statistics.median(ratios):.2f}x "
      f"(median of {ROUNDS} rounds; min {min(ratios):.2f}x, max {max(ratios):.2f}x)")
