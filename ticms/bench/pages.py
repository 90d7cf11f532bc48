"""The pages the benchmark times: every list, detail, workbench and API list whose data grows.

Enumerated from the URL configuration (ticms/urls.py, each app's urls.py and api*.py). Record
ids come from the selectors of the user who opens the page, so a detail is in its scope; the
last page of a list comes from the view's own paginator (HTML) or the API's `count`. Later
issues add their pages here.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.test import Client

from ticms.centers.selectors import centers_acted_for, centers_visible_to
from ticms.common.models import AuditEvent
from ticms.establishment.selectors import applications_visible_to, guides_visible_to
from ticms.establishment.selectors import public_notices as public_notice_qs
from ticms.establishment.selectors_notices import contracts_visible_to
from ticms.evaluation.acceptance_selectors import acceptances_visible_to
from ticms.evaluation.campaigns.selectors import campaigns_visible_to
from ticms.matters.selectors import change_requests_visible_to, major_matters_visible_to
from ticms.reporting.deadlines import default_report_year
from ticms.reporting.selectors import annual_reports_visible_to
from ticms.reviews.selectors.assignments import assignments_visible_to
from ticms.reviews.selectors.panels import panels_visible_to
from ticms.reviews.selectors.pool import experts_visible_to

from .measure import template_contexts
from .users import PUBLIC, Accounts

API_PAGE_SIZE = 50  # the default `limit` of every API list
LAST = 10**6  # a page number past the end: a paginated page shows its last page
LAST_INBOX_PAGES = f"/workbench/?todos={LAST}&notices={LAST}"


@dataclass
class Page:
    name: str
    role: str
    url: str | None
    kind: str = "html"  # html | api
    skipped: str = ""
    load: bool = False  # one of the pages of the loopback load


def _latest(qs):
    return qs.order_by("-pk").values_list("pk", flat=True).first()


def _biggest(qs, relation: str):
    """The record with the most `relation` rows (a headquarters with the most branches)."""
    return (
        qs.annotate(bench_n=Count(relation)).order_by("-bench_n", "pk").values_list("pk", flat=True)
    ).first()


def _join(url: str, query: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{query}"


class Catalogue:
    def __init__(self, accounts: Accounts, clients: dict[str, Client]):
        self.accounts = accounts
        self.clients = clients
        self.pages: list[Page] = []

    def user(self, role: str):
        return self.accounts.get(role)

    def _skip_reason(self, role: str, url: str | None, missing: str) -> str:
        if role != PUBLIC and self.user(role) is None:
            return f"no {role} account: {self.accounts.missing.get(role, '')}".rstrip(": ")
        if url is None:
            return missing or "no such record in the database"
        return ""

    def add(self, name, role, url, *, kind="html", load=False, missing="") -> Page:
        page = Page(name, role, url, kind, self._skip_reason(role, url, missing), load)
        self.pages.append(page)
        return page

    def detail(self, name, role, pattern: str, pk, *, kind="html", load=False, what="record"):
        url = pattern.format(pk=pk) if pk is not None else None
        return self.add(name, role, url, kind=kind, load=load, missing=f"no {what} in scope")

    def paged(self, name, role, url, *, kind="html", load=False):
        """The first and the last page of a list."""
        first = self.add(f"{name}, first page", role, url, kind=kind, load=load)
        last_url, why = (None, first.skipped) if first.skipped else self._last_page(first)
        self.add(f"{name}, last page", role, last_url, kind=kind, missing=why)

    def _last_page(self, first: Page) -> tuple[str | None, str]:
        client = self.clients[first.role]
        if first.kind == "api":
            response = client.get(first.url)
            if response.status_code != 200:
                return None, f"first page answered {response.status_code}"
            count = response.json().get("count", 0)
            offset = max(0, (count - 1) // API_PAGE_SIZE * API_PAGE_SIZE)
            return _join(first.url, f"offset={offset}"), ""
        with template_contexts():
            response = client.get(first.url)
        if response.status_code != 200:
            return None, f"first page answered {response.status_code}"
        context = response.context
        page_obj = context.get("page_obj") if context is not None else None
        pages = page_obj.paginator.num_pages if page_obj is not None else 1
        return _join(first.url, f"page={pages}"), ""


def catalogue(accounts: Accounts, clients: dict[str, Client]) -> list[Page]:
    cat = Catalogue(accounts, clients)
    for part in (
        _workbench,
        _centers,
        _reporting,
        _matters,
        _establishment,
        _reviews,
        _acceptance,
        _audit,
    ):
        part(cat)
    _dynamic_and_integrity(cat)
    _campaigns(cat)
    _public(cat)
    _registers(cat)
    return cat.pages


def _scoped(cat: Catalogue, role: str, visible_to, pick=_latest):
    user = cat.user(role)
    return pick(visible_to(user)) if user is not None else None


def _workbench(cat: Catalogue):
    for role in ("province", "city", "center", "cobuilder", "expert", "admin"):
        cat.add("workbench", role, "/workbench/", load=role in ("province", "city", "center"))
    # Out-of-range page numbers give the last page: the oldest to-dos and notices.
    cat.add("workbench, last page of to-dos and notices", "province", LAST_INBOX_PAGES)


def _centers(cat: Catalogue):
    hq = _scoped(cat, "province", centers_visible_to, lambda qs: _biggest(qs, "branches"))
    city_user = cat.user("city")
    city_code = city_user.city.code if city_user is not None and city_user.city_id else None
    if city_code is None and hq is not None:
        city_code = centers_visible_to(cat.user("province")).get(pk=hq).city.code
    city_hq = _scoped(cat, "city", centers_visible_to, lambda qs: _biggest(qs, "branches"))
    own = _scoped(cat, "center", centers_acted_for)
    cat.paged("center list", "province", "/centers/", load=True)
    if city_code:
        cat.paged(f"center list ?city={city_code}", "province", f"/centers/?city={city_code}")
    cat.paged("center list", "city", "/centers/", load=True)
    cat.add("center list", "center", "/centers/")
    cat.add("center list", "cobuilder", "/centers/")
    cat.detail("center detail, biggest headquarters", "province", "/centers/{pk}/", hq, load=True)
    cat.detail("center detail, biggest headquarters", "city", "/centers/{pk}/", city_hq)
    cat.detail("center detail, own", "center", "/centers/{pk}/", own, load=True)
    cat.detail("center detail, oldest history", "province", f"/centers/{{pk}}/?history={LAST}", hq)
    cat.detail("center team", "province", "/centers/{pk}/team/", hq)
    cat.detail("center alliance members", "province", "/centers/{pk}/alliance/", hq)
    cat.detail("center record history", "province", "/reports/changes/history/{pk}/", hq)
    cat.add("center network", "province", "/centers/network/")
    cat.add("center network ?group=field", "province", "/centers/network/?group=field")
    cat.add("center network", "city", "/centers/network/")
    if city_code:
        cluster = f"/centers/network/?group=city&city={city_code}"
        cat.paged(f"center network, cluster {city_code}", "province", cluster)
        cat.add(
            f"API network cluster {city_code}",
            "province",
            f"/api/v1/network/clusters/city/{city_code}",
            kind="api",
        )
    cat.detail("network of the headquarters", "province", "/centers/{pk}/network/", hq)
    cat.paged("API centers", "province", "/api/v1/centers", kind="api", load=True)
    if city_code:
        cat.paged(
            f"API centers ?city={city_code}",
            "province",
            f"/api/v1/centers?city={city_code}",
            kind="api",
        )
    cat.paged("API centers", "city", "/api/v1/centers", kind="api")
    cat.detail("API center detail", "province", "/api/v1/centers/{pk}", hq, kind="api")
    cat.add("API network", "province", "/api/v1/network", kind="api")
    cat.add("API network", "city", "/api/v1/network", kind="api")
    cat.detail(
        "API network of the headquarters",
        "province",
        "/api/v1/centers/{pk}/network",
        hq,
        kind="api",
    )
    for name, suffix in (
        ("API alliance members", "alliance-members"),
        ("API record versions", "record-versions"),
    ):
        cat.detail(name, "province", "/api/v1/centers/{pk}/" + suffix, hq, kind="api")


def _reporting(cat: Catalogue):
    province = cat.user("province")
    hq = _scoped(cat, "province", centers_visible_to, lambda qs: _biggest(qs, "branches"))
    report = None
    if province is not None:
        reports = annual_reports_visible_to(province)
        report = _latest(reports.filter(center_id=hq)) if hq else None
        report = report or _latest(reports)
    city_user = cat.user("city")
    cat.paged("annual report list", "province", "/reports/", load=True)
    if city_user is not None and city_user.city_id:
        code = city_user.city.code
        cat.paged(f"annual report list ?city={code}", "province", f"/reports/?city={code}")
    cat.paged("annual report list", "city", "/reports/", load=True)
    cat.paged("annual report list", "center", "/reports/", load=True)
    cat.detail("annual report detail", "province", "/reports/{pk}/", report, load=True)
    city_report = _scoped(cat, "city", annual_reports_visible_to)
    cat.detail("annual report detail", "city", "/reports/{pk}/", city_report)
    own_report = _scoped(cat, "center", annual_reports_visible_to)
    cat.detail("annual report detail, own", "center", "/reports/{pk}/", own_report)
    cat.add("annual report deadlines", "province", "/reports/deadlines/")
    cat.paged("API annual reports", "province", "/api/v1/annual-reports", kind="api")
    cat.paged("API annual reports", "city", "/api/v1/annual-reports", kind="api")
    cat.add("API annual reports", "center", "/api/v1/annual-reports", kind="api")
    cat.detail("API annual report", "province", "/api/v1/annual-reports/{pk}", report, kind="api")
    for role in ("province", "city"):
        cat.paged("overdue annual reports", role, "/reports/overdue/")
    cat.add("overdue annual reports", "center", "/reports/overdue/")
    cat.add("API overdue reports", "province", "/api/v1/annual-reports-overdue", kind="api")
    cat.add("API overdue reports", "city", "/api/v1/annual-reports-overdue", kind="api")
    year = default_report_year()
    cat.add(
        f"API report deadlines {year}",
        "province",
        f"/api/v1/annual-report-deadlines/{year}",
        kind="api",
    )


def _matters(cat: Catalogue):
    change = _scoped(cat, "province", change_requests_visible_to)
    matter = _scoped(cat, "province", major_matters_visible_to)
    for role in ("province", "city"):
        cat.paged("change requests", role, "/reports/changes/", load=role == "province")
        cat.paged("major matters", role, "/reports/matters/")
    cat.add("change requests", "center", "/reports/changes/")
    cat.add("major matters", "center", "/reports/matters/")
    cat.detail("change request detail", "province", "/reports/changes/{pk}/", change)
    cat.detail("major matter detail", "province", "/reports/matters/{pk}/", matter)
    for role in ("province", "city"):
        cat.paged("API change requests", role, "/api/v1/change-requests", kind="api")
        cat.paged("API major matters", role, "/api/v1/major-matters", kind="api")
    cat.detail("API change request", "province", "/api/v1/change-requests/{pk}", change, kind="api")
    cat.detail("API major matter", "province", "/api/v1/major-matters/{pk}", matter, kind="api")


def _dynamic_and_integrity(cat: Catalogue):
    """第二十五条、第二十六条: the province's decisions, a center's history, the findings."""
    from ticms.evaluation.dynamic.selectors import decisions_visible_to
    from ticms.evaluation.integrity.selectors import findings_visible_to

    decision = _scoped(cat, "province", decisions_visible_to)
    center = _scoped(cat, "province", centers_visible_to)
    cat.paged("dynamic-management decisions", "province", "/evaluation/dynamic/")
    cat.detail("dynamic-management decision", "province", "/evaluation/dynamic/{pk}/", decision)
    cat.detail("dynamic-management center", "province", "/evaluation/dynamic/centers/{pk}/", center)
    cat.paged("integrity findings", "province", "/evaluation/integrity/")
    cat.paged("API dynamic decisions", "province", "/api/v1/dynamic/decisions", kind="api")
    cat.paged("API integrity findings", "province", "/api/v1/integrity/findings", kind="api")
    finding = _scoped(cat, "province", findings_visible_to)
    cat.detail("integrity finding", "province", "/evaluation/integrity/{pk}/", finding)


def _establishment(cat: Catalogue):
    guide = _scoped(cat, "province", guides_visible_to)
    application = _scoped(
        cat, "province", applications_visible_to, lambda qs: _biggest(qs, "team_members")
    )
    city_application = _scoped(cat, "city", applications_visible_to)
    contract = _scoped(cat, "province", contracts_visible_to)
    for role in ("province", "city", "center"):
        cat.add("guides", role, "/establishment/guides/")
    cat.detail("guide detail", "province", "/establishment/guides/{pk}/", guide)
    for role in ("province", "city"):
        cat.paged("applications", role, "/establishment/applications/", load=role == "province")
    cat.add("applications", "center", "/establishment/applications/")
    cat.detail(
        "application detail, biggest team",
        "province",
        "/establishment/applications/{pk}/",
        application,
    )
    cat.detail("application detail", "city", "/establishment/applications/{pk}/", city_application)
    cat.detail("contract", "province", "/establishment/contracts/{pk}/", contract)
    cat.add("API guides", "province", "/api/v1/guides", kind="api")
    cat.detail("API guide", "province", "/api/v1/guides/{pk}", guide, kind="api")
    for role in ("province", "city"):
        cat.paged("API applications", role, "/api/v1/applications", kind="api")
    cat.detail("API application", "province", "/api/v1/applications/{pk}", application, kind="api")
    cat.paged("API contracts", "province", "/api/v1/contracts", kind="api")
    cat.detail("API contract", "province", "/api/v1/contracts/{pk}", contract, kind="api")


def _application_panels(user):
    return panels_visible_to(user).filter(application__isnull=False)


def _reviews(cat: Catalogue):
    # A panel's page is its application's (/reviews/panels/<pk>/ redirects there).
    panel = _scoped(cat, "province", _application_panels, lambda qs: _biggest(qs, "assignments"))
    panel_application = (
        panels_visible_to(cat.user("province")).get(pk=panel).application_id if panel else None
    )
    expert = _scoped(cat, "province", experts_visible_to)
    assignment = _scoped(cat, "expert", assignments_visible_to)
    cat.paged("expert panels", "province", "/reviews/")
    cat.detail(
        "expert panel of an application",
        "province",
        "/reviews/applications/{pk}/panel/",
        panel_application,
    )
    cat.paged("expert pool", "province", "/reviews/experts/")
    cat.detail("expert record", "province", "/reviews/experts/{pk}/", expert)
    cat.paged("my assignments", "expert", "/reviews/assignments/")
    cat.detail("assignment detail", "expert", "/reviews/assignments/{pk}/", assignment)
    cat.paged("API experts", "province", "/api/v1/reviews/experts", kind="api")
    cat.paged("API panels", "province", "/api/v1/reviews/panels", kind="api")
    cat.detail("API panel", "province", "/api/v1/reviews/panels/{pk}", panel, kind="api")
    cat.paged("API assignments", "province", "/api/v1/reviews/assignments", kind="api")
    cat.add("API assignments", "expert", "/api/v1/reviews/assignments", kind="api")
    cat.detail(
        "API assignment", "expert", "/api/v1/reviews/assignments/{pk}", assignment, kind="api"
    )


def _acceptance(cat: Catalogue):
    for role in ("province", "city", "center"):
        acceptance = _scoped(cat, role, acceptances_visible_to)
        cat.paged(f"acceptances ({role})", role, "/evaluation/acceptances/")
        cat.detail(f"acceptance detail ({role})", role, "/evaluation/acceptances/{pk}/", acceptance)
    acceptance = _scoped(cat, "province", acceptances_visible_to)
    cat.paged("API acceptances", "province", "/api/v1/acceptances", kind="api")
    cat.detail("API acceptance", "province", "/api/v1/acceptances/{pk}", acceptance, kind="api")


def _campaigns(cat: Catalogue):
    """Performance evaluation (issue 11): the biggest campaign's pages."""
    campaign = _scoped(cat, "province", campaigns_visible_to, lambda qs: _biggest(qs, "entries"))
    entry = None
    if campaign is not None:
        from ticms.evaluation.models import CampaignCenter

        entry = _latest(CampaignCenter.objects.filter(campaign_id=campaign))
    for role in ("province", "city", "center"):
        cat.add("evaluation campaigns", role, "/evaluation/campaigns/")
    base = f"/evaluation/campaigns/{campaign}/" if campaign else None
    for role in ("province", "city"):
        if base:
            cat.paged("evaluation campaign", role, base)
        else:
            cat.add("evaluation campaign", role, None, missing="no evaluation campaign")
    if base:
        cat.paged("campaign ranking", "province", f"{base}ranking/")
        cat.paged("API campaign ranking", "province", f"/api/v1{base[:-1]}/ranking", kind="api")
        cat.paged("API campaign centers", "province", f"/api/v1{base[:-1]}/centers", kind="api")
    else:
        cat.add("campaign ranking", "province", None, missing="no evaluation campaign")
    cat.detail("campaign center", "province", f"{base}centers/{{pk}}/", entry if base else None)
    cat.add("API evaluation campaigns", "province", "/api/v1/evaluation/campaigns", kind="api")


