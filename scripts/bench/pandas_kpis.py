"""Reference for scripts/bench/metrics.ts: the original dashboard's pandas way (CSV parse + KPIs) on the same rows.

Usage: pandas_kpis.py ROWS.csv NOW_EPOCH_SECONDS  -> prints JSON {parse_s, kpis_s, cpu_s, volume, first_response_median}
(parse_s and kpis_s are wall seconds; cpu_s is the CPU time of both steps.)
"""
import json
import sys
import time

import pandas as pd


def main() -> None:
    path, now_s = sys.argv[1], float(sys.argv[2])
    start = time.perf_counter()
    cpu_start = time.process_time()
    df = pd.read_csv(
        path,
        parse_dates=["created_at", "updated_at", "last_customer_message_at"],
        true_values=["TRUE"],
        false_values=["FALSE"],
        low_memory=False,
    )
    parsed = time.perf_counter()

    volume = len(df)
    resolved = df["resolved"].fillna(False).astype(bool)
    escalated = df["escalated_to_human"].fillna(False).astype(bool)
    frt = df["first_response_time"].dropna()
    res = df["resolution_time"].dropna()
    csat = df["satisfaction_score"].dropna()
    level = df["frustration_level"].dropna()
    has_customer = df["customer_messages"].fillna(0) > 0
    awaiting = df["awaiting_reply"].fillna(False).astype(bool)
    now = pd.Timestamp(now_s, unit="s")
    kpis = {
        "volume": volume,
        "resolution_rate": resolved.mean(),
        "escalation_rate": escalated.mean(),
        "containment_rate": (resolved & ~escalated).mean(),
        "frt": (frt.mean(), frt.median(), frt.quantile(0.9), len(frt)),
        "res": (res.mean(), res.median(), res.quantile(0.9), len(res)),
        "csat": (csat.mean(), (csat >= 4).mean()),
        "frustration": (level.mean(), (level >= 4).mean()),
        "sla": ((df["first_response_time"] <= 300) & has_customer).sum() / has_customer.sum(),
        "unanswered": int(awaiting.sum()),
        "abandoned": int((awaiting & (df["last_customer_message_at"] < now - pd.Timedelta(minutes=60))).sum()),
        "by_status": df["status"].value_counts(),
        "by_channel": df["channel"].str.lower().value_counts(),
        "by_agent": df.groupby("agent_id")["first_response_time"].median(),
        "daily": df.groupby(df["created_at"].dt.date).size(),
    }
    done = time.perf_counter()
    cpu = time.process_time() - cpu_start
    print(
        json.dumps(
            {
                "parse_s": parsed - start,
                "kpis_s": done - parsed,
                "cpu_s": cpu,
                "volume": int(kpis["volume"]),
                "first_response_median": float(kpis["frt"][1]),
            }
        )
    )


if __name__ == "__main__":
    main()
