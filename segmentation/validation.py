"""The report's Validation section: how fragile the persona rules are and whether the data agrees with them.

From the marts: threshold_sensitivity (users whose persona one step of a threshold would change), user_personas'
nearest misses, persona_report's small samples. In Python (dbt-postgres has no Python models): a k-means
clustering of the segmented users on their standardized metrics, compared with the personas. docs/validation.md
says how to read it and what it does not prove.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from psycopg2 import sql

from segmentation import documents, fetch_rows
from segmentation.charts import Chart, heatmap, paired_bar_chart

CLUSTER_COUNTS = range(2, 9)  # the k tried; the silhouette chooses
RANDOM_SEED = 0
HOME_SHARE = 2 / 3  # a persona with less than this share of its users in one cluster splits across clusters


@dataclass(frozen=True)
class Sensitivity:
    """One threshold: its value, one step down and up, and the users each step moves (from, to, users)."""

    threshold: str
    kind: str
    value: float
    down: float | None
    up: float | None
    users_down: int
    users_up: int
    moves: tuple[tuple[str, str, str, int], ...]  # (step, from persona, to persona, users), most users first


@dataclass(frozen=True)
class Clustering:
    metrics: tuple[str, ...]
    silhouettes: dict[int, float]  # k -> mean silhouette
    k: int
    adjusted_rand_index: float
    personas: tuple[str, ...]  # rows of table, in rule order
    table: tuple[tuple[int, ...], ...]  # users by persona (row) and cluster (column, 1..k)
    centres: tuple[tuple[float, ...], ...]  # by cluster, in the metrics' own units
    cluster_sizes: tuple[int, ...]

    def splits(self) -> list[str]:
        """Personas whose largest cluster holds less than HOME_SHARE of their users."""
        return [persona for persona, row in zip(self.personas, self.table, strict=True)
                if sum(row) and max(row) < HOME_SHARE * sum(row)]

    def shared(self) -> dict[int, list[str]]:
        """Clusters (1-based) that are the largest cluster of two or more personas."""
        homes: dict[int, list[str]] = {}
        for persona, row in zip(self.personas, self.table, strict=True):
            if sum(row):
                homes.setdefault(row.index(max(row)) + 1, []).append(persona)
        return {cluster: personas for cluster, personas in sorted(homes.items()) if len(personas) > 1}


@dataclass(frozen=True)
class NotClustered:
    """Why the data-driven cross-check was skipped: a sentence of the report."""

    reason: str


@dataclass(frozen=True)
class Validation:
    sensitivity: tuple[Sensitivity, ...]
    small_personas: tuple[tuple[str, int], ...]  # persona_report.is_small_sample of the personas with users
    other_misses: tuple[tuple[str, str | None, str | None], ...]  # name, nearest persona, what it lacks
    fallback: str  # the last persona (Other)
    clustering: Clustering | NotClustered


def read_validation(connection, schema: str) -> Validation:
    name = sql.Identifier(schema)
    personas = fetch_rows(connection, sql.SQL(
        "select persona, criteria, user_count, is_small_sample from {}.persona_report order by priority").format(name))
    order = [row["persona"] for row in personas]
    steps = fetch_rows(connection, sql.SQL(
        "select threshold, threshold_kind, step, threshold_value, shifted_value, from_persona, to_persona, "
        "user_count, step_user_count from {}.threshold_sensitivity order by threshold, step, user_count desc, "
        "from_persona, to_persona").format(name))
    by_threshold: dict[str, list[dict[str, object]]] = {}
    for row in steps:
        by_threshold.setdefault(str(row["threshold"]), []).append(row)
    sensitivity = []
    for threshold, rows in by_threshold.items():
        shifted = {row["step"]: row for row in rows}
        sensitivity.append(Sensitivity(
            threshold=threshold, kind=str(rows[0]["threshold_kind"]), value=float(rows[0]["threshold_value"]),
            down=float(shifted["down"]["shifted_value"]) if "down" in shifted else None,
            up=float(shifted["up"]["shifted_value"]) if "up" in shifted else None,
            users_down=int(shifted["down"]["step_user_count"]) if "down" in shifted else 0,
            users_up=int(shifted["up"]["step_user_count"]) if "up" in shifted else 0,
            moves=tuple((str(row["step"]), str(row["from_persona"]), str(row["to_persona"]), int(row["user_count"]))
                        for row in rows if row["user_count"]),
        ))
    # most fragile first: the users the larger step moves, then the name
    sensitivity.sort(key=lambda s: (-max(s.users_down, s.users_up), s.threshold))
    small = tuple((row["persona"], int(row["user_count"])) for row in personas
                  if row["user_count"] and row["is_small_sample"])
    fallback = order[-1]
    users = fetch_rows(connection, sql.SQL("select * from {}.user_personas order by person_id").format(name))
    other_misses = tuple((str(row["name"]), row["persona_nearest_miss"], row["persona_nearest_miss_gap"])
                         for row in users if row["persona"] == fallback)
    # the metrics the persona rules read: the identifiers of their rendered criteria that are user_personas columns
    read = {word for row in personas if row["criteria"] for word in re.findall(r"[a-z_][a-z0-9_]*", row["criteria"])}
    metrics = tuple(column for column in (users[0] if users else {}) if column in read)
    return Validation(tuple(sensitivity), small, other_misses, fallback, cluster(users, metrics, order))


def cluster(users: Sequence[dict[str, object]], metrics: Sequence[str],
            order: Sequence[str]) -> Clustering | NotClustered:
    """k-means on the standardized metrics, k chosen by the silhouette in CLUSTER_COUNTS, a fixed seed; the
    clusters numbered by size (1 the largest), so that the same users give the same numbers. A k needs as many
    distinct points (users with different metrics) and fewer users: with fewer than two distinct points or three
    users no k is tried, and NotClustered says why."""
    import numpy
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score, silhouette_score
    from sklearn.preprocessing import StandardScaler

    if len(users) < 3:
        return NotClustered(f"Too few users to cluster: {len(users)} segmented, k-means with the silhouette "
                            f"needs at least 3.")
    if not metrics:
        return NotClustered("No persona rule reads a metric of user_personas, so there is nothing to cluster on.")
    # a metric is null where it is undefined (a rate of no message): 0, as the rules read it as not holding
    values = numpy.array([[float(user[m]) if user[m] is not None else 0.0 for m in metrics] for user in users])
    scaler = StandardScaler().fit(values)
    scaled = scaler.transform(values)
    distinct = len(numpy.unique(scaled, axis=0))
    if distinct < 2:
        return NotClustered(f"Every one of the {len(users)} segmented users has the same metrics, so there are no "
                            f"groups for k-means to find (the silhouette needs at least 2 distinct users).")
    fits, silhouettes = {}, {}
    for k in CLUSTER_COUNTS:
        if k >= len(users) or k > distinct:  # more clusters than distinct points leaves some empty
            break
        fit = KMeans(n_clusters=k, n_init=10, random_state=RANDOM_SEED).fit(scaled)
        if not 2 <= len(set(fit.labels_)) < len(users):  # what the silhouette is defined on
            continue
        fits[k], silhouettes[k] = fit, float(silhouette_score(scaled, fit.labels_))
    if not silhouettes:
        return NotClustered(f"k-means found no 2 to {len(users) - 1} clusters among the {len(users)} segmented "
                            f"users ({distinct} distinct), so the silhouette cannot choose one.")
    k = max(silhouettes, key=lambda candidate: (round(silhouettes[candidate], 12), -candidate))
    labels = fits[k].labels_
    sizes = Counter(int(label) for label in labels)
    renumber = {label: i for i, (label, _) in enumerate(sorted(sizes.items(), key=lambda item: (-item[1], item[0])))}
    clusters = [renumber[int(label)] for label in labels]
    centres = scaler.inverse_transform(fits[k].cluster_centers_)
    personas = [str(user["persona"]) for user in users]
    rows = tuple(name for name in order if name in personas)
    table = tuple(tuple(sum(1 for p, c in zip(personas, clusters, strict=True) if p == name and c == j)
                        for j in range(k)) for name in rows)
    return Clustering(
        metrics=tuple(metrics), silhouettes=silhouettes, k=k,
        adjusted_rand_index=float(adjusted_rand_score(personas, clusters)), personas=rows, table=table,
        centres=tuple(tuple(float(v) for v in centres[old]) for old, _ in sorted(renumber.items(), key=lambda i: i[1])),
        cluster_sizes=tuple(sizes[old] for old, _ in sorted(renumber.items(), key=lambda i: i[1])),
    )


def _value(value: float | None) -> str:
    """A threshold as written: 50, 0.09."""
    return "n/a" if value is None else f"{value:g}"


def _centre(value: float) -> str:
    return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.0f}"


def _short(text: str) -> str:
    """The mart's exact values, long decimals shown to three significant digits (0.058503401 as 0.0585)."""
    return re.sub(r"\d+\.\d{4,}", lambda match: f"{float(match.group()):.3g}", text)


