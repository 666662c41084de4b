"""The audit's SQL, written once for DuckDB and Spark SQL.

Only functions both engines have, with the same meaning, are used (upper,
translate, regexp_replace, split_part, substr, length, levenshtein, least,
greatest); the two differences — the global flag of regexp_replace and the
full-match operator — go through a Dialect. Same SQL on the same data gives the
same candidate pairs and the same comparison levels on both engines, hence the
same results.

Tables: `src` (the canonical columns plus `rid`, the row's index) →
`norm` (normalised traits) → `keys` (blocking keys, capped) → `pairs`
(candidate pairs with their comparison levels) ; `sample` (pseudo-random pairs
for the u probabilities).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Surname particles glued to what follows them (LE GALL = LEGALL).
PARTICLES = (
    "LE",
    "LA",
    "LES",
    "DE",
    "DU",
    "DES",
    "DA",
    "DOS",
    "DI",
    "DEL",
    "VAN",
    "VON",
    "MAC",
    "SAINT",
    "ST",
)
# Spark has no strip_accents: the letters of French, Portuguese, Spanish, Italian,
# German, Turkish, Polish, Czech and Vietnamese names it may meet, spelt out.
ACCENTED = "ÀÂÄÁÃÅĀĂĄÇĆČĎÉÈÊËĒĖĘĚÍÌÎÏĪĮİŃÑŇÓÒÔÖÕŌŐŘŚŠŞȘŤȚÚÙÛÜŪŮŰÝŸŹŻŽẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
PLAIN = "".join(unicodedata.normalize("NFD", c)[0] if c != "İ" else "I" for c in ACCENTED)
# Dates that stand for an unknown birth date: 1 January, 31 December, or 00.
UNKNOWN_DAY_MONTHS = ("01-01", "12-31", "00-00")

# Comparison levels (higher = closer). 0 always means "missing on one side".
NOM = ("manquant", "different", "faute", "partiel", "croise", "identique")
PRENOM = ("manquant", "different", "faute", "compatible", "identique")
DATE = ("manquant", "differente", "faute", "inconnue", "inversee", "identique")
SEXE = ("manquant", "different", "identique")
LIEU = ("manquant", "different", "departement", "identique")
NIR = ("manquant", "different", "faute", "identique")
COMPARISONS = {
    "nom": NOM,
    "prenom": PRENOM,
    "date": DATE,
    "sexe": SEXE,
    "lieu": LIEU,
    "nir": NIR,
}
LEVEL_COLUMNS = tuple(f"lv_{name}" for name in COMPARISONS)


@dataclass(frozen=True)
class Dialect:
    name: str

    def rx(self, text: str, pattern: str, replacement: str) -> str:
        """Replace every match."""
        if self.name == "duckdb":
            return f"regexp_replace({text}, '{pattern}', '{replacement}', 'g')"
        return f"regexp_replace({text}, '{pattern}', '{replacement}')"

    def hash64(self, *values: str) -> str:
        """A 64-bit hash: blocks are grouped on it rather than on the key's text."""
        if self.name == "duckdb":
            return f"CAST(hash({', '.join(values)}) >> 1 AS BIGINT)"
        return f"xxhash64({', '.join(values)})"

    def unaccent(self, text: str) -> str:
        if self.name == "duckdb":
            return f"strip_accents({text})"
        return f"translate({text}, '{ACCENTED}', '{PLAIN}')"

    def numbers(self, count: int) -> str:
        """A one-column table `j` of 0 … count - 1."""
        if self.name == "duckdb":
            return f"SELECT range AS j FROM range({count})"
        return f"SELECT id AS j FROM range({count})"

    def matches(self, text: str, pattern: str) -> str:
        """The whole text matches the pattern."""
        if self.name == "duckdb":
            return f"regexp_full_match({text}, '{pattern}')"
        return f"({text} RLIKE '^{pattern}$')"


def fold(d: Dialect, column: str) -> str:
    """Uppercase, accents removed, Œ and Æ spelt out."""
    upper = f"upper(coalesce({column}, ''))"
    upper = f"replace(replace({upper}, 'Œ', 'OE'), 'Æ', 'AE')"
    return d.unaccent(upper)


def _surname(d: Dialect, column: str, prefix: str) -> str:
    words = f"trim({d.rx(column, '[^A-Z]+', ' ')})"
    particles = ", ".join(f"'{p}'" for p in PARTICLES)
    t1, t2, t3 = (f"split_part({prefix}w, ' ', {i})" for i in (1, 2, 3))
    return (
        f"{words} AS {prefix}w",
        f"""CASE WHEN {t1} IN ({particles}) AND {t2} IN ({particles}) THEN {t1} || {t2} || {t3}
                 WHEN {t1} IN ({particles}) THEN {t1} || {t2} ELSE {t1} END AS {prefix}first""",
        f"replace({prefix}w, ' ', '') AS {prefix}key",
    )


