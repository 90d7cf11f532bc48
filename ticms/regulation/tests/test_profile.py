"""Parsing the eligibility profile: every field optional, malformed input named by its path."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest

from ticms.accounts import idnumbers
from ticms.common.exceptions import ValidationFailed
from ticms.regulation.profile import (
    MISSING,
    SCHEMA,
    parse_profile,
    profile_json_schema,
)

from .profiles import GOOD_PROFILE, good_profile

# 320102 19800101 001 + check digit: a valid resident identity number (GB 11643-1999).
VALID_ID = idnumbers.make_resident("32010219800101001")


def errors_of(data) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as info:
        parse_profile(data)
    return info.value.errors


# --- absent / present --------------------------------------------------------------------------


def test_empty_profile_is_valid_and_every_field_is_missing():
    profile = parse_profile({})
    assert profile.as_of_given is None
    for section, fields in SCHEMA.items():
        assert not profile.has_section(section)
        for key in fields:
            assert profile.get(f"{section}.{key}") is MISSING


def test_null_field_and_null_section_count_as_absent():
    profile = parse_profile({"as_of": None, "center": {"rd_site_area_m2": None}, "team": None})
    assert profile.as_of_given is None
    assert profile.has_section("center")
    assert profile.get("center.rd_site_area_m2") is MISSING
    assert not profile.has_section("team")
    assert profile.get("team.members") is MISSING


def test_missing_is_falsy_and_distinct_from_false():
    profile = parse_profile({"center": {"registered_in_jiangsu": False}})
    assert profile.get("center.registered_in_jiangsu") is False
    assert profile.get("center.independent_legal_person") is MISSING
    assert not MISSING


def test_good_profile_parses_to_typed_values():
    profile = parse_profile(good_profile())
    assert profile.as_of_given == dt.date(2026, 6, 1)
    assert profile.get("center.operating_since") == dt.date(2025, 1, 15)
    assert profile.get("center.rd_site_area_m2") == Decimal("6000")
    assert profile.get("host_unit.rd_investment_wan_yuan") == {
        2022: Decimal("3100"),
        2023: Decimal("3200"),
        2024: Decimal("3300"),
        2025: Decimal("3400"),
    }
    assert profile.get("team.members") == 120
    assert isinstance(profile.get("team.members"), int)
    assert profile.get("center.co_builders")[0] == {
        "name": "南京市人民政府",
        "kind": "local_government",
    }


# --- amounts: exact ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (5000, Decimal("5000")),
        ("4999.99", Decimal("4999.99")),
        (" 4999.99 ", Decimal("4999.99")),
        (Decimal("4999.99"), Decimal("4999.99")),
        # A Python float is taken as written, not as its binary approximation.
        (0.1, Decimal("0.1")),
        ("0", Decimal("0")),
        (0, Decimal("0")),
    ],
)
def test_amount_accepts_numbers_and_decimal_strings_exactly(raw, expected):
    profile = parse_profile({"center": {"rd_site_area_m2": raw}})
    value = profile.get("center.rd_site_area_m2")
    assert isinstance(value, Decimal)
    assert value == expected


def test_amount_from_json_text_keeps_every_digit():
    # The API and the command decode with parse_float=Decimal; nothing is rounded via float.
    # 19 significant digits: a float would round this to 9999999999999.998 or so.
    data = json.loads(
        '{"center": {"instrument_value_wan_yuan": 9999999999999.999999}}', parse_float=Decimal
    )
    value = parse_profile(data).get("center.instrument_value_wan_yuan")
    assert value == Decimal("9999999999999.999999")
    assert value < 10**13


# --- malformed fields --------------------------------------------------------------------------

MALFORMED = [
    # wrong type
    ({"center": {"registered_in_jiangsu": "true"}}, "center.registered_in_jiangsu", "布尔"),
    ({"center": {"registered_in_jiangsu": 1}}, "center.registered_in_jiangsu", "布尔"),
    ({"team": {"has_transfer_team": "是"}}, "team.has_transfer_team", "布尔"),
    ({"center": {"rd_site_area_m2": True}}, "center.rd_site_area_m2", "数字"),
    ({"center": {"rd_site_area_m2": [5000]}}, "center.rd_site_area_m2", "数字"),
    ({"center": {"rd_site_area_m2": "abc"}}, "center.rd_site_area_m2", "不是有效的数字"),
    ({"center": {"rd_site_area_m2": ""}}, "center.rd_site_area_m2", "不是有效的数字"),
    ({"center": {"rd_site_area_m2": "NaN"}}, "center.rd_site_area_m2", "不是有效的数字"),
    ({"center": {"rd_site_area_m2": "Infinity"}}, "center.rd_site_area_m2", "不是有效的数字"),
    # A decimal comma must not silently become 499999; no grouping, no exponent.
    ({"center": {"rd_site_area_m2": "4999,99"}}, "center.rd_site_area_m2", "不是有效的数字"),
    ({"center": {"rd_site_area_m2": "5,000"}}, "center.rd_site_area_m2", "不是有效的数字"),
    ({"center": {"rd_site_area_m2": "5e3"}}, "center.rd_site_area_m2", "不是有效的数字"),
    ({"center": {"rd_site_area_m2": "５０００"}}, "center.rd_site_area_m2", "不是有效的数字"),
    ({"region": {"prior_investment_wan_yuan": 1e20}}, "region.prior_investment_wan_yuan", "数字"),
    ({"center": {"operating_since": 20250501}}, "center.operating_since", "YYYY-MM-DD"),
    ({"team": {"members": "100"}}, "team.members", "整数"),
    ({"team": {"members": True}}, "team.members", "整数"),
    ({"team": {"members": [100]}}, "team.members", "整数"),
    ({"layout": {"director_id_number": 320102}}, "layout.director_id_number", "证件号码"),
    ({"center": {"co_builders": {"name": "x"}}}, "center.co_builders", "数组"),
    (
        {"host_unit": {"rd_investment_wan_yuan": [3000, 3000, 3000]}},
        "host_unit.rd_investment_wan_yuan",
        "年份",
    ),
    ({"layout": {"team_id_numbers": VALID_ID}}, "layout.team_id_numbers", "数组"),
    # negative
    ({"center": {"rd_site_area_m2": -1}}, "center.rd_site_area_m2", "负数"),
    (
        {"center": {"instrument_value_wan_yuan": "-0.01"}},
        "center.instrument_value_wan_yuan",
        "负数",
    ),
    (
        {"region": {"planned_investment_wan_yuan": Decimal("-20000")}},
        "region.planned_investment_wan_yuan",
        "负数",
    ),
    ({"team": {"members": -1}}, "team.members", "负数"),
    (
        {"host_unit": {"rd_investment_wan_yuan": {"2024": -5}}},
        "host_unit.rd_investment_wan_yuan.2024",
        "负数",
    ),
    # not a whole number where a count is meant
    ({"team": {"members": 99.5}}, "team.members", "整数"),
    ({"team": {"members": Decimal("99.5")}}, "team.members", "整数"),
    ({"team": {"rd_staff": Decimal("0.1")}}, "team.rd_staff", "整数"),
    # bad dates
    ({"center": {"operating_since": "2025-02-30"}}, "center.operating_since", "不是有效的日期"),
    ({"center": {"operating_since": "2023-02-29"}}, "center.operating_since", "不是有效的日期"),
    ({"center": {"operating_since": "2025/05/01"}}, "center.operating_since", "YYYY-MM-DD"),
    ({"center": {"operating_since": "2025-5-1"}}, "center.operating_since", "YYYY-MM-DD"),
    ({"center": {"operating_since": "2025-05-01T00:00"}}, "center.operating_since", "YYYY-MM-DD"),
    ({"as_of": "2026-13-01"}, "as_of", "不是有效的日期"),
    ({"as_of": "tomorrow"}, "as_of", "YYYY-MM-DD"),
    # unknown field
    ({"centre": {}}, "centre", "未知字段"),
    ({"center": {"rd_site_area": 5000}}, "center.rd_site_area", "未知字段"),
    ({"team": {"members": 100, "interns": 3}}, "team.interns", "未知字段"),
    # wrong shape of a section or of the whole
    ({"center": [1, 2]}, "center", "JSON 对象"),
    ({"team": "many"}, "team", "JSON 对象"),
    ([], "(root)", "JSON 对象"),
    ("profile", "(root)", "JSON 对象"),
    # elements of lists and year maps
    ({"center": {"co_builders": ["南京市人民政府"]}}, "center.co_builders[0]", "name 与 kind"),
    (
        {"center": {"co_builders": [{"name": "a", "kind": "city"}]}},
        "center.co_builders[0].kind",
        "local_government",
    ),
    (
        {"center": {"co_builders": [{"name": "a"}]}},
        "center.co_builders[0].kind",
        "local_government",
    ),
    # An unhashable kind used to raise TypeError (a 500) instead of naming the field.
    (
        {"center": {"co_builders": [{"name": "a", "kind": ["local_government"]}]}},
        "center.co_builders[0].kind",
        "local_government",
    ),
    (
        {"center": {"co_builders": [{"name": "a", "kind": {"k": 1}}]}},
        "center.co_builders[0].kind",
        "local_government",
    ),
    (
        {"center": {"co_builders": [{"name": "  ", "kind": "park"}]}},
        "center.co_builders[0].name",
        "非空",
    ),
    (
        {"center": {"co_builders": [{"name": "x" * 201, "kind": "park"}]}},
        "center.co_builders[0].name",
        "200",
    ),
    (
        {"center": {"co_builders": [{"name": "a", "kind": "park", "share": 1}]}},
        "center.co_builders[0].share",
        "未知字段",
    ),
    # One unit listed twice is not two co-builders (第十二条第1项 needs at least two).
    (
        {
            "center": {
                "co_builders": [
                    {"name": "苏州市人民政府", "kind": "local_government"},
                    {"name": " 苏州市人民政府 ", "kind": "local_government"},
                ]
            }
        },
        "center.co_builders[1].name",
        "与 center.co_builders[0] 重复",
    ),
    (
        {"host_unit": {"rd_investment_wan_yuan": {"24": 3000}}},
        "host_unit.rd_investment_wan_yuan.24",
        "四位数字",
    ),
    (
        {"host_unit": {"rd_investment_wan_yuan": {"1899": 3000}}},
        "host_unit.rd_investment_wan_yuan.1899",
        "四位数字",
    ),
    # Years must be four ASCII digits and nothing else.
    (
        {"host_unit": {"rd_investment_wan_yuan": {"2024\n": 3000}}},
        "host_unit.rd_investment_wan_yuan.2024\n",
        "四位数字",
    ),
    (
        {"host_unit": {"rd_investment_wan_yuan": {"２０２４": 3000}}},
        "host_unit.rd_investment_wan_yuan.２０２４",
        "四位数字",
    ),
    (
        {"host_unit": {"rd_investment_wan_yuan": {"2024": "三千"}}},
        "host_unit.rd_investment_wan_yuan.2024",
        "不是有效的数字",
    ),
    ({"layout": {"team_id_numbers": [VALID_ID, "12"]}}, "layout.team_id_numbers[1]", "格式"),
    ({"layout": {"team_id_numbers": [None]}}, "layout.team_id_numbers[0]", "证件号码"),
    # ID numbers: wrong check digit, impossible birth date
    (
        {"layout": {"director_id_number": VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1")}},
        "layout.director_id_number",
        "校验位",
    ),
    (
        {"layout": {"executive_director_id_number": idnumbers.make_resident("32010219800230001")}},
        "layout.executive_director_id_number",
        "出生日期",
    ),
    ({"layout": {"director_id_number": "AB-12345"}}, "layout.director_id_number", "格式"),
]


@pytest.mark.parametrize(
    ("data", "path", "fragment"),
    MALFORMED,
    ids=[f"{i}-{case[1]}" for i, case in enumerate(MALFORMED)],
)
def test_malformed_field_is_an_error_naming_its_path(data, path, fragment):
    errors = errors_of(data)
    assert path in errors, errors
    assert any(fragment in message for message in errors[path]), errors[path]


@pytest.mark.parametrize(
    ("part_key", "whole_key", "part", "whole"),
    [
        ("full_time_members", "members", 101, 100),
        ("rd_staff", "members", 101, 100),
        ("rd_staff_qualified", "rd_staff", 81, 80),
    ],
)
def test_part_larger_than_its_whole_is_an_error(part_key, whole_key, part, whole):
    errors = errors_of({"team": {part_key: part, whole_key: whole}})
    assert list(errors) == [f"team.{part_key}"]
    message = errors[f"team.{part_key}"][0]
    assert f"team.{part_key}（{part}）" in message
    assert f"team.{whole_key}（{whole}）" in message


def test_part_equal_to_its_whole_is_valid():
    profile = parse_profile(
        {
            "team": {
                "members": 100,
                "full_time_members": 100,
                "rd_staff": 100,
                "rd_staff_qualified": 100,
            }
        }
    )
    assert profile.get("team.full_time_members") == 100


def test_part_without_its_whole_is_not_compared():
    profile = parse_profile({"team": {"full_time_members": 5000}})
    assert profile.get("team.full_time_members") == 5000
    assert profile.get("team.members") is MISSING


def test_every_error_is_reported_at_once():
    errors = errors_of(
        {
            "as_of": "2026-02-30",
            "extra": 1,
            "center": {"rd_site_area_m2": -5, "registered_in_jiangsu": "yes"},
            "team": {"members": 1.5},
        }
    )
    assert set(errors) == {
        "as_of",
        "extra",
        "center.rd_site_area_m2",
        "center.registered_in_jiangsu",
        "team.members",
    }


def test_count_given_as_whole_decimal_is_an_integer():
    # JSON 100.0 decodes (parse_float=Decimal) to Decimal("100.0"): a whole number.
    profile = parse_profile({"team": {"members": Decimal("100.0"), "rd_staff": 80.0}})
    assert profile.get("team.members") == 100
    assert isinstance(profile.get("team.members"), int)
    assert profile.get("team.rd_staff") == 80


def test_year_amount_null_is_left_out():
    profile = parse_profile({"host_unit": {"rd_investment_wan_yuan": {"2024": None, "2025": 1}}})
    assert profile.get("host_unit.rd_investment_wan_yuan") == {2025: Decimal(1)}


def test_id_numbers_are_normalised_and_deduplicated():
    # A resident number ending in X, written in lower case with spaces, is the same number.
    with_x = next(
        idnumbers.make_resident(f"320102198001010{n:02d}")
        for n in range(100)
        if idnumbers.make_resident(f"320102198001010{n:02d}").endswith("X")
    )
    spaced = f" {with_x[:6]} {with_x[6:-1]}{with_x[-1].lower()} "
    profile = parse_profile(
        {
            "layout": {
                "director_id_number": spaced,
                "team_id_numbers": [with_x, spaced, VALID_ID, "e1234567"],
            }
        }
    )
    assert profile.get("layout.director_id_number") == with_x
    assert profile.get("layout.team_id_numbers") == [with_x, VALID_ID, "E1234567"]


def test_co_builder_name_is_stripped():
    profile = parse_profile({"center": {"co_builders": [{"name": " 园区 ", "kind": "park"}]}})
    assert profile.get("center.co_builders") == [{"name": "园区", "kind": "park"}]


@pytest.mark.django_db
def test_sub_field_is_resolved_from_the_catalogue():
    field = parse_profile({"layout": {"sub_field": " E0201 "}}).get("layout.sub_field")
    assert field.code == "E0201"
    assert field.name == "工业母机"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["X9999", "E02", "", 201])
def test_unknown_or_top_level_sub_field_is_an_error(code):
    # E02 (高端装备) is a field, not a sub-field: 第四条 compares sub-fields.
    errors = errors_of({"layout": {"sub_field": code}})
    assert list(errors) == ["layout.sub_field"]


# --- the published JSON Schema matches the parser ---------------------------------------------


def _non_null(node):
    """Every field is nullable (null means "not given"): unwrap anyOf[schema, null]."""
    options = node["anyOf"]
    assert {"type": "null"} in options
    (schema,) = [o for o in options if o != {"type": "null"}]
    return schema


def test_json_schema_lists_exactly_the_parsed_fields():
    schema = profile_json_schema()
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == {"as_of", *SCHEMA}
    for section, fields in SCHEMA.items():
        node = _non_null(schema["properties"][section])
        assert node["additionalProperties"] is False
        assert set(node["properties"]) == set(fields)
        for key in fields:
            _non_null(node["properties"][key])


def test_json_schema_amount_pattern_agrees_with_the_parser():
    center = _non_null(profile_json_schema()["properties"]["center"])
    pattern = _non_null(center["properties"]["rd_site_area_m2"])
    string_pattern = next(o["pattern"] for o in pattern["oneOf"] if o["type"] == "string")
    for text in ["5000", "4999.99", " 12 "]:
        assert re.match(string_pattern, text)
        parse_profile({"center": {"rd_site_area_m2": text}})
    for text in ["4999,99", "5e3", "-1", "abc"]:
        assert not re.match(string_pattern, text)
        with pytest.raises(ValidationFailed):
            parse_profile({"center": {"rd_site_area_m2": text}})


def test_good_profile_fixture_is_itself_valid():
    # Guards the other test modules: their base profile must parse without errors.
    assert parse_profile(GOOD_PROFILE).has_section("team")


def test_duplicate_keys_are_refused_with_their_name():
    from ticms.regulation.profile import decode_profile_json

    with pytest.raises(ValidationFailed) as exc:
        decode_profile_json('{"team": {"members": 50, "members": 150}}')
    assert "members" in exc.value.errors["(root)"][0]
    assert decode_profile_json('{"team": {"members": 150}}') == {"team": {"members": 150}}


@pytest.mark.django_db
def test_inactive_sub_field_is_refused():
    from ticms.catalog.models import IndustryField

    IndustryField.objects.filter(code="E0201").update(is_active=False)
    with pytest.raises(ValidationFailed) as exc:
        parse_profile({"layout": {"sub_field": "E0201"}})
    assert "layout.sub_field" in exc.value.errors


@pytest.mark.parametrize("path", ["as_of", "center.operating_since"])
def test_dates_beyond_2100_are_refused_not_a_crash(path):
    section, _sep, key = path.partition(".")
    data = {"as_of": "9999-06-01"} if not key else {section: {key: "9999-06-01"}}
    with pytest.raises(ValidationFailed) as exc:
        parse_profile(data)
    assert path in exc.value.errors


def test_amounts_with_more_than_six_decimals_are_refused():
    with pytest.raises(ValidationFailed) as exc:
        parse_profile(
            {"host_unit": {"rd_investment_wan_yuan": {"2025": "2999.99999999999999999999999999"}}}
        )
    assert "host_unit.rd_investment_wan_yuan.2025" in exc.value.errors
    parse_profile({"center": {"rd_site_area_m2": "4999.999999"}})
