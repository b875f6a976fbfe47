"""The outside oracle of ScipyOracleTests: SciPy, scikit-learn and statsmodels compute what Crossfold does.

Reads the cases the test generated (JSON on stdin) and writes the oracle's answers (JSON on stdout), in
the same order. Run by the test with Debian's /usr/bin/python3 (python3-scipy, python3-sklearn,
python3-statsmodels). Every statistic comes from the libraries; the only formula written here is the
Nadeau-Bengio variance factor 1/J + n_test/n_train, which scales the variance handed to SciPy, and the
Newton polish of SciPy's t quantiles (see quantile).
"""
import json
import math
import sys

import numpy as np
from scipy import stats
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from statsmodels.stats.multitest import multipletests


def student_t(case):
    t, df = case["t"], case["df"]
    return {
        "cdf": stats.t.cdf(t, df),
        "two_sided": 2 * stats.t.sf(abs(t), df),
        "greater": stats.t.sf(t, df),
        "less": stats.t.cdf(t, df),
    }


def quantile(case):
    # SciPy 1.10's t.ppf is accurate to about 1e-8 only, in the tails at non-integer df (its own t.cdf of
    # the answer misses p by up to ~5e-9 relative), so it is polished by Newton steps on SciPy's own
    # cdf (sf above the median, where 1 - p keeps the digits) and pdf: the t whose SciPy CDF is p.
    p, df = case["p"], case["df"]
    t = stats.t.ppf(p, df)
    for _ in range(3):
        excess = stats.t.cdf(t, df) - p if p < 0.5 else (1 - p) - stats.t.sf(t, df)
        t -= excess / stats.t.pdf(t, df)
    return {"ppf": t}


def corrected_t_test(case):
    a, b, ratio = np.array(case["a"]), np.array(case["b"]), case["ratio"]
    d = a - b
    j = len(d)
    factor = 1 / j + ratio
    # scipy's paired t-test on the differences, its standard error rescaled from 1/J to the corrected factor.
    plain = stats.ttest_rel(a, b)
    t = plain.statistic * math.sqrt((1 / j) / factor)
    df = j - 1
    return {
        "mean": float(np.mean(d)),
        "t": t,
        "df": df,
        "two_sided": 2 * stats.t.sf(abs(t), df),
        "greater": stats.t.sf(t, df),
        "less": stats.t.cdf(t, df),
        # Without the correction (ratio 0) the test is scipy's own paired t-test, p-values and all.
        "plain_two_sided": plain.pvalue,
        "plain_greater": stats.ttest_rel(a, b, alternative="greater").pvalue,
        "plain_less": stats.ttest_rel(a, b, alternative="less").pvalue,
    }


def summary(case):
    x, ratio = np.array(case["x"]), case["ratio"]
    n = len(x)
    mean = float(np.mean(x))
    s2 = float(np.var(x, ddof=1))
    naive = stats.t.interval(0.95, n - 1, loc=mean, scale=stats.sem(x))
    corrected = stats.t.interval(0.95, n - 1, loc=mean, scale=math.sqrt((1 / n + ratio) * s2))
    return {
        "mean": mean,
        "population_std": float(np.std(x)),
        "sample_std": float(np.std(x, ddof=1)),
        "naive": list(naive),
        "corrected": list(corrected),
    }


def holm(p_values):
    return {"adjusted": list(multipletests(p_values, method="holm")[1])}


def classification(case):
    k, y_true, y_pred = case["k"], case["true"], case["pred"]
    labels = list(range(k))
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    macro = precision_recall_fscore_support(y_true, y_pred, average="macro", zero_division=0)
    return {
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).flatten().tolist(),
        "precision": precision.tolist(),
        "recall": recall.tolist(),
        "f1": f1.tolist(),
        "support": support.tolist(),
        "macro": [macro[0], macro[1], macro[2]],
    }


def main():
    cases = json.load(sys.stdin)
    answers = {
        "student_t": [student_t(c) for c in cases["student_t"]],
        "quantiles": [quantile(c) for c in cases["quantiles"]],
        "t_tests": [corrected_t_test(c) for c in cases["t_tests"]],
        "summaries": [summary(c) for c in cases["summaries"]],
        "holm": [holm(c) for c in cases["holm"]],
        "classification": [classification(c) for c in cases["classification"]],
    }
    json.dump(answers, sys.stdout, default=float)


if __name__ == "__main__":
    main()
