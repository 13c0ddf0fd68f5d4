"""Metrics used by training, evaluation and the benchmark (numpy only)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np


def macro_f1(y: np.ndarray, pred: np.ndarray, labels: Sequence[int] = (0, 1, 2)) -> float:
    f1s = []
    for k in labels:
        tp = float(np.sum((pred == k) & (y == k)))
        fp = float(np.sum((pred == k) & (y != k)))
        fn = float(np.sum((pred != k) & (y == k)))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s))


def binary_accuracy(y: np.ndarray, proba: np.ndarray) -> float:
    """Accuracy on negative/positive data: argmax between P(negative) and P(positive)
    (the neutral column is ignored, as the data has no neutral class)."""
    pred = np.where(proba[:, 2] >= proba[:, 0], 2, 0)
    return float(np.mean(pred == y))


def ece(y: np.ndarray, proba: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top-class probability (equal-width bins)."""
    conf = proba.max(axis=1)
    correct = proba.argmax(axis=1) == y
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in pairwise(edges):
        mask = (conf > lo) & (conf <= hi)
        if mask.any():
            total += mask.mean() * abs(conf[mask].mean() - correct[mask].mean())
    return float(total)


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """Temperature T minimising the log-loss of softmax(logits / T) (grid then refine)."""

    def nll(t: float) -> float:
        p = softmax(logits / t)
        return float(-np.mean(np.log(p[np.arange(len(y)), y] + 1e-12)))

    grid = np.exp(np.linspace(np.log(0.2), np.log(5.0), 61))
    best = min(grid, key=nll)
    fine = np.linspace(best * 0.9, best * 1.1, 21)
    return float(min(fine, key=nll))


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