def norm_sql(d: Dialect) -> list[str]:
    """Normalised traits, one row per record."""
    nom = _surname(d, "fnom", "nom_")
    use = _surname(d, "fuse", "use_")
    date = "trim(coalesce(date_naissance, ''))"
    nir = "upper(" + d.rx("coalesce(nir, '')", "[^0-9A-Za-z]", "") + ")"
    return [
        f"""CREATE OR REPLACE TEMP VIEW folded AS SELECT rid, {fold(d, "nom_naissance")} AS fnom,
            {fold(d, "nom_utilise")} AS fuse, {fold(d, "prenoms")} AS fpre,
            date_naissance, sexe, lieu_naissance, nir FROM src""",
        f"""CREATE OR REPLACE TEMP VIEW norm0 AS SELECT rid,
            {nom[0]}, {use[0]},
            trim({d.rx("fpre", "[^A-Z]+", " ")}) AS pw,
            trim({d.rx("fpre", "[^A-Z-]+", " ")}) AS pgw,
            CASE WHEN {d.matches(date, "[0-9]{4}-[0-9]{2}-[0-9]{2}")} THEN {date} ELSE '' END AS dstr,
            CASE WHEN upper(trim(coalesce(sexe, ''))) IN ('M', 'F') THEN upper(trim(sexe)) ELSE '' END AS sx,
            CASE WHEN length(trim(coalesce(lieu_naissance, ''))) = 5
                 THEN upper(trim(lieu_naissance)) ELSE '' END AS lieu,
            CASE WHEN length({nir}) >= 13 THEN substr({nir}, 1, 13) ELSE '' END AS nir13
            FROM folded""",
        f"""CREATE OR REPLACE TEMP VIEW norm1 AS SELECT *,
            {nom[1]}, {nom[2]}, {use[1]}, {use[2]},
            '|' || replace(pw, ' ', '|') || '|' AS ptok,
            split_part(pgw, ' ', 1) AS pgiven0,
            split_part(pw, ' ', 1) AS p1,
            substr(dstr, 1, 4) AS y, substr(dstr, 6, 2) AS m, substr(dstr, 9, 2) AS dd
            FROM norm0""",
        """CREATE OR REPLACE TEMP VIEW norm AS SELECT rid, nom_key, nom_first, use_key, use_first,
            CASE WHEN pw = '' THEN '' ELSE ptok END AS ptok,
            replace(pgiven0, '-', '') AS pgiven, p1, replace(ptok, '|', '') AS pall, dstr, y, m, dd,
            CASE WHEN dstr = '' THEN '' ELSE y || least(m, dd) || greatest(m, dd) END AS dkey,
            sx, lieu, nir13
            FROM norm1""",
    ]


# Blocking rules: a name and the key expression (over `norm`). A record with an
# empty key part is not blocked by that rule.
BLOCKING_RULES = (
    ("nir", "nir13", "nir13 <> ''"),
    ("nom_date", "nom_key || '/' || dkey", "nom_key <> '' AND dkey <> ''"),
    ("prenom_date", "p1 || '/' || dkey", "p1 <> '' AND dkey <> ''"),
    (
        "nom_prenom_annee",
        "nom_key || '/' || p1 || '/' || y",
        "nom_key <> '' AND p1 <> '' AND y <> ''",
    ),
    (
        "nom_prenom_jour",
        "nom_key || '/' || p1 || '/' || m || dd",
        "nom_key <> '' AND p1 <> '' AND dstr <> ''",
    ),
    (
        "usage_prenom_annee",
        "use_key || '/' || p1 || '/' || y",
        "use_key <> '' AND p1 <> '' AND y <> ''",
    ),
    (
        "nom2_date_lieu",
        "substr(nom_key, 1, 2) || '/' || dkey || '/' || lieu",
        "nom_key <> '' AND dkey <> '' AND lieu <> ''",
    ),
)
RULE_IDS = {name: i for i, (name, _e, _c) in enumerate(BLOCKING_RULES)}
# The crossed-names rule joins the used name of one record to the birth name of
# the other: emitted twice, so both sit in one key space.
CROSS_RULE = "usage_prenom_annee"
CROSS_PARTNER = "nom_prenom_annee"


