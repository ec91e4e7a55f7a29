"""PyTorch and scikit-learn peers of scripts/bench/heads/run.ts (run with KENOBI_BENCH_PYTHON, default /usr/bin/python3).

usage: peers.py mlp <dir> <threads> | linear <dir> <threads>
Reads the float32/int32 files run.ts wrote, prints one JSON line with the wall and CPU (process_time) timings
and the AUC. Data loading and imports are not timed.
"""
import json
import os
import sys
import time

import numpy as np

kind, folder, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])


def load(name, dtype, shape):
    return np.fromfile(os.path.join(folder, name), dtype=dtype).reshape(shape)


meta = json.load(open(os.path.join(folder, "meta.json")))
if kind == "mlp":
    import torch

    torch.set_num_threads(threads)
    n, d = meta["rows"], meta["cols"]
    x = torch.from_numpy(load("x.f32", np.float32, (n, d)))
    y = torch.from_numpy(load("y.i32", np.int32, (n,)).astype(np.int64))
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(d, 256), torch.nn.ReLU(), torch.nn.Linear(256, 2))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(0)
    t0, c0 = time.perf_counter(), time.process_time()
    for epoch in range(meta["epochs"]):
        order = torch.randperm(n, generator=g)
        total = 0.0
        for b0 in range(0, n, meta["batch"]):
            idx = order[b0:b0 + meta["batch"]]
            xb, yb = x[idx], y[idx]
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu, "finalLoss": total / n, "torch": torch.__version__, "threads": torch.get_num_threads()}))
else:
    import sklearn
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    n, d, nt = meta["rows"], meta["cols"], meta["testRows"]
    x = load("x.f32", np.float32, (n, d))
    y = load("y.i32", np.int32, (n,))
    xt = load("xt.f32", np.float32, (nt, d))
    yt = load("yt.i32", np.int32, (nt,))
    t0, c0 = time.perf_counter(), time.process_time()
    clf = LogisticRegression(C=1.0, solver="lbfgs", max_iter=100).fit(x, y)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    auc = roc_auc_score(yt, clf.decision_function(xt))
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu, "auc": auc, "iterations": int(clf.n_iter_[0]), "sklearn": sklearn.__version__}))