def _audit(cat: Catalogue):
    # The newest event's action and object: a filter that matches, found without a scan.
    newest = AuditEvent.objects.order_by("-seq").values("action", "object_repr").first()
    cat.paged("audit log", "province", "/system/audit/", load=True)
    cat.add("audit log", "admin", "/system/audit/")
    if newest:
        cat.paged(f"audit log ?action={newest['action']}", "province", _audit_url(newest["action"]))
        words = (newest["object_repr"] or "").strip()[:10]
        if words:
            cat.add(f"audit log ?q={words}", "province", _audit_url(q=words))
    else:
        cat.add("audit log ?action=…", "province", None, missing="no audit events")


def _audit_url(action: str = "", q: str = "") -> str:
    return "/system/audit/?" + urlencode({k: v for k, v in (("action", action), ("q", q)) if v})


def _public(cat: Catalogue):
    notice = public_notice_qs().values_list("pk", flat=True).first()
    city_user = cat.user("city")
    cat.add("portal home", PUBLIC, "/portal/")
    cat.paged("public directory", PUBLIC, "/portal/directory/", load=True)
    if city_user is not None and city_user.city_id:
        code = city_user.city.code
        cat.paged(f"public directory ?city={code}", PUBLIC, f"/portal/directory/?city={code}")
    cat.paged("public notices", PUBLIC, "/portal/notices/")
    cat.detail("public notice", PUBLIC, "/portal/notices/{pk}/", notice, what="public notice")
    cat.paged("API notices", PUBLIC, "/api/v1/notices", kind="api")
    cat.detail("API notice", PUBLIC, "/api/v1/notices/{pk}", notice, kind="api")


def _registers(cat: Catalogue):
    for role in ("province", "city"):
        cat.paged("organisations", role, "/org/organisations/")
    cat.paged("existing platforms", "province", "/catalog/platforms/")
    cat.add("industry fields", "province", "/catalog/fields/")
