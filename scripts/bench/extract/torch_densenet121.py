#!/usr/bin/python3
"""DenseNet-121 (torchvision's topology: growth 32, blocks 6-12-24-16, bn_size 4, 64 stem features) in plain
PyTorch (torchvision is not installed here), random weights, eval mode, features = global average pool
[N, 1024]. Prints JSON with images/s at batch B on T threads.

Usage: ${KENOBI_BENCH_PYTHON:-/usr/bin/python3} torch_densenet121.py --batch 16 --threads 2 --batches 3
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class DenseLayer(nn.Module):
    def __init__(self, cin, growth=32, bn_size=4):
        super().__init__()
        self.norm1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, bn_size * growth, 1, bias=False)
        self.norm2 = nn.BatchNorm2d(bn_size * growth)
        self.conv2 = nn.Conv2d(bn_size * growth, growth, 3, padding=1, bias=False)

    def forward(self, x):
        y = self.conv1(F.relu(self.norm1(x)))
        y = self.conv2(F.relu(self.norm2(y)))
        return torch.cat([x, y], 1)


class Transition(nn.Sequential):
    def __init__(self, cin, cout):
        super().__init__(nn.BatchNorm2d(cin), nn.ReLU(), nn.Conv2d(cin, cout, 1, bias=False), nn.AvgPool2d(2, 2))


class DenseNet121Features(nn.Module):
    def __init__(self):
        super().__init__()
        layers = [nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
        c = 64
        for i, n in enumerate((6, 12, 24, 16)):
            for _ in range(n):
                layers.append(DenseLayer(c))
                c += 32
            if i < 3:
                layers.append(Transition(c, c // 2))
                c //= 2
        layers.append(nn.BatchNorm2d(c))
        self.features = nn.Sequential(*layers)
        self.channels = c

    def forward(self, x):
        return torch.flatten(F.adaptive_avg_pool2d(F.relu(self.features(x)), 1), 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batches", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    m = DenseNet121Features().eval()
    params = sum(p.numel() for p in m.parameters())
    x = torch.randn(a.batch, 3, 224, 224)
    with torch.no_grad():
        m(x)  # warm-up
        t = time.perf_counter()
        for _ in range(a.batches):
            y = m(x)
        s = time.perf_counter() - t
    print(json.dumps({"torch": torch.__version__, "threads": a.threads, "batch": a.batch, "params": params,
                      "out": list(y.shape), "imagesPerSecond": a.batch * a.batches / s}))


if __name__ == "__main__":
    main()