def keys_sql(d: Dialect, cap: int) -> list[str]:
    """Blocking keys; a block over `cap` records is split by sex and birthplace, and a
    block still over `cap` is dropped (counted in `oversized`)."""
    parts = []
    for name, expr, cond in BLOCKING_RULES:
        rule = CROSS_PARTNER if name == CROSS_RULE else name
        parts.append(
            f"SELECT rid, {RULE_IDS[rule]} AS rule, {d.hash64(expr)} AS k, {d.hash64('sx || lieu')} AS sub"
            f" FROM norm WHERE {cond}"
        )
    union = "\nUNION ALL\n".join(parts)
    return [
        f"CREATE OR REPLACE TEMP VIEW keys0 AS {union}",
        f"""CREATE OR REPLACE TEMP VIEW keys1 AS SELECT rid, rule,
            CASE WHEN count(*) OVER (PARTITION BY rule, k) > {cap} THEN {d.hash64("k", "sub")} ELSE k END AS k
            FROM keys0""",
        f"""CREATE OR REPLACE TEMP VIEW keys AS SELECT rid, rule, k FROM (
            SELECT rid, rule, k, count(*) OVER (PARTITION BY rule, k) AS n FROM keys1) t
            WHERE n > 1 AND n <= {cap}""",
        f"""CREATE OR REPLACE TEMP VIEW oversized AS SELECT rule, k, count(*) AS n FROM keys1
            GROUP BY rule, k HAVING count(*) > {cap}""",
    ]


def levels_sql(a: str = "a", b: str = "b") -> str:
    """The comparison levels of two `norm` rows aliased a and b."""
    unknown = ", ".join(f"'{x}'" for x in UNKNOWN_DAY_MONTHS)

    def typo_limit(x: str, y: str) -> str:
        return f"CASE WHEN least(length({x}), length({y})) >= 6 THEN 2 ELSE 1 END"

    def close(x: str, y: str) -> str:
        """A typo apart: an edit distance of 1, or 2 for six letters and more. The
        cheap length test first, so that most pairs never reach levenshtein."""
        return (
            f"least(length({x}), length({y})) >= 3 AND abs(length({x}) - length({y})) <= 2"
            f" AND levenshtein({x}, {y}) <= {typo_limit(x, y)}"
        )

    return f"""
      CASE WHEN {a}.nom_key = '' OR {b}.nom_key = '' THEN 0
           WHEN {a}.nom_key = {b}.nom_key THEN 5
           WHEN ({a}.use_key <> '' AND {a}.use_key = {b}.nom_key)
             OR ({b}.use_key <> '' AND {b}.use_key = {a}.nom_key) THEN 4
           WHEN {a}.nom_first = {b}.nom_first AND length({a}.nom_first) >= 3 THEN 3
           WHEN {close(f"{a}.nom_key", f"{b}.nom_key")} THEN 2
           ELSE 1 END AS lv_nom,
      CASE WHEN {a}.ptok = '' OR {b}.ptok = '' THEN 0
           WHEN {a}.pgiven = {b}.pgiven THEN 4
           WHEN substr({a}.ptok, 1, length({b}.ptok)) = {b}.ptok
             OR substr({b}.ptok, 1, length({a}.ptok)) = {a}.ptok
             OR ({a}.p1 = {b}.p1 AND ({a}.pgiven = {a}.p1 OR {b}.pgiven = {b}.p1)) THEN 3
           WHEN {close(f"{a}.pgiven", f"{b}.pgiven")} THEN 2
           WHEN {close(f"{a}.pall", f"{b}.pall")} THEN 2
           ELSE 1 END AS lv_prenom,
      CASE WHEN {a}.dstr = '' OR {b}.dstr = '' THEN 0
           WHEN {a}.dstr = {b}.dstr THEN 5
           WHEN {a}.y = {b}.y AND {a}.m = {b}.dd AND {a}.dd = {b}.m THEN 4
           WHEN {a}.y = {b}.y AND ({a}.m || '-' || {a}.dd IN ({unknown}) OR {b}.m || '-' || {b}.dd IN ({unknown})
                OR {a}.m = '00' OR {b}.m = '00' OR {a}.dd = '00' OR {b}.dd = '00') THEN 3
           WHEN {a}.y = {b}.y AND levenshtein({a}.dstr, {b}.dstr) = 1 THEN 2
           WHEN {a}.m = {b}.m AND {a}.dd = {b}.dd AND levenshtein({a}.y, {b}.y) = 1 THEN 2
           ELSE 1 END AS lv_date,
      CASE WHEN {a}.sx = '' OR {b}.sx = '' THEN 0 WHEN {a}.sx = {b}.sx THEN 2 ELSE 1 END AS lv_sexe,
      CASE WHEN {a}.lieu = '' OR {b}.lieu = '' THEN 0 WHEN {a}.lieu = {b}.lieu THEN 3
           WHEN substr({a}.lieu, 1, 2) = substr({b}.lieu, 1, 2) THEN 2 ELSE 1 END AS lv_lieu,
      CASE WHEN {a}.nir13 = '' OR {b}.nir13 = '' THEN 0 WHEN {a}.nir13 = {b}.nir13 THEN 3
           WHEN substr({a}.nir13, 1, 3) = substr({b}.nir13, 1, 3)
            AND levenshtein({a}.nir13, {b}.nir13) = 1 THEN 2 ELSE 1 END AS lv_nir"""


