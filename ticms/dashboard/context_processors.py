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
    ("reporting:change_list", _("重大事项"), {P, C, CE}),
    ("reviews:panels", _("专家论证"), {P}),
    ("reviews:experts", _("专家库"), {P}),
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


def navigation(request):
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    path = request.path
    items = []
    for name, label, roles in MENU:
        if (roles is None and authenticated) or (
            roles is not None and (not authenticated or user.role not in roles)
        ):
            continue
        url = reverse(name)
        item = {"url": url, "label": label, "active": path.startswith(url) and url != "/"}
        if name == "dashboard:home":
            item["active"] = path == url
            item["badge"] = inbox.unread_count(user)
        items.append(item)
    # /reviews/experts/ lies under /reviews/ too: only the longest matching prefix is active.
    matching = [item for item in items if item["active"]]
    if len(matching) > 1:
        longest = max(len(item["url"]) for item in matching)
        for item in matching:
            item["active"] = len(item["url"]) == longest
    return {"nav_items": items, "site_title": settings.TICMS["SITE_TITLE"]}
