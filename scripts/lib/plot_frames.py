#!/usr/bin/env python3
"""plot_frames.py OUT N: N frames of a training plot as matplotlib makes them (640x480,
dpi 100, RGB as savefig writes them): the loss and accuracy curves up to epoch i, with
lines, text, a legend and a grid. For the GIF rows of scripts/bench."""
import os
import sys

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)
epochs = np.arange(n)
train = 2.3 * np.exp(-epochs / (n / 5)) + 0.1 + 0.05 * rng.standard_normal(n).cumsum() / np.sqrt(n)
val = train + 0.15 + 0.04 * rng.standard_normal(n)
acc = 1 - np.exp(-epochs / (n / 4)) * 0.9 + 0.01 * rng.standard_normal(n)

fig, ax = plt.subplots(figsize=(6.4, 4.8), dpi=100)
ax2 = ax.twinx()
(l1,) = ax.plot([], [], label="train loss")
(l2,) = ax.plot([], [], label="val loss")
(l3,) = ax2.plot([], [], color="tab:green", label="val accuracy")
ax.set_xlim(0, n)
ax.set_ylim(0, 2.6)
ax2.set_ylim(0, 1)
ax.set_xlabel("epoch")
ax.set_ylabel("loss")
ax2.set_ylabel("accuracy")
ax.grid(True, alpha=0.3)
fig.legend(loc="upper center", ncol=3, fontsize=9)
title = ax.set_title("")
for i in range(n):
    l1.set_data(epochs[: i + 1], train[: i + 1])
    l2.set_data(epochs[: i + 1], val[: i + 1])
    l3.set_data(epochs[: i + 1], acc[: i + 1])
    title.set_text(f"epoch {i}  loss {train[i]:.3f}  acc {acc[i]:.3f}")
    fig.savefig(f"{out}/epoch_{i:03d}.png")
