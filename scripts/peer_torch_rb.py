#!/usr/bin/python3
"""Peer measurements with PyTorch (Debian's python3-torch), side by side with `labelfree bench train`.

usage: /usr/bin/python3 scripts/peer_torch_rb.py [THREADS] [STEPS]
The network is labelfree's RealBogusCnn: conv3x3(32)+ReLU+maxpool2, conv3x3(64)+ReLU+maxpool2, flatten,
linear(128)+ReLU, dropout 0.5, linear(2), on 1x30x30 stamps; Adam lr 1e-3; batch 128. Prints one JSON object:
the median milliseconds of a standard step (forward, mean cross-entropy, backward, Adam), of a co-teaching step
(two networks; each ranks the batch by its per-sample loss and its 90% smallest-loss samples update the peer, the
loss averaged once), and eval-mode scoring throughput in stamps/s (batches of 1024). Seeded inputs; no timing
of data preparation.
"""
import json, statistics, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 30
torch.set_num_threads(threads)
torch.manual_seed(1)


def net():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 6 * 6, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 2))


x = torch.rand(128, 1, 30, 30)
y = torch.randint(0, 2, (128,))


def median_ms(step, warm=5):
    for _ in range(warm):
        step()
    t = []
    for _ in range(steps):
        t0 = time.perf_counter(); step(); t.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(t)


a, b = net(), net()
oa = torch.optim.Adam(a.parameters(), lr=1e-3)
ob = torch.optim.Adam(b.parameters(), lr=1e-3)


def standard():
    oa.zero_grad()
    loss = F.cross_entropy(a(x), y)
    loss.backward()
    oa.step()


def coteaching(keep=0.9):
    la = F.cross_entropy(a(x), y, reduction="none")
    lb = F.cross_entropy(b(x), y, reduction="none")
    k = int(keep * len(y))
    ia = torch.argsort(la.detach())[:k]
    ib = torch.argsort(lb.detach())[:k]
    oa.zero_grad(); ob.zero_grad()
    (la[ib].sum() / k).backward()
    (lb[ia].sum() / k).backward()
    oa.step(); ob.step()


std = median_ms(standard)
cot = median_ms(coteaching)
a.eval()
big = torch.rand(8192, 1, 30, 30)
with torch.no_grad():
    for i in range(0, 2048, 1024):
        a(big[i:i + 1024])
    t0 = time.perf_counter()
    for i in range(0, len(big), 1024):
        torch.softmax(a(big[i:i + 1024]), 1)
    rate = len(big) / (time.perf_counter() - t0)
print(json.dumps({"tool": "pytorch " + torch.__version__, "threads": threads, "batch": 128,
                  "standard_step_ms": round(std, 2), "coteaching_step_ms": round(cot, 2),
                  "eval_stamps_per_s": round(rate)}))
