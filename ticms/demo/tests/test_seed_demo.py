import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from ticms.accounts.models import Role, User
from ticms.centers.models import Center, CenterStatus
from ticms.common.audit import verify_chain
from ticms.establishment.models import Application, ApplicationStatus, Contract
from ticms.reporting.models import AnnualReport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _development(settings):
    settings.DEBUG = True  # seed_demo runs on development machines only


CITY_USERS = [
    "nanjing",
    "wuxi",
    "xuzhou",
    "changzhou",
    "suzhou",
    "nantong",
    "lianyungang",
    "huaian",
    "yancheng",
    "yangzhou",
    "zhenjiang",
    "taizhou",
    "suqian",
]


def test_seed_demo_builds_a_province_once(capsys):
    call_command("seed_demo")
    centers = list(Center.objects.select_related("city"))
    assert 10 <= len(centers) <= 15
    assert len({c.city_id for c in centers}) >= 8
    assert len({c.sub_field.category for c in centers}) >= 2
    statuses = {c.status for c in centers}
    assert {
        CenterStatus.CULTIVATING,
        CenterStatus.CONSTRUCTING,
        CenterStatus.OPERATING,
        CenterStatus.RECTIFYING,
    } <= statuses
    hq = [c for c in centers if c.branches.exists()]
    assert hq and hq[0].branches.count() >= 2

    expected = {"province", "admin", *CITY_USERS, "evaluator1", "expert1"}
    # One account per registry center of the demo (the center a contract just created is run
    # by its applicant's account).
    expected |= {f"center{n}" for n in range(1, 14)}
    assert expected <= set(User.objects.values_list("username", flat=True))
    login = RequestFactory().post("/accounts/login/")  # the login throttle needs a request
    for username in expected:
        assert authenticate(login, username=username, password="ticms-demo"), username
    # Only the system administrator uses Django's admin.
    assert set(User.objects.filter(is_staff=True).values_list("username", flat=True)) == {"admin"}
    # Each centerN account is the staff of its own center (第五条).
    for n, center in enumerate(Center.objects.order_by("pk")[:13], start=1):
        user = User.objects.get(username=f"center{n}")
        assert user.role == Role.CENTER and user.center_id == center.pk
        assert user.organisation_id == center.host_unit_id

    # Every center in the programme has its signed contract with 考核指标 targets (第十三条第4项).
    supported = [c for c in centers if c.status not in (CenterStatus.CULTIVATING,)]
    for center in supported:
        assert Contract.objects.get(center=center).targets.exists(), center
    # One application is approved and waits for its contract; one was contracted through the
    # whole road and its center's first report lays out the contract's targets.
    waiting = Application.objects.get(status=ApplicationStatus.APPROVED)
    assert waiting.notices.get().ends_on < timezone.localdate()
    contracted = Application.objects.get(status=ApplicationStatus.CONTRACTED)
    report = AnnualReport.objects.get(center=contracted.center)
    assert report.targets.count() == contracted.contract.targets.count() > 0

    assert verify_chain().ok
    before = (Center.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert "already" in capsys.readouterr().out
    assert (Center.objects.count(), User.objects.count()) == before
