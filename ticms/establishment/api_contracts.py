"""Contracts and their 考核指标 targets (第十三条第4项), read-only, scoped like the registry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ticms.common.api_schemas import ErrorOut, ValidationErrorOut
from ticms.common.paging import slice_by_pk

from . import selectors_notices as selectors

router = Router(tags=["contracts"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


class ContractTargetOut(Schema):
    name: str
    unit: str
    baseline: Decimal | None
    target_value: Decimal
    target_year: int


class ContractOut(Schema):
    id: int
    number: str
    center_id: int
    center_code: str
    center_name: str
    city: str
    application_code: str | None
    signed_on: dt.date
    construction_years: int
    construction_starts_on: dt.date
    construction_ends_on: dt.date
    rule_set_code: str


class ContractDetailOut(ContractOut):
    targets: list[ContractTargetOut]


class ContractPage(Schema):
    count: int
    items: list[ContractOut]


class ContractQuery(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


def _out(contract) -> dict:
    center = contract.center
    return {
        "id": contract.pk,
        "number": contract.number,
        "center_id": center.pk,
        "center_code": center.code,
        "center_name": center.name,
        "city": center.city.code,
        "application_code": contract.application.code if contract.application_id else None,
        "signed_on": contract.signed_on,
        "construction_years": contract.construction_years,
        "construction_starts_on": contract.construction_starts_on,
        "construction_ends_on": contract.construction_ends_on,
        "rule_set_code": contract.rule_set_code,
    }


@router.get("/contracts", response={200: ContractPage, **READ})
def contract_list(request: HttpRequest, query: Query[ContractQuery]):
    """The contracts of the centers the caller sees, the latest first."""
    qs = selectors.contract_list(user=request.auth)
    items = slice_by_pk(qs, query.offset, query.offset + query.limit)
    return {"count": qs.count(), "items": [_out(c) for c in items]}


@router.get("/contracts/{contract_id}", response={200: ContractDetailOut, **READ})
def contract_detail(request: HttpRequest, contract_id: int):
    contract = selectors.contract_by_id(user=request.auth, pk=contract_id)
    return {
        **_out(contract),
        "targets": [
            {
                "name": t.name,
                "unit": t.unit,
                "baseline": t.baseline,
                "target_value": t.target_value,
                "target_year": t.target_year,
            }
            for t in contract.targets.all()
        ],
    }
