import pytest
from django.db import connection

from ticms.accounts import idnumbers
from ticms.accounts.models import Person
from ticms.accounts.services import people_bulk_upsert, person_upsert
from ticms.common.exceptions import ValidationFailed
from ticms.testing import factories as f

VALID = idnumbers.make_resident("32010219800101001")


def test_valid_resident_number():
    assert idnumbers.problem(VALID) is None
    assert idnumbers.problem(VALID.lower()) is None


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        (VALID[:-1] + ("0" if VALID[-1] != "0" else "1"), "校验位错误"),
        (idnumbers.make_resident("32010219801301001"), "出生日期无效"),
        (idnumbers.make_resident("32010219800230001"), "出生日期无效"),
        ("12345", "格式不正确"),
        ("32010219800101001Y", "第18位应为数字或X"),
    ],
)
def test_invalid_numbers(number, fragment):
    assert fragment in idnumbers.problem(number)


def test_passport_style_numbers_are_accepted():
    assert idnumbers.problem("E12345678") is None


def test_mask_keeps_only_the_ends():
    masked = idnumbers.mask(VALID)
    assert masked.startswith(VALID[:3]) and masked.endswith(VALID[-4:])
    assert VALID[3:-4] not in masked and len(masked) == len(VALID)


def test_hash_is_keyed(settings):
    first = idnumbers.id_hash(VALID)
    settings.ID_HASH_KEY = "another-key"
    assert idnumbers.id_hash(VALID) != first
    assert idnumbers.id_hash(VALID.lower()) == idnumbers.id_hash(VALID)


@pytest.mark.django_db
class TestPeople:
    def test_clear_number_is_never_stored(self):
        person = person_upsert(actor=f.province_user(), name="张三", id_number=VALID)
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM accounts_person WHERE id = %s", [person.pk])
            row = cursor.fetchone()
        assert all(VALID not in str(value) for value in row)
        assert person.id_masked == idnumbers.mask(VALID)

    def test_same_number_finds_the_same_person(self):
        actor = f.province_user()
        first = person_upsert(actor=actor, name="张三", id_number=VALID)
        again = person_upsert(actor=actor, name=" 张三 ", id_number=VALID.lower())
        assert again.pk == first.pk and Person.objects.count() == 1

    def test_a_number_with_another_name_is_refused_without_revealing_it(self):
        actor = f.province_user()
        person_upsert(actor=actor, name="张三", id_number=VALID)
        with pytest.raises(ValidationFailed) as exc:
            person_upsert(actor=f.city_user(), name="乱写", id_number=VALID)
        assert "姓名与证件号码不一致" in str(exc.value.errors["name"])
        assert "张三" not in str(exc.value.errors)

    def test_bad_number_refused(self):
        with pytest.raises(ValidationFailed) as exc:
            person_upsert(actor=f.province_user(), name="李四", id_number="123")
        assert "id_number" in exc.value.errors
        assert not Person.objects.exists()

    def test_bulk_upsert_reuses_known_people_and_reports_row_paths(self):
        actor = f.province_user()
        known = person_upsert(actor=actor, name="王五", id_number=VALID)
        other = idnumbers.make_resident("32010219900101002")
        people = people_bulk_upsert(
            actor=actor,
            rows=[
                {"name": "王五", "id_number": VALID},
                {"name": "赵六", "id_number": other},
                {"name": "钱七"},
            ],
        )
        assert people[0].pk == known.pk and people[1].pk and people[2].pk
        assert Person.objects.count() == 3
        with pytest.raises(ValidationFailed) as exc:
            people_bulk_upsert(actor=actor, rows=[{"name": "", "id_number": "bad"}])
        assert set(exc.value.errors) == {"rows[0].name", "rows[0].id_number"}

    def test_qualified_means_mid_senior_title_or_master(self):
        assert f.PersonFactory(title_level="intermediate", degree="bachelor").is_qualified
        assert f.PersonFactory(title_level="none", degree="master").is_qualified
        assert not f.PersonFactory(title_level="junior", degree="bachelor").is_qualified


@pytest.mark.parametrize(
    ("number", "masked"),
    [("E12345678", "*******78"), ("AB12345", "*******"), ("H1234567890123", "************23")],
)
def test_short_document_numbers_reveal_little(number, masked):
    assert idnumbers.mask(number) == masked
