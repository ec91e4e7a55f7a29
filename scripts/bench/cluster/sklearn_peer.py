#!/usr/bin/python3
"""The scikit-learn side of scripts/bench/cluster/run.ts (run on KENOBI_BENCH_PYTHON, default Debian's /usr/bin/python3).
argv: kmeans <x.npy> <repeats> [first seed] | kmeans-init <x.npy> <seed> <init out .npy> | minibatch <shard dir> <batch size>.
Prints one JSON line. Times cover `KMeans(...).fit(x)` whole, input validation (check_array copies x and checks
finiteness) included, as Kenobi's times cover `fit` whole; `cpu` is `time.process_time()` over the same span."""
import glob
import json
import resource
import sys
import time

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans

if sys.argv[1] == 'kmeans':
    x = np.load(sys.argv[2])
    times, cpus, iters, inertias = [], [], [], []
    KMeans(n_clusters=10, n_init=1, random_state=99).fit(x[:2000])  # warm-up (imports, thread pools)
    first = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    for seed in range(first, first + int(sys.argv[3])):
        t, c = time.perf_counter(), time.process_time()
        km = KMeans(n_clusters=10, n_init=1, random_state=seed).fit(x)
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
        iters.append(int(km.n_iter_))
        inertias.append(float(km.inertia_))
    print(json.dumps({'times': times, 'cpus': cpus, 'iters': iters, 'inertias': inertias}))
elif sys.argv[1] == 'kmeans-init':
    # The same initial centres for both sides (sklearn's k-means++ for this seed, written for Kenobi to read),
    # so both run the same Lloyd iterations.
    from sklearn.cluster import kmeans_plusplus
    x = np.load(sys.argv[2])
    KMeans(n_clusters=10, n_init=1, random_state=99).fit(x[:2000])  # warm-up
    init, _ = kmeans_plusplus(x, 10, random_state=int(sys.argv[3]))
    np.save(sys.argv[4], init.astype(np.float32))
    t, c = time.perf_counter(), time.process_time()
    km = KMeans(n_clusters=10, n_init=1, init=init).fit(x)
    print(json.dumps({'times': [time.perf_counter() - t], 'cpus': [time.process_time() - c], 'iters': [int(km.n_iter_)], 'inertias': [float(km.inertia_)]}))
else:
    shards = sorted(glob.glob(sys.argv[2] + '/*.npy'))
    bs = int(sys.argv[3])
    mb = MiniBatchKMeans(n_clusters=10, random_state=0, n_init=1, batch_size=bs)
    rows = 0
    t, c = time.perf_counter(), time.process_time()
    for s in shards:
        x = np.load(s)
        for i in range(0, len(x), bs):
            mb.partial_fit(x[i:i + bs])
        rows += len(x)
    dt = time.perf_counter() - t
    print(json.dumps({'rows': rows, 'seconds': dt, 'cpu': time.process_time() - c, 'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
