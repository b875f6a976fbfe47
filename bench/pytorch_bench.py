#!/usr/bin/env python3
"""PyTorch CPU counterpart of `crossfold-bench throughput`: the same models (Keras-style layers and
Glorot-uniform init), the same noisy images (exported by `crossfold-bench export`), batch size,
optimizer (Adam, lr 1e-3, epsilon 1e-7), precision and thread count. Prints one JSON object like the C# side.
PyTorch runs as its users write it by default: NCHW tensors, glibc's default malloc settings.

Run it with Debian's interpreter (/usr/bin/python3) and package (python3-torch); one process per thread
count, because the BLAS and OpenMP thread pools are sized when torch is imported.
"""
import argparse
import json
import os
import statistics
import sys
import time


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default="seed-cnn-5", choices=["seed-cnn-5", "seed-mlp-4"])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--data", default="bench/out/data", help="directory with train-images.f32 and train-labels.u8")
    p.add_argument("--epochs", type=int, default=3, help="measured epochs, after --warmup")
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--precision", default="float32", choices=["float32", "bfloat16"],
                   help="bfloat16: torch.autocast on the CPU around forward and loss, as Crossfold's precision: bfloat16")
    p.add_argument("--out", help="also write the JSON here")
    return p.parse_args()


ARGS = parse()
# Before torch loads: OpenMP, OpenBLAS and MKL size their pools from these when the library loads.
for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[name] = str(ARGS.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402


def cpu_jiffies():
    """(busy, total) jiffies of the whole machine, and this process's own (utime + stime)."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:9]]
    idle = fields[3] + fields[4]
    with open("/proc/self/stat") as f:
        own = f.read().rsplit(")", 1)[1].split()
    return sum(fields) - idle, sum(fields), int(own[11]) + int(own[12])


def others_cores(start):
    busy, total, own = cpu_jiffies()
    elapsed = total - start[1]
    if elapsed <= 0:
        return 0.0
    return max(0.0, ((busy - start[0]) - (own - start[2])) / elapsed * os.cpu_count())


def peak_rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return None


def dense(inputs, units):
    return [nn.Linear(inputs, units), nn.ReLU()]


def conv(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]


def build(name):
    """The presets of Shared/Models/Presets.cs, layer for layer (the final Dense 10 without activation)."""
    if name == "seed-cnn-5":
        layers = conv(1, 32) + conv(32, 64) + conv(64, 128) + conv(128, 256) + [nn.Flatten()] \
            + dense(256, 512) + [nn.Dropout(0.3)] + dense(512, 256) + [nn.Linear(256, 10)]
    elif name == "seed-mlp-4":
        layers = [nn.Flatten()] + dense(784, 784) + dense(784, 512) + [nn.Dropout(0.3)] \
            + dense(512, 256) + dense(256, 128) + [nn.Linear(128, 10)]
    else:
        raise ValueError(name)
    model = nn.Sequential(*layers)
    for module in model.modules():  # Keras defaults: Glorot-uniform weights, zero biases
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(module.weight)
            nn.init.zeros_(module.bias)
    return model


def main():
    torch.set_num_threads(ARGS.threads)
    torch.manual_seed(1)
    pixels = np.fromfile(os.path.join(ARGS.data, "train-images.f32"), dtype="<f4")
    labels = np.fromfile(os.path.join(ARGS.data, "train-labels.u8"), dtype=np.uint8)
    n = labels.shape[0]
    images = torch.from_numpy(pixels.reshape(n, 1, 28, 28).copy())
    targets = torch.from_numpy(labels.astype(np.int64))

    model = build(ARGS.model)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    rates, loss_value = [], float("nan")
    start = cpu_jiffies()
    for epoch in range(1, ARGS.warmup + ARGS.epochs + 1):
        model.train()
        order = torch.randperm(n)
        loss_sum = torch.zeros(1, dtype=torch.float64)
        correct = torch.zeros(1, dtype=torch.int64)
        clock = time.perf_counter()
        for s in range(0, n, ARGS.batch):
            index = order[s:s + ARGS.batch]
            x = images.index_select(0, index)
            y = targets.index_select(0, index)
            optimizer.zero_grad()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=ARGS.precision == "bfloat16"):
                logits = model(x)
                loss = loss_fn(logits, y)
            loss.backward()
            optimizer.step()
            with torch.no_grad():
                loss_sum += loss.detach().double() * index.numel()
                correct += (logits.argmax(1) == y).sum()
        seconds = time.perf_counter() - clock
        loss_value = loss_sum.item() / n
        print(f"  pytorch {ARGS.model} {ARGS.precision} x{ARGS.threads} epoch {epoch}: {n / seconds:8.0f} img/s, train loss {loss_value:.4f}, "
              f"accuracy {correct.item() / n:.2%}", file=sys.stderr)
        if epoch > ARGS.warmup:
            rates.append(n / seconds)

    result = {
        "engine": "pytorch",
        "torch_version": torch.__version__,
        "model": ARGS.model,
        "threads": ARGS.threads,
        "torch_threads": torch.get_num_threads(),
        "batch": ARGS.batch,
        "precision": ARGS.precision,
        "optimizer": "adam",
        "train_images": n,
        "warmup_epochs": ARGS.warmup,
        "parameters": sum(p.numel() for p in model.parameters()),
        "images_per_second": rates,
        "median_images_per_second": statistics.median(rates),
        "peak_rss_bytes": peak_rss_bytes(),
        "final_train_loss": loss_value,
        "others_cores": others_cores(start),
        "blas": os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3"),
    }
    text = json.dumps(result, indent=2)
    print(text)
    if ARGS.out:
        with open(ARGS.out, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
