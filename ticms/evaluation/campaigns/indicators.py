"""Indicator systems as data (第二十四条): a spec (a dict, e.g. from JSON) is checked, then stored
as a new version. Weights sum to exactly 100 at each level; anything else is refused with the
level and the sum."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ticms.accounts.models import Role
from ticms.common.audit import audit_record
from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.reporting import figures as F

from ..models import Indicator, IndicatorKind, IndicatorSystem, ScoringMethod

ARTICLE = "第二十四条"
HUNDRED = Decimal(100)
QUANTITATIVE_METHODS = (ScoringMethod.LINEAR, ScoringMethod.BANDS, ScoringMethod.RANK)


def expand_sources(paths) -> list[str]:
    """Figure paths, with `*` standing for every row of a table with rows
    (people.*.doctorate: the doctorates of the three teams)."""
    result = []
    for path in paths:
        if "*" in path:
            result.extend(p for p in F.ALL_PATHS if _matches(p, path))
        else:
            result.append(path)
    return result


def _matches(path: str, pattern: str) -> bool:
    a, b = path.split("."), pattern.split(".")
    return len(a) == len(b) and all(y in ("*", x) for x, y in zip(a, b, strict=True))


def _decimal(value, label: str, problems: list) -> Decimal | None:
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError):
        problems.append(_("%(label)s须为数字") % {"label": label})
        return None
    if not result.is_finite():
        problems.append(_("%(label)s须为数字") % {"label": label})
        return None
    return result


def _weights(items, level_label: str, problems: list) -> None:
    total = Decimal(0)
    for item in items:
        label = _("「%(code)s」的权重") % {"code": item.get("code", "?")}
        weight = _decimal(item.get("weight"), label, problems)
        if weight is None:
            return
        if weight <= 0 or weight.as_tuple().exponent < -2:
            problems.append(_("%(label)s须为大于0、最多两位小数的数") % {"label": label})
            return
        total += weight
    if total != HUNDRED:
        problems.append(
            _("%(level)s权重合计须为100，当前为 %(sum)s")
            % {"level": level_label, "sum": format(total.normalize(), "f")}
        )


def _leaf_problems(item: dict, problems: list) -> None:
    name = f"{item.get('code', '?')} {item.get('name', '')}".strip()
    kind = item.get("kind")
    if kind == IndicatorKind.QUALITATIVE:
        low = _decimal(item.get("min_score", 0), _("「%(n)s」的最低分") % {"n": name}, problems)
        high = _decimal(item.get("max_score", 100), _("「%(n)s」的最高分") % {"n": name}, problems)
        if low is not None and high is not None and not 0 <= low < high <= HUNDRED:
            problems.append(_("「%(n)s」的评分范围须在0至100之间且最低分小于最高分") % {"n": name})
        return
    if kind != IndicatorKind.QUANTITATIVE:
        problems.append(_("「%(n)s」的类型须为定量或定性") % {"n": name})
        return
    sources = item.get("sources") or []
    if not isinstance(sources, list) or not sources:
        problems.append(_("定量指标「%(n)s」须指明年度报告中的数据来源") % {"n": name})
    else:
        for path in sources:
            if (
                not isinstance(path, str)
                or not expand_sources([path])
                or any(p not in F.COLUMNS for p in expand_sources([path]))
            ):
                problems.append(_("「%(n)s」的数据来源「%(p)s」不存在") % {"n": name, "p": path})
    if item.get("aggregate", "sum") not in ("sum", "latest"):
        problems.append(_("「%(n)s」的汇总方式须为累计或取最近年度") % {"n": name})
    method = item.get("method")
    if method == ScoringMethod.LINEAR:
        floor = _decimal(item.get("floor"), _("「%(n)s」的基准值") % {"n": name}, problems)
        target = _decimal(item.get("target"), _("「%(n)s」的目标值") % {"n": name}, problems)
        if floor is not None and target is not None and target <= floor:
            problems.append(_("「%(n)s」的目标值须大于基准值") % {"n": name})
    elif method == ScoringMethod.BANDS:
        _band_problems(name, item.get("bands"), problems)
    elif method != ScoringMethod.RANK:
        problems.append(_("定量指标「%(n)s」的计分方法须为线性、分档或排名") % {"n": name})


def _band_problems(name: str, bands, problems: list) -> None:
    if not isinstance(bands, list) or not bands:
        problems.append(_("「%(n)s」须至少设一档") % {"n": name})
        return
    previous = None
    for row in bands:
        if not isinstance(row, list | tuple) or len(row) != 2:
            problems.append(_("「%(n)s」的每一档须为［下限, 得分］") % {"n": name})
            return
        lower = _decimal(row[0], _("「%(n)s」的分档下限") % {"n": name}, problems)
        score = _decimal(row[1], _("「%(n)s」的分档得分") % {"n": name}, problems)
        if lower is None or score is None:
            return
        if previous is not None and lower <= previous:
            problems.append(_("「%(n)s」的分档下限须逐档递增") % {"n": name})
            return
        if not 0 <= score <= HUNDRED:
            problems.append(_("「%(n)s」的分档得分须在0至100之间") % {"n": name})
            return
        previous = lower


def spec_problems(spec) -> list[str]:
    """Everything wrong with an indicator-system spec, each problem a sentence."""
    if not isinstance(spec, dict):
        return [_("指标体系须为对象")]
    problems: list[str] = []
    if not str(spec.get("code", "")).strip() or not str(spec.get("name", "")).strip():
        problems.append(_("请填写指标体系代码和名称"))
    groups = spec.get("indicators")
    if not isinstance(groups, list) or not groups:
        return [*problems, _("指标体系须至少有一个一级指标")]
    codes: set[str] = set()
    for item in [
        *groups,
        *(c for g in groups if isinstance(g, dict) for c in g.get("children") or []),
    ]:
        code = str(item.get("code", "")).strip() if isinstance(item, dict) else ""
        if not code or code in codes:
            problems.append(_("指标编号「%(c)s」为空或重复") % {"c": code})
        codes.add(code)
    if problems:
        return problems
    _weights(groups, _("一级指标"), problems)
    for group in groups:
        children = group.get("children") or []
        label = _("一级指标「%(c)s %(n)s」下的二级指标") % {
            "c": group["code"],
            "n": group.get("name", ""),
        }
        if not children:
            problems.append(_("%(label)s不能为空") % {"label": label})
            continue
        _weights(children, label, problems)
        for child in children:
            _leaf_problems(child, problems)
    return problems


def _d(value):
    return None if value is None else Decimal(str(value))


def indicator_system_create(*, actor, spec: dict) -> IndicatorSystem:
    """Store `spec` as the next version of its code (the province defines the systems)."""
    if actor is not None and getattr(actor, "role", None) != Role.PROVINCE:
        raise PermissionDenied(_("只有省科技厅可以制定评估指标体系"))
    problems = spec_problems(spec)
    if problems:
        raise ValidationFailed({"indicators": problems})
    with transaction.atomic():
        code = spec["code"].strip()
        last = IndicatorSystem.objects.filter(code=code).aggregate(v=Max("version"))["v"] or 0
        system = IndicatorSystem.objects.create(
            code=code,
            version=last + 1,
            name=spec["name"].strip(),
            description=spec.get("description", ""),
            effective_from=spec.get("effective_from"),
            created_by=actor,
        )
        order = 0
        for group in spec["indicators"]:
            order += 1
            parent = Indicator.objects.create(
                system=system, code=group["code"], name=group["name"], order=order,
                weight=_d(group["weight"]), article=group.get("article", ARTICLE),
            )  # fmt: skip
            for child in group["children"]:
                order += 1
                qualitative = child["kind"] == IndicatorKind.QUALITATIVE
                Indicator.objects.create(
                    system=system,
                    parent=parent,
                    code=child["code"],
                    name=child["name"],
                    order=order,
                    weight=_d(child["weight"]),
                    article=child.get("article", ARTICLE),
                    kind=child["kind"],
                    method=ScoringMethod.JUDGEMENT if qualitative else child["method"],
                    sources=[] if qualitative else list(child["sources"]),
                    aggregate=child.get("aggregate", "sum"),
                    floor=_d(child.get("floor")),
                    target=_d(child.get("target")),
                    bands=[[str(a), str(b)] for a, b in child.get("bands") or []],
                    min_score=_d(child.get("min_score", 0)),
                    max_score=_d(child.get("max_score", 100)),
                    guidance=child.get("guidance", ""),
                )
        if actor is not None:
            audit_record(
                actor=actor,
                action="indicator_system.create",
                obj=system,
                after={"code": code, "version": system.version, "spec": spec},
                article=ARTICLE,
            )
    return system


def system_tree(system: IndicatorSystem) -> list[tuple[Indicator, list[Indicator]]]:
    """(group, its indicators) in order, from one query."""
    rows = list(Indicator.objects.filter(system=system).order_by("order", "pk"))
    groups = [r for r in rows if r.parent_id is None]
    children: dict[int, list[Indicator]] = {g.pk: [] for g in groups}
    for r in rows:
        if r.parent_id is not None:
            children[r.parent_id].append(r)
    return [(g, children[g.pk]) for g in groups]
