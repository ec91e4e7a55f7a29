"""PyTorch peer of scripts/bench/train/autodiff-step.ts (run with Debian's /usr/bin/python3: torch 1.13 CPU).

usage: torch_layer4_peer.py <threads> <batch> <classes> <steps>
One training step of torchvision ResNet-18's layer4 + avgpool + fc on a [batch, 256, 14, 14] input (what layer3
gives for 224x224 images): forward with BN in training mode, cross-entropy, backward, SGD(lr 0.01, momentum 0.9).
One untimed warm-up step, then `steps` timed steps; prints one JSON line: seconds per step (median), the median
forward / backward / optimizer split, CPU seconds per step, peak RSS (ru_maxrss) and the versions.
"""
import json
import platform
import resource
import sys
import time
from collections import OrderedDict

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

try:
    import torchvision
except ImportError:  # a pip venv with torch alone (no torchvision wheel): the same modules in plain torch
    torchvision = None


class BasicBlock(nn.Module):
    """torchvision.models.resnet.BasicBlock, the same layers and order (used when torchvision is missing)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)) if stride != 1 or cin != cout else None

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)

threads, batch, classes, steps = (int(a) for a in sys.argv[1:5])
torch.set_num_threads(threads)
torch.manual_seed(0)
rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
if torchvision is not None:
    tv = torchvision.models.resnet18(num_classes=classes)
    layer4, fc = tv.layer4, tv.fc
else:
    layer4, fc = nn.Sequential(BasicBlock(256, 512, 2), BasicBlock(512, 512, 1)), nn.Linear(512, classes)
net = nn.Sequential(OrderedDict(layer4=layer4, avgpool=nn.AdaptiveAvgPool2d((1, 1)), flatten=nn.Flatten(), fc=fc))
net.train()
opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
x = torch.randn(steps + 1, batch, 256, 14, 14)
y = torch.randint(0, classes, (steps + 1, batch))


def step(k):
    t0 = time.perf_counter()
    opt.zero_grad(set_to_none=True)
    loss = F.cross_entropy(net(x[k]), y[k])
    t1 = time.perf_counter()
    loss.backward()
    t2 = time.perf_counter()
    opt.step()
    t3 = time.perf_counter()
    return loss.item(), (t1 - t0, t2 - t1, t3 - t2)


step(0)
walls, splits = [], []
c0 = time.process_time()
for k in range(1, steps + 1):
    w0 = time.perf_counter()
    loss, split = step(k)
    walls.append(time.perf_counter() - w0)
    splits.append(split)
cpu = (time.process_time() - c0) / steps
med = lambda a: float(np.median(a))
print(json.dumps({
    'seconds': med(walls), 'cpuSeconds': cpu,
    'forward': med([s[0] for s in splits]), 'backward': med([s[1] for s in splits]), 'optimizer': med([s[2] for s in splits]),
    'lastLoss': loss, 'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'startRssMB': rss_start,
    'threads': torch.get_num_threads(),
    'versions': {'python': platform.python_version(), 'torch': torch.__version__, 'torchvision': torchvision.__version__ if torchvision is not None else 'none (plain-torch BasicBlock)', 'numpy': np.__version__},
}))
