#!/usr/bin/python3
"""torch_train.py [threads] [steps] — PyTorch's side of tests/bench/bench_train.c.

The same model and batch shapes: nn.Transformer (D=64, H=8, 2+2 layers, F=256, post-LN,
batch_first), embeddings·√D + sinusoidal positions, separate source/target embeddings and an
untied generator with bias over vocabularies of 300; B=32 pairs of 15–20 tokens padded to 20 with
key-padding masks and the causal mask; label-smoothed (0.1) cross-entropy ignoring padding; Adam
(0.9, 0.98, 1e-9). Dropout 0.1 on embeddings+positions and, as nn.Transformer does, on sub-layer
outputs, attention weights and the FFN's hidden layer (tfscope drops only the first two, as the
paper says). Prints the median step time and target tokens per second after 3 warm-up steps.
Benchmark only: the project itself never needs Python.
"""
import math
import sys
import time

import torch
import torch.nn as nn

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 40
torch.set_num_threads(threads)
torch.manual_seed(0)
D, H, NE, ND, F, V, B, L = 64, 8, 2, 2, 256, 300, 32, 20


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.tr = nn.Transformer(D, H, NE, ND, F, dropout=0.1, batch_first=True)
        self.src_embed, self.tgt_embed = nn.Embedding(V, D), nn.Embedding(V, D)
        self.generator = nn.Linear(D, V)
        pos = torch.arange(64).unsqueeze(1).float()
        div = torch.exp(torch.arange(0, D, 2).float() * (-math.log(10000.0) / D))
        pe = torch.zeros(64, D)
        pe[:, 0::2], pe[:, 1::2] = torch.sin(pos * div), torch.cos(pos * div)
        self.register_buffer("pe", pe)
        self.drop = nn.Dropout(0.1)

    def forward(self, src, tgt, src_pad, tgt_pad, causal):
        x = self.drop(self.src_embed(src) * math.sqrt(D) + self.pe[: src.shape[1]])
        y = self.drop(self.tgt_embed(tgt) * math.sqrt(D) + self.pe[: tgt.shape[1]])
        h = self.tr(x, y, tgt_mask=causal, src_key_padding_mask=src_pad,
                    tgt_key_padding_mask=tgt_pad, memory_key_padding_mask=src_pad)
        return self.generator(h)


model = Model()
opt = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.9, 0.98), eps=1e-9)
loss_fn = nn.CrossEntropyLoss(ignore_index=0, label_smoothing=0.1)
src_len, tgt_len = torch.randint(15, L + 1, (B,)), torch.randint(15, L + 1, (B,))
src_pad = torch.arange(L)[None, :] >= src_len[:, None]
tgt_pad = torch.arange(L)[None, :] >= tgt_len[:, None]
src = torch.randint(4, V, (B, L)).masked_fill(src_pad, 0)
tgt = torch.randint(4, V, (B, L)).masked_fill(tgt_pad, 0)
tgt[:, 0] = 2
gold = torch.roll(tgt, -1, 1)
gold[torch.arange(B), tgt_len - 1] = 3
gold = gold.masked_fill(tgt_pad, 0)
causal = nn.Transformer.generate_square_subsequent_mask(L)
times = []
for s in range(steps + 3):
    t0 = time.perf_counter()
    opt.zero_grad()
    out = model(src, tgt, src_pad, tgt_pad, causal)
    loss = loss_fn(out.reshape(-1, V), gold.reshape(-1))
    loss.backward()
    opt.step()
    if s >= 3:
        times.append((time.perf_counter() - t0) * 1e3)
times.sort()
med = times[len(times) // 2]
n_tok = int(tgt_len.sum())
print(f"torch_train threads={threads} batch={B} target_tokens={n_tok} step_ms median={med:.2f} "
      f"p10={times[len(times) // 10]:.2f} p90={times[len(times) * 9 // 10]:.2f} "
      f"tokens_per_s={n_tok / med * 1e3:.0f} loss={loss.item():.3f}")
