import pytest

from ticms.accounts import uscc
from ticms.accounts.models import Organisation
from ticms.accounts.services import organisation_create
from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.common.models import AuditEvent
from ticms.testing import factories as f

# A code printed in GB 32100-2015 examples and widely used as a reference value.
KNOWN_VALID = "91350100M000100Y43"


def test_known_reference_code_is_valid():
    assert uscc.problem(KNOWN_VALID) is None


@pytest.mark.parametrize("body", ["91320100000000001", "11320000014000112", "52320100MJ5823441"])
def test_make_produces_valid_codes(body):
    assert uscc.problem(uscc.make(body)) is None


def test_wrong_check_character_is_refused_without_giving_the_answer_away():
    wrong = KNOWN_VALID[:-1] + ("4" if KNOWN_VALID[-1] != "4" else "5")
    message = uscc.problem(wrong)
    assert "校验位错误" in message
    # The right character ("3") is not revealed: the typo may be anywhere in the code.
    assert "3" not in message


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("9135010", "18位，当前为7位"),
        (KNOWN_VALID + "1", "当前为19位"),
        ("91350100M000100I43", "不允许的字符：I"),
        ("91350100M000100O43", "不允许的字符：O"),
        ("91A50100M000100Y43", "行政区划码"),
        ("", "当前为0位"),
    ],
)
def test_malformed_codes_get_a_clear_message(code, fragment):
    assert fragment in uscc.problem(code)


def test_lower_case_and_spaces_are_normalised():
    assert uscc.problem(" 91350100m000100y43 ") is None


def test_is_jiangsu_reads_the_division_code():
    assert uscc.is_jiangsu(uscc.make("91320500000000001"))
    assert not uscc.is_jiangsu(KNOWN_VALID)


@pytest.mark.django_db
class TestOrganisationCreate:
    def test_province_registers_with_normalised_code_and_audit(self):
        actor = f.province_user()
        code = uscc.make("91320100000000007").lower()
        org = organisation_create(
            actor=actor, name=" 测试公司 ", uscc_code=code, kind="enterprise", city=f.city()
        )
        assert org.uscc == code.upper() and org.name == "测试公司"
        event = AuditEvent.objects.get(action="organisation.create")
        assert event.after["uscc"] == org.uscc and event.actor == actor

    def test_bad_code_is_refused_and_nothing_is_saved(self):
        actor = f.province_user()
        bad = uscc.make("91320100000000007")[:-1] + "0"
        bad = bad if uscc.problem(bad) else bad[:-1] + "1"
        with pytest.raises(ValidationFailed) as exc:
            organisation_create(
                actor=actor, name="甲", uscc_code=bad, kind="enterprise", city=f.city()
            )
        assert "校验位错误" in exc.value.errors["uscc_code"][0]
        assert not Organisation.objects.filter(name="甲").exists()
        assert not AuditEvent.objects.filter(action="organisation.create").exists()

    def test_every_problem_is_reported_at_once(self):
        with pytest.raises(ValidationFailed) as exc:
            organisation_create(actor=f.province_user(), name="", uscc_code="", kind="x")
        assert set(exc.value.errors) == {"name", "uscc_code", "kind"}

    def test_duplicate_code_is_refused(self):
        org = f.OrganisationFactory()
        with pytest.raises(ValidationFailed) as exc:
            organisation_create(
                actor=f.province_user(),
                name="另一个",
                uscc_code=org.uscc,
                kind="enterprise",
                city=f.city(),
            )
        assert "已登记" in exc.value.errors["uscc_code"][0]

    def test_city_officer_only_in_own_city(self):
        officer = f.city_user("320100")
        with pytest.raises(PermissionDenied):
            organisation_create(
                actor=officer,
                name="苏州单位",
                uscc_code=uscc.make("91320500000000011"),
                kind="enterprise",
                city=f.city("320500"),
            )
        org = organisation_create(
            actor=officer,
            name="南京单位",
            uscc_code=uscc.make("91320100000000011"),
            kind="enterprise",
            city=f.city("320100"),
        )
        assert org.city.code == "320100"

    def test_code_of_another_citys_authority_is_refused(self):
        with pytest.raises(ValidationFailed) as exc:
            organisation_create(
                actor=f.province_user(),
                name="甲",
                uscc_code=uscc.make("91320500000000011"),
                kind="enterprise",
                city=f.city("320100"),
            )
        assert "不一致" in exc.value.errors["city"][0]
        # Codes of the provincial authority (3200xx) or of other provinces are not tied to a city.
        for body in ("91320000000000012", "91110000000000013"):
            organisation_create(
                actor=f.province_user(),
                name=body,
                uscc_code=uscc.make(body),
                kind="enterprise",
                city=f.city("320100"),
            )

    @pytest.mark.parametrize("kind", ["province_department", "city_bureau", "agency"])
    def test_administrative_organisations_are_left_to_the_administrator(self, kind):
        code = uscc.make("11320100000000021")
        with pytest.raises(ValidationFailed) as exc:
            organisation_create(
                actor=f.province_user(), name="乙", uscc_code=code, kind=kind, city=f.city("320100")
            )
        assert "kind" in exc.value.errors
        admin = f.UserFactory(role="sysadmin")
        assert (
            organisation_create(
                actor=admin, name="乙", uscc_code=code, kind=kind, city=f.city("320100")
            ).kind
            == kind
        )

    @pytest.mark.parametrize("role", ["center", "co_builder", "expert", "evaluator"])
    def test_other_roles_may_not_register(self, role):
        with pytest.raises(PermissionDenied):
            organisation_create(
                actor=f.role_user(role),
                name="X",
                uscc_code=uscc.make("91320100000000099"),
                kind="enterprise",
                city=f.city(),
            )
