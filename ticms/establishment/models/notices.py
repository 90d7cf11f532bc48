"""Public notice (第十三条第4项): the notice of an approval and the objections raised during it,
with their handling."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .applications import Application


class PublicNotice(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="notices")
    title = models.CharField(_("公示标题"), max_length=300)
    body = models.TextField(_("公示内容"))
    starts_on = models.DateField(_("公示开始日期"))
    ends_on = models.DateField(_("公示截止日期"))
    workdays = models.PositiveSmallIntegerField(_("公示期（工作日）"))
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("公示")
        verbose_name_plural = _("公示")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:notice_detail", args=[self.pk])

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


def stamp_path(instance, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"objections/{instance.notice_id}/{instance.stamp_sha256}.{suffix}"


# Receipt numbers: no 0/O, 1/I/L to misread when quoted on the phone or copied by hand.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 12


class Objection(models.Model):
    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("notice",)

    notice = models.ForeignKey(PublicNotice, on_delete=models.PROTECT, related_name="objections")
    # Random, so it tells nothing of how many objections there are (unlike the primary key).
    receipt_no = models.CharField(
        _("受理编号"), max_length=RECEIPT_LENGTH, unique=True, editable=False
    )
    name = models.CharField(_("异议人姓名"), max_length=100, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    unit_name = models.CharField(_("单位名称"), max_length=200, blank=True)
    stamp = models.FileField(_("单位盖章文件"), upload_to=stamp_path, blank=True, max_length=300)
    stamp_sha256 = models.CharField(max_length=64, blank=True)
    content = models.TextField(_("异议内容"))
    submitted_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    status = models.CharField(
        _("处理结果"),
        max_length=20,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.PENDING,
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    handling_reason = models.TextField(_("处理理由"), blank=True)

    class Meta:
        ordering = ["notice", "submitted_at", "pk"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        constraints = [
            # Real name and contact, or a unit with its stamp: never anonymous.
            models.CheckConstraint(
                name="objection_not_anonymous",
                condition=(~Q(name="") & ~Q(contact="")) | (~Q(unit_name="") & ~Q(stamp_sha256="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice} · {self.receipt_no}"
