"""The audit log's free-text search: substring matches served by an index (FTS5 trigram on
SQLite, pg_trgm on PostgreSQL), kept current by every write, and a clear refusal of text too
short for the index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.common import audit_search
from ticms.common.audit import audit_record
from ticms.common.models import AuditEvent
from ticms.common.selectors import audit_events
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    actor = f.province_user()
    names = ["泰州动力电池创新中心", "苏州纳米材料中心", "Wuxi IoT Center"]
    made = []
    for name in names:
        org = f.OrganisationFactory(name=name)
        made.append(audit_record(actor=actor, action="test.touch", obj=org, after={}))
    made.append(
        audit_record(
            actor=actor,
            action="test.note",
            obj=f.OrganisationFactory(name="其他单位"),
            after={},
            comment="依据专家意见调整动力电池方向",
        )
    )
    return made


def found(text):
    return set(audit_events(q=text).values_list("seq", flat=True))


def test_object_and_comment_are_searched_by_substring(events):
    assert found("动力电池") == {events[0].seq, events[3].seq}
    assert found("纳米材料") == {events[1].seq}
    assert found("iot cen") == {events[2].seq}  # case does not matter
    assert found("不存在的中心") == set()


def test_three_characters_exactly_still_match(events):
    assert found("纳米材") == {events[1].seq}
    assert found("中心X") == set()


def test_the_index_follows_changed_and_deleted_rows(events):
    AuditEvent.objects.filter(pk=events[1].pk).update(object_repr="改名后的研究院")
    assert found("纳米材料") == set()
    assert found("改名后的研究") == {events[1].seq}
    AuditEvent.objects.filter(pk=events[0].pk)._raw_delete(AuditEvent.objects.db)
    assert found("动力电池") == {events[3].seq}


def test_quotes_and_operators_in_the_text_are_plain_text(events):
    for text in ['"动力电池', "动力 OR 纳米", "NEAR(动力)", "动力*电池", "a'b\"c"]:
        assert found(text) == set()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's index")
def test_sqlite_search_goes_through_the_trigram_index(events):
    with CaptureQueriesContext(connection) as ctx:
        list(audit_events(q="动力电池"))
    assert any(audit_search.FTS_TABLE in q["sql"] for q in ctx.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's index")
def test_postgres_has_trigram_indexes_matching_the_lookup():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'common_auditevent' "
            "AND indexdef LIKE '%%gin_trgm_ops%%'"
        )
        assert {row[0] for row in cursor.fetchall()} == {
            "audit_object_repr_trgm",
            "audit_comment_trgm",
        }


def test_page_refuses_text_too_short_for_the_index_and_says_so(client, events):
    client.force_login(f.province_user(username="reader"))
    html = client.get("/system/audit/", {"q": "动力"}).content.decode()
    assert "「对象」至少需要 3 个字" in html
    # The other filters still apply; the short text is not used.
    assert "纳米材料" in html
    html = client.get("/system/audit/", {"q": "纳米材"}).content.decode()
    assert "苏州纳米材料中心" in html and "泰州动力电池" not in html


def test_english_reader_gets_the_message_in_english(client, events):
    client.force_login(f.province_user(username="reader"))
    client.cookies["django_language"] = "en"
    html = client.get("/system/audit/", {"q": "x"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "at least 3 characters" in html
