"""The hand-written checks of 统一社会信用代码 (GB 32100-2015) and resident ID numbers (GB
11643-1999) are kept on purpose: python-stdnum agrees on every digit-led code, but refuses valid
codes that these accept. Each code below is complete, check character included."""

import pytest

from ticms.accounts import idnumbers, uscc
from ticms.accounts.services import organisation_create, person_upsert
from ticms.testing import factories as f

# GB 32100 registration authorities with a letter: A (军队编制部门), N (农业农村部门, collective
# economic organisations), Y (other authorities).
LETTER_LED_USCC = [
    "N2320581MA0000001R",  # 村级集体经济组织, 常熟市
    "N1321102MC00000182",  # 组级集体经济组织, 京口区
    "A1320000MB0000013E",  # 军队事业单位
    "Y1320500MJ0000019L",  # 其他
]

# Numbers are issued where a person lives: the area code may be younger than the person.
AREA_YOUNGER_THAN_BIRTH = [
    "320115198003150022",  # 江宁区 (2000), born 1980
    "320509197501010030",  # 吴江区 (2012), born 1975
    "320214197006010046",  # 新吴区 (2015), born 1970
    "320612198509090053",  # 通州区 (2009), born 1985
]


@pytest.mark.parametrize("code", LETTER_LED_USCC)
def test_letter_led_codes_are_valid(code):
    assert uscc.problem(code) is None


@pytest.mark.parametrize("code", LETTER_LED_USCC)
def test_a_wrong_check_character_in_a_letter_led_code_is_still_caught(code):
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert "校验位错误" in uscc.problem(wrong)


@pytest.mark.django_db
def test_a_village_collective_is_registered():
    org = organisation_create(
        actor=f.province_user(),
        name="常熟市某村股份经济合作社",
        uscc_code=LETTER_LED_USCC[0],
        kind="enterprise",
        city=f.city("320500"),
    )
    assert org.uscc == LETTER_LED_USCC[0]


@pytest.mark.parametrize("number", AREA_YOUNGER_THAN_BIRTH)
def test_an_area_code_younger_than_the_person_is_valid(number):
    assert idnumbers.problem(number) is None


@pytest.mark.django_db
def test_such_a_person_is_registered():
    person = person_upsert(
        actor=f.province_user(), name="李四", id_number=AREA_YOUNGER_THAN_BIRTH[2]
    )
    assert person.id_masked == idnumbers.mask(AREA_YOUNGER_THAN_BIRTH[2])
