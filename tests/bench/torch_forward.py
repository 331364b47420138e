#!/usr/bin/python3
"""torch_forward.py MODEL_OUT.safetensors — the PyTorch side of the forward-pass benchmark.

Builds a seeded random model (D=64, H=8, 3 encoder + 3 decoder layers, F=256, post-LN, no dropout
in eval, source and target vocabularies of 400 = the 4 specials + "w0".."w395", untied generator
with bias), saves it in the tfscope model format (DESIGN.md) to MODEL_OUT so that the C side
loads identical weights, and then, single-threaded, in eval() under torch.no_grad(), times

  (a) torch_forward_ms: one teacher-forced pass — embedding·√D + sinusoidal PE, nn.Transformer
      forward (batch_first, batch 1, causal tgt mask), generator, softmax — on a 20-token source
      and a 20-token decoder input (<bos> + 19 tokens); 20 warm-up runs, then 200 timed runs;
  (b) torch_greedy_ms: greedy decoding as PyTorch users write it — encode once, then at each step
      re-run the decoder over the whole prefix and take the argmax at the last position; a
      fixed 20 steps (<eos> is ignored), i.e. 20 output tokens, decoder inputs of length 1..20;
      3 warm-up runs, then 30 timed runs.

Prints `src: ...` (the 20 source tokens), `tgt: ...` (the 19 tokens after <bos> for (a)),
`greedy: ...` (the 20 greedy output tokens) and the timing lines
`torch_forward_ms median=... p10=... p90=...` and `torch_greedy_ms median=... p10=... p90=...`.
With --serve it then reads commands from stdin, so that a driver can interleave its own runs
with PyTorch's on a noisy machine: `greedy K` times K more greedy decodes and prints
`torch_greedy_ms median=...`, `forward K` times K more teacher-forced passes (a) and prints
`torch_forward_ms median=...`; `quit` (or end of input) stops.
In eval mode PyTorch's encoder may take its "fast path"; that is the library as users run it.
Benchmark only: the project itself never needs Python.
"""

import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn

