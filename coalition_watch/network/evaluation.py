"""Check event-derived ties against an independent coding: the Syrian rebel infighting matrix.

Gade, Hafez & Gabbay (2019, *Journal of Peace Research*) coded which Syrian rebel groups fought
each other (2014–2018) as a square matrix of clash counts between group codes. For every pair of
coded groups that both appear in the event-derived graph, the event signal is

* ``fought`` if the pair has more ``fought`` than ``co_side`` events, ``co_side`` if the reverse
  (pairs with neither, or a tie, are left out),

and it *agrees* with the matrix when ``fought`` pairs clashed (count > 0) and ``co_side`` pairs did
not. Agreement is compared with chance by permuting the matrix's group labels (a QAP-style test,
Krackhardt 1987): ``p`` = share of permutations agreeing at least as well. Cohen's kappa and the
precision of each signal against its base rate are reported too.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

#: matrix group code -> group names as UCDP GED spells them in its Syria events (2016–2019)
GADE_CODE_GED_NAMES: dict[str, list[str]] = {
    "ASIM": ["Ahrar al-Sham"], "ISIL": ["IS"], "ANF": ["Jabhat Fateh al-Sham", "HTS"],
    "YPG": ["SDF"], "NADAZM": ["Nour al-Din al-Zenki"], "SAS": ["Suqour al-Sham Brigades"],
    "SRF": ["SRF"], "JAM": ["Mujahideen Army"], "JAI": ["Jaysh al-Islam"], "AFB": ["Furqan Brigades"],
    "SF": ["Southern Front"], "JAA": ["Liwa al-Aqsa"], "ARC": ["Rahman Corps"], "13th": ["13th Division"],
    "FKUG": ["Fistaqim Kama Umirat"], "LF": ["Levant Front", "Al-Jabha al-Shamiyyah"],
    "AASG": ["Ajnad al-Sham"], "1st": ["First Regiment"], "ASL": ["Sham Legion"],
    "LH": ["Liwa al-Haq Idlib"],
}


def read_fight_matrix(path: str | Path) -> pd.DataFrame:
    """A square clash-count matrix (row/column codes); 'NA' diagonals become 0, made symmetric."""
    frame = pd.read_csv(path, index_col=0).fillna(0)
    frame.index = [str(i).strip() for i in frame.index]
    frame.columns = [str(c).strip() for c in frame.columns]
    codes = [c for c in frame.index if c in frame.columns]
    frame = frame.loc[codes, codes].astype(float)
    return frame + frame.T


def pair_signals(edges: pd.DataFrame, code_nodes: dict[str, set[str]]) -> dict[tuple[str, str], int]:
    """+1 (co-side) or −1 (fought) per pair of codes, from event edge counts."""
    node_code = {n: c for c, nodes in code_nodes.items() for n in nodes}
    counts: dict[tuple[str, str], list[int]] = {}
    for s, t, typ, n in zip(edges["source"], edges["target"], edges["type"], edges["events"]):
        a, b = node_code.get(s), node_code.get(t)
        if a is None or b is None or a == b or typ not in ("co_side", "fought"):
            continue
        slot = counts.setdefault(tuple(sorted((a, b))), [0, 0])
        slot[0 if typ == "co_side" else 1] += int(n)
    return {k: (1 if c > f else -1) for k, (c, f) in counts.items() if c != f}


def _agreement(signals: dict, fought: dict) -> tuple[float, float]:
    agree = [(s < 0) == fought[p] for p, s in signals.items()]
    accuracy = float(np.mean(agree)) if agree else 0.0
    pred = np.array([s < 0 for s in signals.values()])
    truth = np.array([fought[p] for p in signals])
    po = accuracy
    pe = pred.mean() * truth.mean() + (1 - pred.mean()) * (1 - truth.mean()) if len(pred) else 0.0
    kappa = (po - pe) / (1 - pe) if pe < 1 else 0.0
    return accuracy, float(kappa)


def infighting_agreement(edges: pd.DataFrame, matrix: pd.DataFrame, code_nodes: dict[str, set[str]], *,
                         permutations: int = 2000, seed: int = 0) -> dict:
    """Agreement of event-derived co-side/fought signals with a clash matrix, and its chance level."""
    codes = [c for c in matrix.index if code_nodes.get(c)]
    signals = {p: s for p, s in pair_signals(edges, code_nodes).items() if p[0] in codes and p[1] in codes}
    fought = {p: matrix.at[p[0], p[1]] > 0 for p in combinations(sorted(codes), 2)}
    fought.update({(b, a): v for (a, b), v in list(fought.items())})
    accuracy, kappa = _agreement(signals, fought)
    rng = np.random.default_rng(seed)
    values = matrix.loc[codes, codes].to_numpy()
    better = 0
    for _ in range(permutations):
        perm = rng.permutation(len(codes))
        shuffled = values[np.ix_(perm, perm)]
        index = {c: i for i, c in enumerate(codes)}
        null = {p: shuffled[index[p[0]], index[p[1]]] > 0 for p in signals}
        if _agreement(signals, null)[0] >= accuracy:
            better += 1
    pairs = list(combinations(sorted(codes), 2))
    base_fought = float(np.mean([fought[p] for p in pairs])) if pairs else 0.0
    fought_pairs = [p for p, s in signals.items() if s < 0]
    coside_pairs = [p for p, s in signals.items() if s > 0]
    return {
        "codes_matched": len(codes), "pairs_with_signal": len(signals),
        "fought_pairs": len(fought_pairs), "co_side_pairs": len(coside_pairs),
        "accuracy": round(accuracy, 4), "kappa": round(kappa, 4),
        "p_value": round((better + 1) / (permutations + 1), 4),
        "base_rate_fought": round(base_fought, 4),
        "fought_precision": round(float(np.mean([fought[p] for p in fought_pairs])), 4) if fought_pairs else None,
        "co_side_no_fight_rate": round(float(np.mean([not fought[p] for p in coside_pairs])), 4) if coside_pairs else None,
    }
