"""The audit's steps, the same whatever the engine that runs the SQL."""

from __future__ import annotations

import time

import pyarrow as pa

from hygie.identity.audit import CANONICAL_COLUMNS, Anomaly, AuditResult, Pair, model, nircheck, sql

BLOCK_CAP = 300  # records; a bigger block is split by sex and birthplace, then dropped
SAMPLE_PAIRS = 1_000_000  # pseudo-random pairs to estimate u
TRAIT_OF = {
    "nom": "nom_naissance",
    "prenom": "prenoms",
    "date": "date_naissance",
    "sexe": "sexe",
    "lieu": "lieu_naissance",
    "nir": "nir",
}
AGREE_FROM = {"nom": 2, "prenom": 2, "date": 2, "sexe": 2, "lieu": 3, "nir": 2}
MATERIALISED = ("folded", "norm", "keys0", "keys1", "keys", "pairs")


def prepare(table: pa.Table) -> pa.Table:
    """The canonical columns as strings ('' for null), `ligne`, and `rid` = row index."""
    n = table.num_rows
    columns, names = [], []
    for name in CANONICAL_COLUMNS:
        if name in table.column_names:
            col = table.column(name).cast(pa.string()).fill_null("")
        else:
            col = pa.array([""] * n, pa.string())
        columns.append(col)
        names.append(name)
    if "ligne" in table.column_names:
        ligne = table.column("ligne").cast(pa.int64()).fill_null(0)
    else:
        ligne = pa.array(range(2, n + 2), pa.int64())
    columns += [ligne, pa.array(range(n), pa.int64())]
    names += ["ligne", "rid"]
    return pa.table(columns, names=names)


