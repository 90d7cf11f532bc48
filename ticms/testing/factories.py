"""factory_boy factories: valid USCCs and ID numbers, users bound to their scope."""

from __future__ import annotations

import itertools

import factory

from ticms.accounts import idnumbers, uscc
from ticms.accounts.models import City, Organisation, Person, Role, User
from ticms.catalog.models import ExistingPlatform, IndustryField
from ticms.centers.models import Center, CenterCoBuilder, TeamMember

PASSWORD = "test-pass-123"
_uscc_serial = itertools.count(1)
_id_serial = itertools.count(1)


def make_uscc(city_code: str = "320100") -> str:
    return uscc.make(f"91{city_code}{next(_uscc_serial):09d}")


def make_id_number() -> str:
    # 320102 + birth date + 3-digit serial: distinct and valid (GB 11643 check digit).
    n = next(_id_serial)
    return idnumbers.make_resident(
        f"3201021980{1 + n // 28 % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    )


def city(code: str = "320100") -> City:
    return City.objects.get(code=code)


def sub_field(code: str = "E0201") -> IndustryField:
    return IndustryField.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = "enterprise"
    city = factory.LazyFunction(lambda: city("320100"))
    uscc = factory.LazyAttribute(lambda o: make_uscc(o.city.code if o.city else "320100"))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    class Params:
        id_number = factory.LazyFunction(make_id_number)

    name = factory.Sequence(lambda n: f"人员{n}")
    id_hash = factory.LazyAttribute(lambda o: idnumbers.id_hash(o.id_number))
    id_masked = factory.LazyAttribute(lambda o: idnumbers.mask(o.id_number))
    title_level = "intermediate"
    degree = "master"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.PROVINCE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def province_user(**kw) -> User:
    return UserFactory(role=Role.PROVINCE, **kw)


def city_user(code: str = "320100", **kw) -> User:
    return UserFactory(role=Role.CITY, city=city(code), **kw)


def center_user(organisation: Organisation, **kw) -> User:
    return UserFactory(role=Role.CENTER, organisation=organisation, **kw)


def co_builder_user(organisation: Organisation, **kw) -> User:
    return UserFactory(role=Role.CO_BUILDER, organisation=organisation, **kw)


def role_user(role: str, **kw) -> User:
    if role == Role.CITY:
        return city_user(**kw)
    if role in (Role.CENTER, Role.CO_BUILDER, Role.EVALUATOR):
        return UserFactory(role=role, organisation=OrganisationFactory(), **kw)
    return UserFactory(role=role, **kw)


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center

    code = factory.Sequence(lambda n: f"TIC-T-{n:04d}")
    name = factory.Sequence(lambda n: f"测试技术创新中心{n}")
    city = factory.LazyFunction(lambda: city("320100"))
    host_unit = factory.LazyAttribute(
        lambda o: OrganisationFactory(kind="new_rd_institution", city=o.city)
    )
    sub_field = factory.LazyFunction(lambda: sub_field("E0201"))
    status = "operating"


class CoBuilderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CenterCoBuilder

    center = factory.SubFactory(CenterFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind="local_government")
    kind = "local_government"


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    center = factory.SubFactory(CenterFactory)
    person = factory.SubFactory(PersonFactory)
    team = "core_rd"
    full_time = True
    is_rd_staff = True


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExistingPlatform

    name = factory.Sequence(lambda n: f"江苏省测试产业创新中心{n}")
    kind = "industry_innovation_center"
    sub_field = factory.LazyFunction(lambda: sub_field("E0303"))
