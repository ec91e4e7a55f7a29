"""PyTorch peer of scripts/bench/finetune/run.ts (run with KENOBI_BENCH_PYTHON, default /usr/bin/python3).

usage: peers.py <list.tsv> <threads> <batch> <augment none|dihedral> <workers>
One fine-tuning epoch of torchvision's DenseNet-121 (random weights: the same compute as trained ones) on the
JPEGs listed in list.tsv (path<TAB>label 0/1, the GZ1 train split run.ts picked): features.denseblock4,
features.norm5 and a new 1-output classifier trainable, everything else frozen (requires_grad False); the whole
network in eval mode (batch norm on running statistics everywhere, as Kenobi's default `--bn frozen`: the
unfrozen blocks' scale and shift still train); AdamW (lr 1e-4, weight decay 0.05), BCE on logits; its own
DataLoader (PIL decode, bilinear resize to 224, /255, ImageNet mean/std, shuffled, `workers` loader processes);
dihedral: a random one of the 8 rot90/flip variants per image. Prints one JSON line: the epoch's wall and
main-process CPU seconds (process_time; loader processes not included), the data-loading wait, images/s, torch.
"""
import json
import resource
import sys
import time

import numpy as np
import torch
import torchvision
from PIL import Image

list_file, threads, batch, augment, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
torch.set_num_threads(threads)
rows = [line.rstrip("\n").split("\t") for line in open(list_file) if line.strip()]
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32).reshape(3, 1, 1)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(3, 1, 1)


class Images(torch.utils.data.Dataset):
    def __len__(self):
        return len(rows)

    def __getitem__(self, i):
        path, label = rows[i]
        im = Image.open(path).convert("RGB").resize((224, 224), Image.BILINEAR)
        x = (np.asarray(im, dtype=np.float32).transpose(2, 0, 1) / 255.0 - MEAN) / STD
        t = torch.from_numpy(np.ascontiguousarray(x))
        if augment == "dihedral":
            v = int(torch.randint(8, ()))
            t = torch.rot90(t, v % 4, (1, 2))
            if v >= 4:
                t = torch.flip(t, (2,))
        return t, torch.tensor([float(label)])


torch.manual_seed(0)
model = torchvision.models.densenet121()
model.classifier = torch.nn.Linear(1024, 1)
for p in model.parameters():
    p.requires_grad = False
trainable = [model.features.denseblock4, model.features.norm5, model.classifier]
for m in trainable:
    for p in m.parameters():
        p.requires_grad = True
model.eval()
params = [p for p in model.parameters() if p.requires_grad]
opt = torch.optim.AdamW(params, lr=1e-4, weight_decay=0.05)
loss_fn = torch.nn.BCEWithLogitsLoss()
loader = torch.utils.data.DataLoader(Images(), batch_size=batch, shuffle=True, num_workers=workers)

t0, c0 = time.perf_counter(), time.process_time()
wait, seen, loss_sum = 0.0, 0, 0.0
w0 = time.perf_counter()
for xb, yb in loader:
    wait += time.perf_counter() - w0
    opt.zero_grad()
    loss = loss_fn(model(xb), yb)
    loss.backward()
    opt.step()
    seen += xb.shape[0]
    loss_sum += loss.item() * xb.shape[0]
    w0 = time.perf_counter()
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"seconds": seconds, "cpuSeconds": cpu, "loaderWaitSeconds": wait, "images": seen, "imagesPerSecond": seen / seconds,
                  "loss": loss_sum / seen, "trainableParams": sum(p.numel() for p in params), "torch": torch.__version__,
                  "torchvision": torchvision.__version__, "threads": torch.get_num_threads(),
                  "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
