"""A refused upload says how large it is in a way that differs from the limit."""

import pytest
from django.utils import translation

from ticms.common.exceptions import ValidationFailed
from ticms.common.files import MAX_ATTACHMENT_BYTES, fmt_size, uploaded_file_problem
from ticms.reporting.excel.upload import MAX_UPLOAD_BYTES, read_upload


class FakeUpload:
    def __init__(self, name: str, size: int):
        self.name, self.size = name, size

    def seek(self, _pos):
        pass

    def read(self, _n=-1):
        return b"%PDF-1.7"


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (21_000_000, "20.03 MB"),  # was "20.0MB", the limit's own figure
        (MAX_ATTACHMENT_BYTES + 1, "20,971,521 字节"),  # rounds to 20.00: in bytes
        (MAX_ATTACHMENT_BYTES + 5_000, "20,976,520 字节"),
        (MAX_ATTACHMENT_BYTES + 6_000, "20.01 MB"),
        (300 * 1024 * 1024, "300.00 MB"),
    ],
)
def test_an_attachment_over_the_limit_shows_a_size_unlike_the_limit(size, shown):
    with translation.override("zh-hans"):
        message = uploaded_file_problem(FakeUpload("a.pdf", size))
    limit = "20,971,520 字节" if "字节" in shown else "20 MB"
    assert message == f"文件不能超过 {limit}（当前为 {shown}）"


def test_a_file_at_the_limit_is_accepted():
    assert uploaded_file_problem(FakeUpload("a.pdf", MAX_ATTACHMENT_BYTES)) is None


def test_sizes_in_english():
    with translation.override("en"):
        size, limit = fmt_size(MAX_ATTACHMENT_BYTES + 1, MAX_ATTACHMENT_BYTES)
    assert size == "20,971,521 bytes" and limit == "20,971,520 bytes"


def test_an_excel_upload_over_the_limit_says_its_size():
    upload = FakeUpload("年度报告.xlsx", MAX_UPLOAD_BYTES + 1)
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as exc:
        read_upload(upload)
    [message] = exc.value.errors["file"]
    assert message == "文件不能超过 5,242,880 字节（当前为 5,242,881 字节）"
