"""PyTorch CPU peer for scripts/bench/infer: images/s of ResNet-18/50 and DenseNet-121 built in plain torch
(torchvision is not installed with Debian's python3-torch), random weights, eval mode, no_grad.

Usage: ${KENOBI_BENCH_PYTHON:-/usr/bin/python3} torch_peer.py --threads 2 --models resnet18,resnet50,densenet121 --batches 1,8,32 [--rounds 3] [--min-images 8]
Prints one JSON object: {"torch": version, "threads": T, "results": {model: {batch: images_per_s}}}.
Measurement scheme (same as the TS side): one warm-up run per batch size, then `rounds` timed measurements of
max(batch, min_images) images each (rounded up to whole batches); the median is reported.
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, cin, c, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, c, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)
        self.down = None
        if stride != 1 or cin != c:
            self.down = nn.Sequential(nn.Conv2d(cin, c, 1, stride, bias=False), nn.BatchNorm2d(c))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return torch.relu(y + (self.down(x) if self.down is not None else x))


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, cin, c, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, c, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)
        self.conv3 = nn.Conv2d(c, c * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(c * 4)
        self.down = None
        if stride != 1 or cin != c * 4:
            self.down = nn.Sequential(nn.Conv2d(cin, c * 4, 1, stride, bias=False), nn.BatchNorm2d(c * 4))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = torch.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return torch.relu(y + (self.down(x) if self.down is not None else x))


def resnet(block, layers):
    mods = [nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
    cin = 64
    for i, n in enumerate(layers):
        c = 64 * 2 ** i
        for j in range(n):
            mods.append(block(cin, c, 2 if (j == 0 and i > 0) else 1))
            cin = c * block.expansion
    mods += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, 1000)]
    return nn.Sequential(*mods)


class DenseLayer(nn.Module):
    def __init__(self, cin, growth=32):
        super().__init__()
        self.f = nn.Sequential(nn.BatchNorm2d(cin), nn.ReLU(), nn.Conv2d(cin, 4 * growth, 1, bias=False),
                               nn.BatchNorm2d(4 * growth), nn.ReLU(), nn.Conv2d(4 * growth, growth, 3, 1, 1, bias=False))

    def forward(self, x):
        return torch.cat([x, self.f(x)], 1)


def densenet121():
    mods = [nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
    c = 64
    for i, n in enumerate([6, 12, 24, 16]):
        for _ in range(n):
            mods.append(DenseLayer(c))
            c += 32
        if i < 3:
            mods += [nn.BatchNorm2d(c), nn.ReLU(), nn.Conv2d(c, c // 2, 1, bias=False), nn.AvgPool2d(2, 2)]
            c //= 2
    mods += [nn.BatchNorm2d(c), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, 1000), nn.Softmax(1)]
    return nn.Sequential(*mods)


MODELS = {
    'resnet18': lambda: resnet(BasicBlock, [2, 2, 2, 2]),
    'resnet50': lambda: resnet(Bottleneck, [3, 4, 6, 3]),
    'densenet121': densenet121,
}


def measure(model, batch, rounds, min_images):
    images = -(-max(batch, min_images) // batch) * batch
    x = torch.randn(batch, 3, 224, 224)
    with torch.no_grad():
        model(x)  # warm-up
        rates = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            for _ in range(images // batch):
                model(x)
            rates.append(images / (time.perf_counter() - t0))
    return statistics.median(rates)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--models', default='resnet18,resnet50,densenet121')
    ap.add_argument('--batches', default='1,8,32')
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--min-images', type=int, default=8)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    results = {}
    for name in a.models.split(','):
        model = MODELS[name]().eval()
        params = sum(p.numel() for p in model.parameters())
        results[name] = {'params': params}
        for b in [int(s) for s in a.batches.split(',')]:
            results[name][str(b)] = measure(model, b, a.rounds, a.min_images)
    print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'results': results}))


if __name__ == '__main__':
    main()
