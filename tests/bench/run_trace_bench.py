#!/usr/bin/python3
"""run_trace_bench.py BUILD_DIR — issue 17's benchmark, both sides in one run: a whole
`tfscope trace` process (start, load and hash the model, tokenize, teacher-forced forward pass
recording every tensor, write the trace file, exit; spawned and waited for) against PyTorch's
in-process teacher-forced forward of the same weights (tests/bench/torch_forward.py, (a): 20+20
tokens, model loaded, single thread). 9 rounds alternate 50 PyTorch passes with 20 tfscope
processes; the ratio is the median of the rounds' ratios (see bench_rounds.py).
Benchmark only; needs /usr/bin/python3 with torch."""
import os, re, subprocess, sys, tempfile

import bench_rounds as br

build = sys.argv[1] if len(sys.argv) > 1 else "build"
tmp = tempfile.mkdtemp()
model = os.path.join(tmp, "bench_model.safetensors")
srv, torch_out = br.torch_server(model)
print(torch_out.strip())
src = re.search(r"^src: (.*)$", torch_out, re.M).group(1)
tgt = re.search(r"^tgt: (.*)$", torch_out, re.M).group(1)
exe = os.path.join(build, "app", "tfscope")
cmd = [exe, "trace", "--model", model, "--src", src, "--tgt", tgt,
       "--out", os.path.join(tmp, "bench.trace.safetensors")]
print(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip())
t_rounds, c_rounds, ratios = br.rounds(srv, "forward 50", cmd)
br.stop(srv)
br.report("trace", "teacher-forced forward (50 passes)", t_rounds, c_rounds, ratios)
