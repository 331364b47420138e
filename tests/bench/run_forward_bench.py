#!/usr/bin/python3
"""run_forward_bench.py BUILD_DIR — issue 2's benchmark, both sides in one run.

(a) teacher-forced forward + full trace recording in process (build/tests/bench/bench_forward)
    against PyTorch's forward (tests/bench/torch_forward.py), same weights, 20+20 tokens;
(b) `tfscope translate --max-len 20` as a whole process (start, load model, tokenize, greedy
    decode 20 tokens with cached keys/values, print) against PyTorch greedy decoding that re-runs
    the decoder over the prefix at each step (inside an already running Python process).
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
t_greedy = float(re.search(r"torch_greedy_ms median=([\d.]+)", torch_out).group(1))

c_out = subprocess.run([os.path.join(build, "tests", "bench", "bench_forward"), model, src, tgt, "400"],
                       check=True, capture_output=True, text=True).stdout
print(c_out.strip())
c_fwd = float(re.search(r"median=([\d.]+)", c_out).group(1))

exe = os.path.join(build, "app", "tfscope")
cmd = [exe, "translate", "--model", model, "--max-len", "20", src]
out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()
print("tfscope greedy:", out, "(same as torch)" if out == greedy else "(differs from torch: near-ties in float32)")
times = []
for i in range(63):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    if i >= 3:
        times.append((time.perf_counter() - t0) * 1e3)
times.sort()
q = statistics.quantiles(times, n=10)
c_greedy = statistics.median(times)
print(f"tfscope_translate_process_ms median={c_greedy:.3f} p10={q[0]:.3f} p90={q[-1]:.3f} (60 runs)")
print(f"ratio (a) forward+trace: torch/tfscope = {t_fwd / c_fwd:.2f}x")
print(f"ratio (b) greedy translate: torch/tfscope = {t_greedy / c_greedy:.2f}x")