D, H, NE, ND, F = 64, 8, 3, 3, 256
SPECIALS = ["<pad>", "<unk>", "<bos>", "<eos>"]
VOCAB = SPECIALS + ["w%d" % i for i in range(396)]
V = len(VOCAB)
BOS = 2
EPS = 1e-5
MAX_LEN = 64
SEED = 1234
N_TOK = 20
FWD_WARM, FWD_REPS = 20, 200
GREEDY_WARM, GREEDY_REPS = 3, 30


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs, off = [], 0
    for name, t in tensors:
        arr = t.detach().contiguous().cpu().float().numpy()
        data = arr.astype("<f4", copy=False).tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [off, off + len(data)]}
        blobs.append(data)
        off += len(data)
    hjson = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    hjson += b" " * ((-len(hjson)) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(hjson)))
        f.write(hjson)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def sinusoid(n, d):
    pe = torch.zeros(n, d, dtype=torch.float64)
    for pos in range(n):
        for j in range(d):
            ang = pos / math.pow(10000.0, (2 * (j // 2)) / d)
            pe[pos, j] = math.sin(ang) if j % 2 == 0 else math.cos(ang)
    return pe.float()


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.transformer = nn.Transformer(d_model=D, nhead=H, num_encoder_layers=NE,
                                          num_decoder_layers=ND, dim_feedforward=F, dropout=0.1,
                                          layer_norm_eps=EPS, batch_first=True, norm_first=False)
        self.src_embed = nn.Embedding(V, D)
        self.tgt_embed = nn.Embedding(V, D)
        self.generator = nn.Linear(D, V)
        self.register_buffer("pe", sinusoid(MAX_LEN, D))
        self.scale = math.sqrt(D)

    def embed_src(self, ids):
        return self.src_embed(ids) * self.scale + self.pe[:ids.shape[1]]

    def embed_tgt(self, ids):
        return self.tgt_embed(ids) * self.scale + self.pe[:ids.shape[1]]

    def forward(self, src, tgt):  # teacher forcing: probabilities [B, T, V]
        mask = nn.Transformer.generate_square_subsequent_mask(tgt.shape[1])
        out = self.transformer(self.embed_src(src), self.embed_tgt(tgt), tgt_mask=mask)
        return torch.softmax(self.generator(out), dim=-1)

    def greedy(self, src, steps):  # fixed number of steps; <eos> is not special here
        memory = self.transformer.encoder(self.embed_src(src))
        ys = torch.full((1, 1), BOS, dtype=torch.long)
        for _ in range(steps):
            mask = nn.Transformer.generate_square_subsequent_mask(ys.shape[1])
            out = self.transformer.decoder(self.embed_tgt(ys), memory, tgt_mask=mask)
            nxt = self.generator(out[:, -1]).argmax(dim=-1, keepdim=True)
            ys = torch.cat([ys, nxt], dim=1)
        return ys[0, 1:]


def build():
    torch.manual_seed(SEED)
    m = Seq2Seq()
    with torch.no_grad():
        m.src_embed.weight.normal_(0.0, 1.0 / math.sqrt(D))
        m.tgt_embed.weight.normal_(0.0, 1.0 / math.sqrt(D))
        m.generator.weight.normal_(0.0, 2.0 / math.sqrt(D))
        m.generator.bias.normal_(0.0, 0.5)
    return m


def stats(ts):
    a = np.array(ts) * 1000.0
    return "median=%.3f p10=%.3f p90=%.3f" % (np.median(a), np.percentile(a, 10), np.percentile(a, 90))


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: torch_forward.py MODEL_OUT.safetensors [--serve]")
    torch.set_num_threads(1)
    m = build()
    tensors = list(m.transformer.state_dict().items()) + [
        ("src_embed.weight", m.src_embed.weight), ("tgt_embed.weight", m.tgt_embed.weight),
        ("generator.weight", m.generator.weight), ("generator.bias", m.generator.bias)]
    meta = {"d_model": str(D), "nhead": str(H), "num_encoder_layers": str(NE),
            "num_decoder_layers": str(ND), "dim_feedforward": str(F), "layer_norm_eps": repr(EPS),
            "norm_first": "false", "src_vocab": json.dumps(VOCAB), "tgt_vocab": json.dumps(VOCAB),
            "max_len": str(MAX_LEN), "note": "random benchmark model (tests/bench/torch_forward.py)"}
    write_safetensors(sys.argv[1], tensors, meta)

    g = torch.Generator().manual_seed(SEED + 1)
    src = torch.randint(len(SPECIALS), V, (1, N_TOK), generator=g)
    tgt_tok = torch.randint(len(SPECIALS), V, (1, N_TOK - 1), generator=g)
    dec_in = torch.cat([torch.full((1, 1), BOS, dtype=torch.long), tgt_tok], dim=1)
    print("torch %s, threads=%d, D=%d H=%d layers=%d+%d F=%d V=%d" %
          (torch.__version__, torch.get_num_threads(), D, H, NE, ND, F, V))
    print("src: " + " ".join(VOCAB[i] for i in src[0].tolist()))
    print("tgt: " + " ".join(VOCAB[i] for i in tgt_tok[0].tolist()))

    m.eval()
    with torch.no_grad():
        for _ in range(FWD_WARM):
            m(src, dec_in)
        ts = []
        for _ in range(FWD_REPS):
            t0 = time.perf_counter()
            m(src, dec_in)
            ts.append(time.perf_counter() - t0)
        fwd = stats(ts)

        for _ in range(GREEDY_WARM):
            out = m.greedy(src, N_TOK)
        ts = []
        for _ in range(GREEDY_REPS):
            t0 = time.perf_counter()
            out = m.greedy(src, N_TOK)
            ts.append(time.perf_counter() - t0)
        greedy = stats(ts)
    print("greedy: " + " ".join(VOCAB[i] for i in out.tolist()))
    print("torch_forward_ms " + fwd)
    print("torch_greedy_ms " + greedy, flush=True)
    if "--serve" in sys.argv[2:]:
        serve(m, src, dec_in)


def serve(m, src, dec_in):
    with torch.no_grad():
        for line in sys.stdin:
            cmd = line.split()
            if not cmd or cmd[0] == "quit":
                break
            if cmd[0] == "greedy":
                ts = []
                for _ in range(int(cmd[1])):
                    t0 = time.perf_counter()
                    m.greedy(src, N_TOK)
                    ts.append(time.perf_counter() - t0)
                print("torch_greedy_ms " + stats(ts), flush=True)
            elif cmd[0] == "forward":
                ts = []
                for _ in range(int(cmd[1])):
                    t0 = time.perf_counter()
                    m(src, dec_in)
                    ts.append(time.perf_counter() - t0)
                print("torch_forward_ms " + stats(ts), flush=True)


if __name__ == "__main__":
    main()