def run(
    table: pa.Table,
    executor_class,
    *,
    progress=None,
    block_cap: int = BLOCK_CAP,
    threshold: float | None = None,
    **executor_options,
) -> AuditResult:
    started = time.perf_counter()

    def step(share: float, message: str) -> None:
        if progress:
            progress(share, message)

    step(0.0, "Lecture des identités")
    src = prepare(table)
    n = src.num_rows
    ids = src.column("identifiant").to_pylist()
    lignes = src.column("ligne").to_pylist()
    ex = executor_class(**executor_options)
    try:
        ex.load("src", src)
        d = ex.dialect
        step(0.05, "Normalisation des noms, prénoms et dates")
        for statement in sql.norm_sql(d):
            ex.execute(statement, materialise=_name(statement) in MATERIALISED)
        step(0.15, "Regroupement par blocs (NIR, nom, prénom, date)")
        for statement in sql.keys_sql(d, block_cap):
            ex.execute(statement, materialise=_name(statement) in MATERIALISED)
        oversized = ex.rows("SELECT rule, k, n FROM oversized ORDER BY n DESC, rule, k")
        step(0.3, "Comparaison des paires candidates")
        for statement in sql.pairs_sql():
            ex.execute(statement, materialise=_name(statement) in MATERIALISED)
        pattern_counts = ex.rows(sql.level_counts_sql("pairs"))
        step(0.55, "Estimation du modèle sur des paires tirées au hasard")
        per_record = max(1, min(200, SAMPLE_PAIRS // max(n, 1))) if n > 1 else 0
        u_counts = []
        if per_record:
            ex.execute(sql.sample_sql(d, n, per_record))
            u_counts = ex.rows(sql.level_counts_sql("sample"))
        fitted = model.fit(sorted(pattern_counts), model.u_from_sample(sorted(u_counts)), n)
        if threshold is not None:
            model.THRESHOLD = threshold
        step(0.65, "Décision paire par paire")
        interesting = set()
        for row in pattern_counts:
            levels = tuple(row[:-1])
            kind, _p, apart = model.classify(levels, fitted)
            lv = dict(zip(model.NAMES, levels, strict=True))
            if kind or (apart and model.confusable(lv)) or model.homonym(lv):
                interesting.add(_code(levels))
        pair_rows = []
        if interesting:
            code_expr = _code_sql()
            codes = ", ".join(str(c) for c in sorted(interesting))
            pair_rows = ex.rows(
                f"SELECT ra, rb, {', '.join(sql.LEVEL_COLUMNS)} FROM pairs WHERE {code_expr} IN ({codes})"
            )
        step(0.8, "Recherche des anomalies")
        anomaly_rows = ex.rows(sql.anomalies_sql(d))
    finally:
        ex.close()

    step(0.9, "Constitution des groupes")
    pairs, edges, apart_pairs = [], [], []
    homonyms: set[int] = set()
    twins = 0
    for row in sorted(pair_rows):
        ra, rb, *levels = row
        levels = tuple(levels)
        kind, p, apart = model.classify(levels, fitted)
        lv = dict(zip(model.NAMES, levels, strict=True))
        if apart and model.confusable(lv):
            apart_pairs.append((ra, rb))
            if (
                lv["prenom"] == model.PRENOM_DIFFERENT
                and lv["nom"] >= 4
                and lv["date"] >= 4
                and kind is None
            ):
                twins += 1
        if kind:
            agree = [TRAIT_OF[k] for k in model.NAMES if lv[k] >= AGREE_FROM[k]]
            differ = [TRAIT_OF[k] for k in model.NAMES if 0 < lv[k] < AGREE_FROM[k]]
            pairs.append(Pair(ids[ra], ids[rb], kind, round(p, 4), agree, differ))
            if kind == "doublon":
                edges.append((ra, rb, p))
        elif model.homonym(lv):
            homonyms.update((ra, rb))
    grouped = [[ids[r] for r in g] for g in model.groups(edges, apart_pairs)]

    anomalies = _anomalies(anomaly_rows, ids, lignes)
    for r in sorted(homonyms):
        anomalies.append(
            Anomaly(
                ids[r],
                lignes[r],
                "homonyme",
                "Homonyme à surveiller : une autre personne porte le même nom, le même "
                "premier prénom et la même date de naissance (ou une date proche).",
            )
        )
    anomalies.sort(key=lambda a: (a.ligne, a.kind))
    doublons = sum(1 for p in pairs if p.kind == "doublon")
    collisions = sum(1 for p in pairs if p.kind == "collision")
    in_groups = sum(len(g) for g in grouped)
    kinds: dict[str, int] = {}
    for a in anomalies:
        kinds[a.kind] = kinds.get(a.kind, 0) + 1
    summary = {
        "enregistrements": n,
        "paires_candidates": sum(row[-1] for row in pattern_counts),
        "doublons": doublons,
        "collisions": collisions,
        "groupes": len(grouped),
        "fiches_en_double": in_groups - len(grouped),
        "taux_doublons": round((in_groups - len(grouped)) / n, 4) if n else 0.0,
        "jumeaux_ou_apparentes": twins,
        "anomalies": len(anomalies),
        "anomalies_par_type": dict(sorted(kinds.items())),
        "blocs_plafonnes": [{"regle": r, "taille": size} for r, _k, size in oversized[:20]],
        "blocs_plafonnes_total": len(oversized),
        "secondes": round(time.perf_counter() - started, 2),
    }
    step(1.0, "Audit terminé")
    return AuditResult(pairs, grouped, anomalies, summary, fitted.describe())


def _name(statement: str) -> str:
    head = statement.split(" AS ", 1)[0].split()
    return head[-1] if head else ""


def _code(levels: tuple[int, ...]) -> int:
    code = 0
    for level in levels:
        code = code * 10 + level
    return code


def _code_sql() -> str:
    parts = [
        f"{col} * {10 ** (len(sql.LEVEL_COLUMNS) - 1 - i)}"
        for i, col in enumerate(sql.LEVEL_COLUMNS)
    ]
    return "(" + " + ".join(parts) + ")"


STRICT_TRAITS = ("nom de naissance", "prénoms", "sexe", "date de naissance", "lieu de naissance")


def _anomalies(rows, ids, lignes) -> list[Anomaly]:
    out = []
    for rid, nirc, sexe, dstr, date_raw, lieu, nom, prenoms, missing, ins_case in rows:
        ident, ligne = ids[rid], lignes[rid]
        if missing:
            values = (nom, prenoms, sexe, date_raw, lieu)
            absent = [
                label for label, v in zip(STRICT_TRAITS, values, strict=True) if not v.strip()
            ]
            out.append(
                Anomaly(
                    ident,
                    ligne,
                    "traits_manquants",
                    (
                        "Trait strict manquant : "
                        if len(absent) == 1
                        else "Traits stricts manquants : "
                    )
                    + ", ".join(absent)
                    + ".",
                )
            )
        if date_raw and not _valid_date(dstr, date_raw):
            out.append(
                Anomaly(
                    ident,
                    ligne,
                    "date_impossible",
                    f"Date de naissance impossible ou illisible : « {date_raw} ».",
                )
            )
        if nirc:
            for kind, message in nircheck.findings(nirc, sexe, date_raw, lieu):
                out.append(Anomaly(ident, ligne, kind, message))
        if ins_case:
            out.append(
                Anomaly(
                    ident,
                    ligne,
                    "traits_ins_casse",
                    "Identité issue de l'INS avec des minuscules, accents ou caractères "
                    "non admis : les traits INS s'écrivent en majuscules non accentuées.",
                )
            )
    return out


def _valid_date(dstr: str, raw: str) -> bool:
    import datetime

    if not dstr:
        return False
    y, m, d = dstr[:4], dstr[5:7], dstr[8:10]
    if y < "1890" or y > str(datetime.date.today().year):
        return False
    if m == "00":
        return d == "00"
    if d == "00":
        return "01" <= m <= "12"
    try:
        return datetime.date(int(y), int(m), int(d)) <= datetime.date.today()
    except ValueError:
        return False
