"""Writes the generated section of benches/RESULTS.md from one run of benches/compare.sh.

Inputs: criterion's estimates (target/criterion/<group>/<bench>/new/estimates.json) for the lifecycle and floor
benches, GNU time's report of the lifecycle bench process (peak RSS), and the JSON of the scale bench.
The section lies between the BEGIN/END markers below; the rest of the file is left as it is.
"""
import argparse
import datetime
import json
import pathlib
import re

BEGIN = "<!-- benches/compare.sh: begin (generated; edit the notes outside this block) -->"
END = "<!-- benches/compare.sh: end -->"

LIFECYCLE = [
    ("lifecycle_tx_per_call", 1, "lifecycle, one transaction per call"),
    ("lifecycle_tx_per_case", 1, "lifecycle, one transaction per case (`Scope::batch`)"),
    ("lifecycle_tx_per_100_cases/100", 100, "lifecycle, one transaction per 100 cases"),
    ("lifecycle_tx_per_100_cases_deferred_detection/100", 100,
     "lifecycle, 100 cases per transaction, detection deferred (`batch_deferring_detection`)"),
]
FLOOR = ("floor_plain_inserts_per_100_cases/100", 100)
TARGET_FRACTION = 0.25
TARGETS = {"record_milestone": ("p99_ms", 2.0), "facility_kpis, 90 days": ("p50_ms", 50.0)}
RSS_TARGET_MIB = 300.0


def seconds_per_case(root: pathlib.Path, group: str, bench: str, per_iter: int):
    f = root / group / bench / "new" / "estimates.json"
    if not f.exists():
        return None
    est = json.loads(f.read_text())
    return est["median"]["point_estimate"] / 1e9 / per_iter


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--criterion", required=True)
    ap.add_argument("--sizes", required=True)
    ap.add_argument("--lifecycle-time")
    ap.add_argument("--scale")
    ap.add_argument("--results", required=True)
    a = ap.parse_args()
    root = pathlib.Path(a.criterion)
    sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    out = [BEGIN, "", f"## Comparison run — `bash benches/compare.sh` ({datetime.date.today()})", ""]
    out.append("Throughput of the full lifecycle (create → four milestones → completed and validated, with stats, "
               "neighbours, detection, history and audit) against the **floor**: the rows one lifecycle inserts, "
               "written again with plain prepared INSERTs, 100 cases per transaction, on the same store in the same "
               f"run. Target: at least {TARGET_FRACTION:.0%} of the floor for the batched lifecycle.")
    out.append("")
    head = "| | " + " | ".join(f"{n:,} cases" for n in sizes) + " |"
    out += [head, "|---|" + "---|" * len(sizes)]
    floors = {n: seconds_per_case(root, f"stats_{n}_cases", *FLOOR) for n in sizes}
    for bench, per_iter, label in LIFECYCLE:
        cells = []
        for n in sizes:
            s = seconds_per_case(root, f"stats_{n}_cases", bench, per_iter)
            f = floors[n]
            if s is None:
                cells.append("—")
            elif f:
                cells.append(f"{1 / s:,.0f} cases/s ({f / s:.2%} of floor)")
            else:
                cells.append(f"{1 / s:,.0f} cases/s")
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out.append("| **floor**: same rows, plain prepared INSERTs | "
               + " | ".join("—" if floors[n] is None else f"{1 / floors[n]:,.0f} cases/s" for n in sizes) + " |")
    if a.lifecycle_time and pathlib.Path(a.lifecycle_time).exists():
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", pathlib.Path(a.lifecycle_time).read_text())
        if m:
            out += ["", f"Peak RSS of the lifecycle bench process (stores built, every size): "
                        f"{int(m.group(1)) / 1024:.0f} MiB."]
    if a.scale and pathlib.Path(a.scale).exists():
        d = json.loads(pathlib.Path(a.scale).read_text())
        out += ["", f"### Latency and memory on {d['cases']:,} cases — `cargo bench --bench scale`", "",
                f"Store: {d['facilities']} facilities, {d['size_mib']:.0f} MiB, bulk built in {d['build_s']:.0f} s. "
                "Each call timed on its own; peak RSS is each phase's own high-water mark.", "",
                "| phase | calls | p50 ms | p99 ms | mean ms | peak RSS MiB | target |", "|---|---|---|---|---|---|---|"]
        for p in d["phases"]:
            t = TARGETS.get(p["name"])
            verdict = ""
            if t:
                key, limit = t
                verdict = f"{key[:3]} < {limit:g} ms: {'met' if p[key] < limit else 'missed'}"
            rss = p["peak_rss_mib"]
            verdict += ("; " if verdict else "") + f"RSS < {RSS_TARGET_MIB:.0f}: {'met' if rss < RSS_TARGET_MIB else 'missed'}"
            out.append(f"| {p['name']} | {p['runs']} | {p['p50_ms']:.2f} | {p['p99_ms']:.2f} | {p['mean_ms']:.2f} "
                       f"| {rss:.0f} | {verdict} |")
    out += ["", END]
    path = pathlib.Path(a.results)
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    block = "\n".join(out)
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
