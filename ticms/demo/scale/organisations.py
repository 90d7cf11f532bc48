"""Organisations (keyed by valid USCCs), people (ID numbers only hashed and masked), the
officers' and administrators' accounts, and the expert pool with its accounts."""

from __future__ import annotations

import datetime as dt

from ticms.accounts import idnumbers
from ticms.accounts.models import City, Organisation, OrganisationKind, Person, Role, User
from ticms.catalog.models import IndustryField
from ticms.reviews.models import Expert, ExpertEmployment

from .base import ADMIN, WELL_KNOWN, Scale, bulk

K = OrganisationKind
CITY_OFFICERS = 10
PROVINCE_OFFICERS = 4
DISTRICTS = ("区人民政府", "经济技术开发区管委会", "高新技术产业开发区管委会")
UNIVERSITY_WORDS = (
    "东南 江海 运河 太湖 钟山 淮海 长江 紫金 金陵 吴中 苏北 沿海 江淮 云龙 梁溪 瘦西湖"
)
INSTITUTE_WORDS = (
    "先进制造 生命健康 新材料 集成电路 智能装备 新能源 环境工程 数字经济 海洋技术 纺织技术"
)
ENTERPRISE_WORDS = [
    "恒通",
    "华科",
    "瑞达",
    "宏图",
    "远航",
    "中科",
    "天诚",
    "润泽",
    "汇智",
    "鼎盛",
    "博远",
    "启明",
    "众合",
    "凯瑞",
    "新锐",
    "同创",
    "金桥",
    "盛达",
    "德力",
    "精工",
    "东方",
    "海润",
    "卓越",
    "明德",
    "永信",
    "华泰",
    "安瑞",
    "锦程",
    "天工",
    "鸿运",
]
ENTERPRISE_KINDS = ("科技有限公司", "智能装备有限公司", "新材料股份有限公司", "电子有限公司")
TITLES = (("教授", "senior"), ("研究员", "senior"), ("研究员级高级工程师", "senior"))


def _org(s: Scale, name, kind, city, prefix, when: dt.date, actor) -> Organisation:
    org = Organisation(
        name=name,
        uscc=s.uscc(city.code if city else "320000", prefix),
        kind=kind,
        city=city,
        created_at=s.at(when),
    )
    org.created_by = actor
    return org


def _org_events(s: Scale, orgs: list[Organisation]) -> None:
    for org in orgs:
        actor = org.created_by
        s.record(
            org.created_at,
            actor,
            "organisation.create",
            "accounts.organisation",
            org.pk,
            org.name,
            after={
                "name": org.name,
                "uscc": org.uscc,
                "kind": org.kind,
                "city": org.city.code if org.city else None,
            },
        )


def _user(s: Scale, username, role, display_name, when, **links) -> User:
    user = User(
        username=username,
        role=role,
        display_name=display_name,
        is_staff=role == Role.SYSADMIN,
        date_joined=s.at(when),
        **links,
    )
    user.set_unusable_password()
    return user


def user_events(s: Scale, users: list[User], admin: User) -> None:
    for user in users:
        s.record(
            user.date_joined,
            admin if user.pk != admin.pk else None,
            "user.create",
            "accounts.user",
            user.pk,
            user.display_name or user.username,
            after={
                "username": user.username,
                "role": user.role,
                "city": user.city.code if user.city_id else None,
                "organisation": user.organisation.uscc if user.organisation_id else None,
                "center": user.center.code if user.center_id else None,
            },
        )


def people(s: Scale, specs: list[tuple[Organisation | None, City, str]]) -> list[Person]:
    """Unsaved people: (employer, city, level) with level senior | qualified | any."""
    result = []
    for employer, city, level in specs:
        if level == "senior":
            title, degree = "senior", s.rng.choice(("doctorate", "doctorate", "master"))
        elif level == "qualified" or s.chance(0.85):
            title = s.rng.choice(("senior", "vice_senior", "intermediate", "intermediate", "none"))
            degree = s.rng.choice(("doctorate", "master", "master", "bachelor"))
            if title == "none":
                degree = s.rng.choice(("doctorate", "master"))
        else:
            title, degree = s.rng.choice(("junior", "none")), s.rng.choice(("bachelor", "other"))
        number = s.id_number(city.code)
        result.append(
            Person(
                name=s.person_name(),
                id_hash=idnumbers.id_hash(number),
                id_masked=idnumbers.mask(number),
                title_level=title,
                degree=degree,
                employer=employer,
            )
        )
    return result