SENSITIVITY_CHART = Chart("threshold_sensitivity.png", "Users whose persona one step of a threshold would change")
CLUSTERS_CHART = Chart("persona_clusters.png", "Personas against data-driven clusters (users)")


def render_markdown(validation: Validation) -> str:
    """The Validation section of the document (templates/validation.md.j2), its charts as images beside it."""
    filters = {"number": _value, "centre": _centre, "short": _short,
               "zip": lambda first, second: zip(first, second, strict=True)}
    return documents.render(
        "validation.md.j2", filters, sensitivity=validation.sensitivity, small_personas=validation.small_personas,
        other_misses=validation.other_misses, fallback=validation.fallback, clustering=validation.clustering,
        clustered=isinstance(validation.clustering, Clustering),
        seed=RANDOM_SEED, sensitivity_chart=SENSITIVITY_CHART, clusters_chart=CLUSTERS_CHART,
    )


def render_charts(validation: Validation, out_dir: Path) -> list[Chart]:
    """The section's charts, written into out_dir."""
    paired_bar_chart(out_dir / SENSITIVITY_CHART.file_name, SENSITIVITY_CHART.title, "Threshold",
                     "Users whose persona changes",
                     [(s.threshold, s.users_down, s.users_up) for s in validation.sensitivity],
                     ("one step down", "one step up"))
    written = [SENSITIVITY_CHART]
    clustering = validation.clustering
    if isinstance(clustering, Clustering):
        heatmap(out_dir / CLUSTERS_CHART.file_name, CLUSTERS_CHART.title, clustering.personas,
                [f"Cluster {j}" for j in range(1, clustering.k + 1)], clustering.table,
                "Persona (in rule order)", "k-means cluster (1 the largest)")
        written.append(CLUSTERS_CHART)
    return written
