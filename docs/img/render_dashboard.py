#!/usr/bin/python3
"""Draws the key panels of helm/logcast/dashboards/logcast.json from real Prometheus data.

PrometheusIT writes every panel's query result (a real Prometheus scraping a live gateway under
load) to gateway/target/dashboard-data/panels.json; this script draws some of them with Debian's
python3-matplotlib:

  flock /tmp/mvn.lock mvn -B -o verify -pl gateway -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dit.test=PrometheusIT -Dfailsafe.failIfNoSpecifiedTests=false -Dlogcast.prometheusIT.loadSeconds=90
  /usr/bin/python3 docs/img/render_dashboard.py gateway/target/dashboard-data/panels.json docs/img
"""
import json
import math
import sys
from collections import OrderedDict

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

KEY_PANELS = [
    "Messages delivered / s by topic",
    "Delivery latency percentiles",
    "Connections opened and closed / s by code",
    "Sessions: new and resumed / s",
    "Live consumer lag by topic",
    "Publish requests / s by outcome",
    "Limit rejections / s by kind",
    "Heap used and max",
]


def legend(fmt, metric):
    out = fmt
    for k, v in metric.items():
        out = out.replace("{{" + k + "}}", v)
    return out or ",".join(f"{k}={v}" for k, v in metric.items()) or "value"


def panels(path):
    by_title = OrderedDict()
    for q in json.load(open(path)):
        by_title.setdefault(q["panel"], []).append(q)
    return by_title


def draw_series(ax, title, queries):
    t0 = None
    for q in queries:
        for s in q["result"]:
            pts = [(float(t), float(v)) for t, v in s.get("values", [])]
            pts = [(t, v) for t, v in pts if not math.isnan(v)]
            if not pts or max(abs(v) for _, v in pts) == 0 and len(q["result"]) > 4:
                continue  # a row of zero series (e.g. close codes never seen) is noise in a picture
            t0 = t0 or pts[0][0]
            ax.plot([t - t0 for t, _ in pts], [v for _, v in pts], label=legend(q["legend"], s["metric"]))
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("seconds", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.3)
    if ax.lines:
        ax.legend(fontsize=6, loc="upper left")


def draw_heatmap(ax, queries):
    rows = {}
    for s in queries[0]["result"]:
        le = s["metric"].get("le")
        if le is None:
            continue
        rows[float("inf") if le == "+Inf" else float(le)] = [float(v) for _, v in s["values"]]
    bounds = sorted(rows)
    # bucket counts are cumulative: per-bucket = difference with the bucket below
    grid, prev = [], None
    for b in bounds:
        cur = rows[b]
        grid.append([c - (p if prev else 0) for c, p in zip(cur, prev or cur)])
        prev = cur
    keep = [i for i, b in enumerate(bounds) if b != float("inf") and any(v > 0 for v in grid[i])]
    lo, hi = (max(0, keep[0] - 1), min(len(bounds) - 1, keep[-1] + 1)) if keep else (0, len(bounds) - 1)
    sub = grid[lo:hi + 1]
    ax.imshow(sub, aspect="auto", origin="lower", cmap="Oranges", interpolation="nearest")
    ax.set_yticks(range(len(sub)))
    ax.set_yticklabels([f"≤{bounds[i] * 1000:.3g} ms" for i in range(lo, hi + 1)], fontsize=6)
    ax.set_title("Delivery latency heatmap (records per bucket per 4 s)", fontsize=10)
    ax.set_xlabel("seconds", fontsize=8)
    ax.tick_params(labelsize=7)


def main(path, outdir):
    by_title = panels(path)
    fig, axes = plt.subplots(4, 2, figsize=(14, 14))
    for ax, title in zip(axes.flat, KEY_PANELS):
        draw_series(ax, title, by_title[title])
    fig.suptitle("Logcast dashboard, key panels (real Prometheus data, PrometheusIT load)", fontsize=12)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(f"{outdir}/dashboard-panels.png", dpi=80)
    fig, ax = plt.subplots(figsize=(14, 5))
    draw_heatmap(ax, by_title["Delivery latency heatmap"])
    fig.tight_layout()
    fig.savefig(f"{outdir}/dashboard-latency-heatmap.png", dpi=80)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
