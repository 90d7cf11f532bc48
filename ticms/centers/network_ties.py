"""Aggregates over the ties between centers and organisations (host unit, co-builder, alliance
member), in SQL: at 5,000 centers there are some 60,000 ties, too many to read into Python.

The ORM cannot group over a union of three tables, so these few statements are written by hand:
table names come from the models, every value is a parameter, and the centers are given as a
queryset (the user's scope) whose SQL is embedded as a subquery. Standard SQL that SQLite and
PostgreSQL both run (window functions: SQLite 3.25+)."""

# ruff: noqa: S608 — only quoted table names and fixed SQL are formatted in; values are parameters.

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from ticms.accounts.models import Organisation
from ticms.catalog.models import IndustryField

from .models import AllianceMember, Center, CenterCoBuilder

# Relation codes in the order of strength (network._ORG_RANK).
RELATION_CODES = ("host_unit", "co_builder", "alliance")


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _scope_cte(centers: QuerySet[Center], key_sql: str = "NULL") -> tuple[str, list]:
    """`scope(id, code, k, o)`: the centers, their cluster key and their host unit."""
    sql, params = centers.order_by().values("pk").query.sql_with_params()
    join = ""
    if "f." in key_sql:
        join = f"JOIN {_table(IndustryField)} f ON f.id = c.sub_field_id"
    return (
        f"scope AS (SELECT c.id AS id, c.code AS code, {key_sql} AS k, c.host_unit_id AS o "
        f"FROM {_table(Center)} c {join} WHERE c.id IN ({sql}))",
        list(params),
    )


def _ties_cte() -> str:
    """`ties(cid, o, r)`: every tie of a center in `scope`, r the relation's rank."""
    return (
        "ties AS (SELECT id AS cid, o, 0 AS r FROM scope"
        f" UNION ALL SELECT cb.center_id, cb.organisation_id, 1 FROM {_table(CenterCoBuilder)} cb"
        " WHERE cb.center_id IN (SELECT id FROM scope)"
        f" UNION ALL SELECT am.center_id, am.organisation_id, 2 FROM {_table(AllianceMember)} am"
        " WHERE am.center_id IN (SELECT id FROM scope))"
    )


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fingerprint() -> tuple[str, ...]:
    """Changes whenever a center is saved, added or deleted, or a co-builder or alliance member
    is added or removed: what the cached aggregates depend on. One cheap statement."""
    c, cb, am = _table(Center), _table(CenterCoBuilder), _table(AllianceMember)
    row = _rows(
        f"SELECT (SELECT COUNT(*) FROM {c}), (SELECT MAX(updated_at) FROM {c}),"
        f" (SELECT COUNT(*) FROM {cb}), (SELECT MAX(id) FROM {cb}),"
        f" (SELECT COUNT(*) FROM {am}), (SELECT MAX(id) FROM {am})",
        [],
    )[0]
    return tuple(str(v) for v in row)


def cluster_partners(centers: QuerySet[Center], key_sql: str, *, limit: int) -> dict:
    """Per cluster: its partner organisations and how many of them also work with another
    cluster; per pair of clusters, the organisations they share; and the organisations that
    work with most clusters (ids, first `limit`, with their total)."""
    scope, params = _scope_cte(centers, key_sql)
    org = _table(Organisation)
    cte = (
        f"WITH {scope}, {_ties_cte()},"
        " keyed AS (SELECT DISTINCT s.k AS k, t.o AS o FROM ties t JOIN scope s ON s.id = t.cid),"
        " spread AS (SELECT o, COUNT(*) AS n FROM keyed GROUP BY o) "
    )
    # One statement, so the ties are grouped once: rows of nodes ("n"), links ("e") and the
    # organisations working with most clusters ("s"), in columns (kind, a, b, x, y, z).
    rows = _rows(
        cte + "SELECT 'n', keyed.k, NULL, COUNT(*), SUM(CASE WHEN spread.n > 1 THEN 1 ELSE 0 END),"
        " CAST(NULL AS BIGINT) FROM keyed JOIN spread ON spread.o = keyed.o GROUP BY keyed.k"
        " UNION ALL SELECT 'e', a.k, b.k, COUNT(*), NULL, NULL"
        " FROM keyed a JOIN keyed b ON a.o = b.o AND a.k < b.k GROUP BY a.k, b.k"
        # A null of the cluster key's type (PostgreSQL types a bare NULL in a subquery as text).
        " UNION ALL SELECT * FROM (SELECT 's', (SELECT MIN(k) FROM keyed WHERE 1 = 0),"
        " (SELECT MIN(k) FROM keyed WHERE 1 = 0), spread.o, spread.n, COUNT(*) OVER ()"
        f" FROM spread JOIN {org} org ON org.id = spread.o WHERE spread.n > 1"
        " ORDER BY spread.n DESC, org.name, spread.o LIMIT %s) top",
        [*params, limit],
    )
    nodes = {a: (x, int(y or 0)) for kind, a, _b, x, y, _z in rows if kind == "n"}
    links = [(a, b, x) for kind, a, b, x, _y, _z in rows if kind == "e"]
    top = [(x, y, z) for kind, _a, _b, x, y, z in rows if kind == "s"]
    return {
        "nodes": nodes,
        "links": links,
        "shared": [(o, n) for o, n, _total in top],
        "shared_count": top[0][2] if top else 0,
    }


def shared_partners(centers: QuerySet[Center], *, limit: int, links: int) -> dict:
    """The organisations tied to two or more of the centers, most centers first (the first
    `limit`, with their total), each with its first `links` ties (center id, relation) by
    center code."""
    scope, params = _scope_cte(centers)
    org = _table(Organisation)
    rows = _rows(
        f"WITH {scope}, {_ties_cte()},"
        " per_org AS (SELECT o, COUNT(DISTINCT cid) AS n FROM ties GROUP BY o"
        "  HAVING COUNT(DISTINCT cid) > 1),"
        " top AS (SELECT p.o AS o, p.n AS n, COUNT(*) OVER () AS total,"
        "  ROW_NUMBER() OVER (ORDER BY p.n DESC, org.name, p.o) AS pos"
        f"  FROM per_org p JOIN {org} org ON org.id = p.o ORDER BY pos LIMIT %s),"
        " ranked AS (SELECT t.o AS o, t.cid AS cid, t.r AS r,"
        "  ROW_NUMBER() OVER (PARTITION BY t.o ORDER BY s.code, t.r) AS rn"
        "  FROM ties t JOIN scope s ON s.id = t.cid WHERE t.o IN (SELECT o FROM top))"
        " SELECT top.o, top.n, top.total, ranked.cid, ranked.r FROM top"
        " JOIN ranked ON ranked.o = top.o WHERE ranked.rn <= %s ORDER BY top.pos, ranked.rn",
        [*params, limit, links],
    )
    partners: dict[int, dict] = {}
    for o, n, _total, cid, r in rows:
        partners.setdefault(o, {"centers": n, "links": []})["links"].append(
            (cid, RELATION_CODES[r])
        )
    return {"partners": list(partners.items()), "count": rows[0][2] if rows else 0}
