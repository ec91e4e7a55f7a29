"""PyTorch peer of scripts/bench/cnn/run.ts (run with Debian's /usr/bin/python3, torch 1.13 CPU).

usage: peers.py <dir> <threads>
Trains the seeds' CNN (Dominguez-Sanchez+18, every convolution 'same') on the float32 images and int32 labels
run.ts wrote, with Adam and BCE on logits, `steps` batches after one untimed warm-up batch; prints one JSON line
with wall and CPU (process_time) seconds of the timed steps and the peak RSS (ru_maxrss).
"""
import json
import os
import resource
import sys
import time

import numpy as np
import torch

folder, threads = sys.argv[1], int(sys.argv[2])
torch.set_num_threads(threads)
meta = json.load(open(os.path.join(folder, "meta.json")))
n, h, w, c, batch, steps = meta["n"], meta["h"], meta["w"], meta["c"], meta["batch"], meta["steps"]
x = torch.from_numpy(np.fromfile(os.path.join(folder, "x.f32"), dtype=np.float32).reshape(n, c, h, w))
y = torch.from_numpy(np.fromfile(os.path.join(folder, "y.i32"), dtype=np.int32).astype(np.float32).reshape(n, 1))
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(
    nn.Conv2d(c, 32, 6, padding="same"), nn.ReLU(), nn.Dropout(0.5),
    nn.Conv2d(32, 64, 5, padding="same"), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
    nn.Conv2d(64, 128, 2, padding="same"), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
    nn.Conv2d(128, 128, 3, padding="same"), nn.ReLU(), nn.Dropout(0.25),
    nn.Flatten(), nn.Linear(128 * (h // 4) * (w // 4), 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 1),
)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.BCEWithLogitsLoss()


def step(k):
    b0 = (k * batch) % n
    xb, yb = x[b0:b0 + batch], y[b0:b0 + batch]
    opt.zero_grad()
    loss = loss_fn(model(xb), yb)
    loss.backward()
    opt.step()
    return loss.item()


step(0)
t0, c0 = time.perf_counter(), time.process_time()
for k in range(1, steps + 1):
    last = step(k)
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"seconds": seconds, "cpuSeconds": cpu, "lastLoss": last, "torch": torch.__version__, "threads": torch.get_num_threads(),
                  "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
