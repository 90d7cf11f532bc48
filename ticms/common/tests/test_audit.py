import pytest
from django.core.management import call_command

from ticms.common.audit import audit_record, verify_chain
from ticms.common.models import AuditChainHead, AuditEvent
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    actor = f.province_user()
    org = f.OrganisationFactory()
    return [
        audit_record(
            actor=actor,
            action=f"test.step{i}",
            obj=org,
            before={"n": i},
            after={"n": i + 1, "amount": "12.50", "名称": "中文"},
            article="第七条",
        )
        for i in range(5)
    ]


def run_verify(capsys):
    try:
        call_command("verify_audit")
    except SystemExit as exc:
        return exc.code, capsys.readouterr()
    return 0, capsys.readouterr()


def test_intact_chain_verifies(chain, capsys):
    report = verify_chain()
    assert report.ok and report.checked == 5
    code, out = run_verify(capsys)
    assert code == 0 and "5 events verified" in out.out


def test_events_link_to_their_predecessor(chain):
    assert chain[0].prev_hash == "0" * 64
    for previous, current in zip(chain, chain[1:], strict=False):
        assert current.prev_hash == previous.hash and current.seq == previous.seq + 1


def test_altered_field_is_found_and_named(chain, capsys):
    AuditEvent.objects.filter(seq=3).update(comment="悄悄改了")
    report = verify_chain()
    assert not report.ok and report.broken_seq == 3 and "篡改" in report.problem
    code, out = run_verify(capsys)
    assert code == 1 and "#3" in out.err


def test_altered_json_payload_is_found(chain):
    AuditEvent.objects.filter(seq=2).update(after={"n": 999})
    assert verify_chain().broken_seq == 2


def test_removed_event_in_the_middle_is_found(chain, capsys):
    AuditEvent.objects.filter(seq=2)._raw_delete(AuditEvent.objects.db)
    report = verify_chain()
    assert not report.ok and report.broken_seq == 2 and "缺失" in report.problem
    assert run_verify(capsys)[0] == 1


def test_removed_last_event_is_found(chain):
    AuditEvent.objects.filter(seq=5)._raw_delete(AuditEvent.objects.db)
    report = verify_chain()
    assert not report.ok and report.broken_seq == 5


def test_recomputed_hash_without_the_key_does_not_pass(chain, settings):
    from ticms.common.audit import compute_hash

    event = AuditEvent.objects.get(seq=4)
    event.comment = "forged"
    settings.AUDIT_KEY = "attacker-guess"
    forged = compute_hash(event)
    settings.AUDIT_KEY = "dev-audit-key"
    AuditEvent.objects.filter(seq=4).update(comment="forged", hash=forged)
    assert verify_chain().broken_seq == 4


def test_events_cannot_be_changed_or_deleted_through_the_model(chain):
    event = chain[0]
    event.comment = "x"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_head_tracks_the_last_event(chain):
    head = AuditChainHead.objects.get(pk=1)
    assert head.last_seq == 5 and head.last_hash == chain[-1].hash


def test_empty_chain_is_intact(capsys):
    assert verify_chain().ok
    assert run_verify(capsys)[0] == 0


def test_audit_page_only_for_province_and_admin(client, chain):
    client.force_login(f.city_user())
    assert client.get("/system/audit/").status_code == 403
    client.force_login(f.province_user())
    response = client.get("/system/audit/")
    assert response.status_code == 200 and "test.step4" in response.content.decode()
    response = client.post("/system/audit/verify/")
    assert response.status_code == 302 and "/system/jobs/" in response["Location"]


def test_cutting_the_tail_and_rewinding_the_head_is_found(chain, capsys):
    """Without the audit key the head cannot be made to agree with a shortened chain."""
    AuditEvent.objects.filter(seq=5)._raw_delete(AuditEvent.objects.db)
    AuditChainHead.objects.filter(pk=1).update(last_seq=4, last_hash=chain[3].hash)
    report = verify_chain()
    assert not report.ok and report.broken_seq == 5 and "链头" in report.problem
    assert run_verify(capsys)[0] == 1


def test_deleted_head_with_events_is_found(chain):
    AuditChainHead.objects.all().delete()
    assert not verify_chain().ok


def test_audit_page_filters_and_links(client):
    from ticms.centers import services

    province = f.province_user(username="wang", display_name="王处长")
    center = f.CenterFactory(status="cultivating", name="过滤测试中心")
    services.center_update(
        actor=province, center_id=center.pk, changes={"research_directions": "新方向"}
    )
    f.OrganisationFactory()  # noise without events
    client.force_login(province)
    html = client.get("/system/audit/", {"action": "center.update"}).content.decode()
    assert f'href="/centers/{center.pk}/"' in html and "修改基本信息" in html
    assert "重点技术领域和研发方向：— → 新方向" in html
    html = client.get("/system/audit/", {"q": "不存在的对象"}).content.decode()
    assert "没有符合条件的事件" in html
    html = client.get("/system/audit/", {"actor": "wang", "date_from": "2000-01-01"}).content
    assert "过滤测试中心" in html.decode()
    assert client.get("/system/audit/", {"date_from": "bad", "page": "x"}).status_code == 200


def test_audit_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    province = f.province_user()
    org = f.OrganisationFactory()
    for i in range(40):
        audit_record(actor=province, action="test.x", obj=org, after={"n": i})
    client.force_login(province)
    # The first view after new events also catches the action filter up (common.selectors).
    with django_assert_max_num_queries(13):
        assert client.get("/system/audit/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/system/audit/").status_code == 200


def test_audit_page_links_records_only_for_who_can_open_them(client):
    """The system administrator reads the log but not the records: a link would only 404."""
    from ticms.centers import services

    province = f.province_user()
    center = f.CenterFactory(status="cultivating")
    services.center_update(
        actor=province, center_id=center.pk, changes={"research_directions": "新方向"}
    )
    link = f'href="/centers/{center.pk}/"'
    client.force_login(province)
    assert link in client.get("/system/audit/").content.decode()
    admin = f.role_user("sysadmin")
    client.force_login(admin)
    html = client.get("/system/audit/").content.decode()
    assert center.name in html and link not in html
    assert client.get(f"/centers/{center.pk}/").status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        {"actor_label": "别人"},
        {"action": "test.other"},
        {"object_type": "centers.center"},
        {"object_id": "999"},
        {"object_repr": "另一个对象"},
        {"article": "第八条"},
        {"before": {"n": -1}},
        {"comment": "补充"},
        {"note": [{"id": "x"}]},
        {"actor": None},
    ],
    ids=lambda change: next(iter(change)),
)
def test_every_hashed_field_is_checked(chain, change):
    AuditEvent.objects.filter(seq=4).update(**change)
    report = verify_chain()
    assert not report.ok and report.broken_seq == 4


def test_a_changed_time_is_found(chain):
    event = AuditEvent.objects.get(seq=2)
    AuditEvent.objects.filter(seq=2).update(occurred_at=event.occurred_at.replace(microsecond=1))
    assert verify_chain().broken_seq == 2


def test_progress_is_reported_while_walking(chain):
    seen = []
    assert verify_chain(progress=lambda done, total: seen.append((done, total)), every=2).ok
    assert seen == [(2, 5), (4, 5)]