def pairs_sql() -> list[str]:
    return [
        """CREATE OR REPLACE TEMP VIEW cand AS SELECT DISTINCT k1.rid AS ra, k2.rid AS rb
            FROM keys k1 JOIN keys k2 ON k1.rule = k2.rule AND k1.k = k2.k AND k1.rid < k2.rid""",
        f"""CREATE OR REPLACE TEMP VIEW pairs AS SELECT c.ra, c.rb, {levels_sql()}
            FROM cand c JOIN norm a ON a.rid = c.ra JOIN norm b ON b.rid = c.rb""",
    ]


def sample_sql(d: Dialect, n: int, per_record: int) -> str:
    """Deterministic pseudo-random pairs (no RNG: the same on every engine), for u."""
    return f"""CREATE OR REPLACE TEMP VIEW sample AS SELECT {levels_sql()}
        FROM (SELECT rid AS ra, CAST((rid * 7919 + j * 104729 + 1) % {n} AS BIGINT) AS rb
              FROM norm CROSS JOIN ({d.numbers(per_record)}) t) s
        JOIN norm a ON a.rid = s.ra JOIN norm b ON b.rid = s.rb
        WHERE s.ra <> s.rb"""


def level_counts_sql(table: str) -> str:
    cols = ", ".join(LEVEL_COLUMNS)
    return f"SELECT {cols}, count(*) AS n FROM {table} GROUP BY {cols}"


def anomalies_sql(d: Dialect) -> str:
    """Records with something to report, with the raw values the checks need."""
    date = "trim(coalesce(s.date_naissance, ''))"
    nir = "upper(" + d.rx("coalesce(s.nir, '')", "[ .]", "") + ")"
    ins_traits = " || ".join(f"coalesce(s.{c}, '')" for c in ("nom_naissance", "prenoms"))
    missing = " OR ".join(
        f"trim(coalesce(s.{c}, '')) = ''"
        for c in ("nom_naissance", "prenoms", "sexe", "date_naissance", "lieu_naissance")
    )
    body = (
        f"CASE substr({nir}, 6, 2) WHEN '2A' THEN substr({nir}, 1, 5) || '19' || substr({nir}, 8, 6)"
        f" WHEN '2B' THEN substr({nir}, 1, 5) || '18' || substr({nir}, 8, 6) ELSE substr({nir}, 1, 13) END"
    )
    ins_ok = d.matches(f"replace({ins_traits}, chr(39), '')", "[A-Z -]*")
    statut = "upper(trim(coalesce(s.statut, '')))"
    return f"""SELECT s.rid, {nir} AS nirc, coalesce(s.sexe, ''), n.dstr, {date} AS date_raw,
        coalesce(s.lieu_naissance, ''), coalesce(s.nom_naissance, ''), coalesce(s.prenoms, ''),
        ({missing}) AS missing,
        ({statut} IN ('QUAL', 'RECUP') AND NOT {ins_ok}) AS ins_case
      FROM src s JOIN norm n ON n.rid = s.rid
      WHERE ({missing})
         OR ({date} <> '' AND (n.dstr = '' OR n.y < '1890' OR n.m > '12' OR n.dd > '31'
             OR (n.m = '00' AND n.dd <> '00')
             OR (n.m <> '00' AND n.dd <> '00' AND try_cast(n.dstr AS DATE) IS NULL)))
         OR ({nir} <> '' AND NOT (
                {d.matches(nir, "[12][0-9]{4}(2A|2B|[0-9]{2})[0-9]{6}([0-9]{2})?")}
                AND (length({nir}) = 13
                     OR try_cast(substr({nir}, 14, 2) AS INT) = 97 - try_cast({body} AS BIGINT) % 97)
                AND (n.sx = '' OR substr({nir}, 1, 1) = CASE n.sx WHEN 'M' THEN '1' ELSE '2' END)
                AND (n.dstr = '' OR substr({nir}, 2, 2) = substr(n.dstr, 3, 2))
                AND (n.dstr = '' OR n.m = '00' OR substr({nir}, 4, 2) = n.m)
                AND (n.lieu = '' OR substr({nir}, 6, 5) = n.lieu)))
         OR ({statut} IN ('QUAL', 'RECUP') AND NOT {ins_ok})"""
