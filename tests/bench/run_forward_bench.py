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
import os, re, subprocess, sys, tempfile

import bench_rounds as br

build = sys.argv[1] if len(sys.argv) > 1 else "build"
model = os.path.join(tempfile.mkdtemp(), "bench_model.safetensors")
torch_out = subprocess.run(["/usr/bin/python3", os.path.join(br.HERE, "torch_forward.py"), model],
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
# (b) in rounds, PyTorch's greedy decodes and tfscope's processes taking turns, so that the
# machine's slow and quick spells fall on both sides; the ratio of each round's medians.
srv, _ = br.torch_server(model + ".srv")
t_rounds, c_rounds, ratios = br.rounds(srv, "greedy 15", cmd)
br.stop(srv)
br.report("translate", "greedy decodes (15)", t_rounds, c_rounds, ratios)
print(f"ratio (a) forward+trace: torch/tfscope = {t_fwd / c_fwd:.2f}x")