def reference(s: Scale) -> None:
    """The 13 cities and the sub-fields (loaded by the migrations), codes already taken."""
    s.cities = list(City.objects.order_by("code"))
    s.city_by_code = {c.code: c for c in s.cities}
    s.fields = list(IndustryField.objects.filter(parent__isnull=False).order_by("code"))
    s.reserve_usccs(Organisation.objects.values_list("uscc", flat=True))


def seed(s: Scale) -> None:
    """Everyone who is not a center's own staff: officers, partner organisations, experts."""
    with s.phase("organisations, officers, experts") as written:
        start = s.system_start
        nanjing = s.city_by_code["320100"]

        admin = _user(s, ADMIN, Role.SYSADMIN, "系统管理员", start)
        admin.save()
        s.admin = admin

        department = _org(s, "江苏省科学技术厅", K.PROVINCE_DEPARTMENT, nanjing, "11", start, admin)
        bureaus = {
            c.code: _org(s, f"{c.name}科学技术局", K.CITY_BUREAU, c, "11", start, admin)
            for c in s.cities
        }
        agency = _org(s, "江苏省科技评估中心", K.AGENCY, nanjing, "12", start, admin)
        admin_orgs = [department, *bureaus.values(), agency]
        bulk(Organisation, admin_orgs)

        users = [
            _user(s, "scale-province", Role.PROVINCE, "王处长", start, organisation=department)
        ]
        users += [
            _user(
                s, f"province-{k}", Role.PROVINCE, s.person_name(), start, organisation=department
            )
            for k in range(2, PROVINCE_OFFICERS + 1)
        ]
        officers: dict[str, list[User]] = {}
        for city in s.cities:
            officers[city.code] = [
                _user(
                    s,
                    "scale-city"
                    if city.code == s.top_city and k == 1
                    else f"city-{city.code}-{k:02d}",
                    Role.CITY,
                    f"{city.name}科技局{s.person_name()}",
                    start,
                    city=city,
                    organisation=bureaus[city.code],
                )
                for k in range(1, CITY_OFFICERS + 1)
            ]
            users += officers[city.code]
        users.append(
            _user(s, "evaluator-1", Role.EVALUATOR, "评估机构联系人", start, organisation=agency)
        )
        bulk(User, users)
        s.province_users = users[:PROVINCE_OFFICERS]
        s.province = users[0]
        s.officers = officers

        # Co-building and alliance partners: shared by many centers, as in a real province.
        partners_from = dt.date(s.first_year - 5, 3, 1)
        s.universities = [
            _org(s, f"{word}大学", K.UNIVERSITY, s.rng.choice(s.cities), "12", partners_from, admin)
            for word in _words(
                UNIVERSITY_WORDS.split(), max(4, s.n // 60), ("大学", "理工", "科技")
            )
        ]
        s.institutes = [
            _org(
                s,
                f"江苏{word}研究院",
                K.RESEARCH_INSTITUTE,
                s.rng.choice(s.cities),
                "12",
                partners_from,
                admin,
            )
            for word in _words(INSTITUTE_WORDS.split(), max(4, s.n // 40), ("", "第二", "产业"))
        ]
        s.governments, s.enterprises = {}, {}
        partners = [*s.universities, *s.institutes]
        per_city = max(3, s.n // 35)
        for city in s.cities:
            city_officer = officers[city.code][0]
            s.governments[city.code] = [
                _org(
                    s,
                    f"{city.name}{district}" if k == 0 else f"{city.name}第{k + 1}{district}",
                    K.LOCAL_GOVERNMENT,
                    city,
                    "11",
                    partners_from,
                    city_officer,
                )
                for k, district in enumerate(DISTRICTS)
            ]
            s.enterprises[city.code] = [
                _org(
                    s,
                    f"{city.name[:-1]}{s.rng.choice(ENTERPRISE_WORDS)}{k + 1:03d}"
                    f"{s.rng.choice(ENTERPRISE_KINDS)}",
                    K.ENTERPRISE,
                    city,
                    "91",
                    partners_from,
                    city_officer,
                )
                for k in range(per_city)
            ]
            partners += s.governments[city.code] + s.enterprises[city.code]
        bulk(Organisation, partners)
        _org_events(s, admin_orgs + partners)

        experts = _experts(s, admin, start)
        user_events(s, [admin, *users, *(e.user for e in experts)], admin)
        written.update(
            organisations=len(admin_orgs) + len(partners),
            users=len(users) + len(experts) + 1,
            experts=len(experts),
        )


def _words(words: list[str], count: int, suffixes: tuple[str, ...]) -> list[str]:
    result = []
    for k in range(count):
        base = words[k % len(words)]
        round_ = k // len(words)
        result.append(
            base
            + (suffixes[round_ % len(suffixes)] if round_ else "")
            + (str(round_ // len(suffixes) + 1) if round_ >= len(suffixes) else "")
        )
    return result


def _experts(s: Scale, admin: User, start: dt.date) -> list[Expert]:
    """The pool (第十三条第3项): about one expert for five centers, each with an account, a
    profile, two to four familiar fields and the employment history the 回避 rules read."""
    count = max(12, s.n // 5)
    employers = [*s.universities, *s.institutes]
    picks = [s.rng.choice(employers) for _ in range(count)]
    persons = people(s, [(org, org.city, "senior") for org in picks])
    bulk(Person, persons)
    users = []
    for k, (person, org) in enumerate(zip(persons, picks, strict=True), start=1):
        users.append(
            _user(
                s,
                "scale-expert" if k == 1 else f"expert-{k:04d}",
                Role.EXPERT,
                person.name,
                start,
                organisation=org,
                person=person,
            )
        )
    bulk(User, users)
    experts = []
    for person, org, user in zip(persons, picks, users, strict=True):
        title, level = s.rng.choice(TITLES)
        field = s.rng.choice(s.fields)
        experts.append(
            Expert(
                user=user,
                person=person,
                name=person.name,
                title=title,
                title_level=level,
                employer=org,
                expertise=f"{field.name}关键技术研发与产业化",
                created_at=s.at(start),
                updated_at=s.at(start),
            )
        )
    bulk(Expert, experts)
    through = Expert.fields.through
    links, jobs = [], []
    for expert in experts:
        chosen = s.rng.sample(s.fields, s.rng.randint(2, 4))
        expert.field_codes = sorted(f.code for f in chosen)
        expert.field_ids = [f.pk for f in chosen]
        links += [through(expert_id=expert.pk, industryfield_id=f.pk) for f in chosen]
        started = dt.date(s.rng.randrange(1995, s.first_year - 1), 9, 1)
        jobs.append(
            ExpertEmployment(expert=expert, organisation=expert.employer, started_on=started)
        )
        if s.chance(0.4):
            earlier = s.rng.choice(employers)
            if earlier.pk != expert.employer_id:
                jobs.append(
                    ExpertEmployment(
                        expert=expert,
                        organisation=earlier,
                        started_on=started.replace(year=started.year - s.rng.randint(4, 12)),
                        ended_on=started - dt.timedelta(days=1),
                    )
                )
        s.record(
            expert.created_at,
            s.province_users[0],
            "expert.create",
            "reviews.expert",
            expert.pk,
            expert.name,
            article="第十三条第3项",
            after={
                "name": expert.name,
                "employer": expert.employer.uscc,
                "title": expert.title,
                "user": expert.user.username,
                "fields": expert.field_codes,
            },
        )
    bulk(through, links)
    bulk(ExpertEmployment, jobs)
    s.experts = experts
    s.expert_persons = persons
    return experts


def set_passwords(s: Scale, password: str | None) -> None:
    """The benchmark's accounts log in with `password`; without one nobody can log in."""
    if not password:
        return
    for user in User.objects.filter(username__in=[*WELL_KNOWN, ADMIN]):
        user.set_password(password)
        user.save(update_fields=["password"])
