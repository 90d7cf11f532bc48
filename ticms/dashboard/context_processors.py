from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ticms.accounts.models import Role
from ticms.common import inbox

P, C, CE, CO, EX, EV, SA = (
    Role.PROVINCE,
    Role.CITY,
    Role.CENTER,
    Role.CO_BUILDER,
    Role.EXPERT,
    Role.EVALUATOR,
    Role.SYSADMIN,
)

# (url name, label, roles that see it); None = anonymous only
MENU = (
    ("dashboard:home", _("我的工作台"), {P, C, CE, CO, EX, EV, SA}),
    ("establishment:guide_list", _("申报指南"), {P, C, CE}),
    ("establishment:application_list", _("组建申请"), {P, C, CE, CO}),
    ("centers:list", _("技术创新中心"), {P, C, CE, CO}),
    ("centers:network", _("创新网络"), {P, C, CE, CO}),
    ("reporting:list", _("年度报告"), {P, C, CE}),
    ("matters:change_list", _("重大事项"), {P, C, CE}),
    ("evaluation:acceptance_list", _("验收"), {P, C, CE}),
    ("evaluation:campaign_list", _("绩效评估"), {P, C, CE, EV}),
    ("reviews:panels", _("专家论证"), {P}),
    ("reviews:experts", _("专家库"), {P}),
    ("evaluation:dynamic_list", _("动态管理"), {P}),
    ("evaluation:integrity_list", _("科研诚信"), {P}),
    ("reviews:my_assignments", _("我的论证任务"), {EX}),
    ("accounts:organisations", _("单位"), {P, C, SA}),
    ("catalog:fields", _("产业领域与已建平台"), {P, C}),
    ("regulation:index", _("管理办法与规则"), {P, C, CE, CO, EX, EV, SA}),
    ("common:audit", _("审计日志"), {P, SA}),
    ("common:calendar", _("工作日历"), {P, SA}),
    ("portal:notice_list", _("公示公告"), None),
    ("portal:directory", _("中心名录"), None),
    ("regulation:index", _("管理办法"), None),
)


# Pages of an item that do not lie under its own URL (the menu opens the change requests; the
# major-matter reports belong to the same item).
ALSO_ACTIVE = {
    "matters:change_list": ("matters:matter_list",),
}


def _match_length(name: str, url: str, path: str) -> int:
    """How specifically `path` belongs to the item: the length of its longest URL that is a
    prefix of the path (the workbench only on its own page), 0 when none is."""
    if name == "dashboard:home":
        return len(url) if path == url else 0
    prefixes = (url, *(reverse(other) for other in ALSO_ACTIVE.get(name, ())))
    return max((len(p) for p in prefixes if p != "/" and path.startswith(p)), default=0)


def navigation(request):
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    path = request.path
    items, matches = [], []
    for name, label, roles in MENU:
        if (roles is None and authenticated) or (
            roles is not None and (not authenticated or user.role not in roles)
        ):
            continue
        url = reverse(name)
        item = {"url": url, "label": label, "active": False}
        if name == "dashboard:home":
            item["badge"] = inbox.unread_count(user)
        items.append(item)
        matches.append(_match_length(name, url, path))
    # /reports/changes/ and /reviews/experts/ lie under /reports/ and /reviews/ too: only the
    # most specific match is active.
    best = max(matches, default=0)
    if best:
        items[matches.index(best)]["active"] = True
    return {"nav_items": items, "site_title": settings.TICMS["SITE_TITLE"]}
