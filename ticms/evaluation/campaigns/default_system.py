"""The default indicator system: the seven areas 第二十四条 names, as data (names stay in Chinese:
they are records, like a center's name). The regulation fixes no weights or thresholds; these
are a starting point the province revises as a new version."""

# ruff: noqa: E501  (a table of data, one indicator per line pair)
from __future__ import annotations

Q, J = "quantitative", "qualitative"
A24 = "第二十四条"

# fmt: off
DEFAULT_SYSTEM = {
    "code": "jstic",
    "name": "江苏省技术创新中心绩效评估指标体系",
    "description": "按第二十四条所列七个方面设置，主要以年度报告中的客观数据为依据，定性与定量相结合。",
    "indicators": [
        {"code": "A", "name": "承担国家重大科技任务", "weight": "15", "children": [
            {"code": "A1", "name": "承担国家级项目数", "weight": "50", "kind": Q,
             "method": "linear", "sources": ["projects.national.count"], "floor": "0", "target": "5"},
            {"code": "A2", "name": "国家级项目经费", "weight": "50", "kind": Q,
             "method": "rank", "sources": ["projects.national.budget"]},
        ]},
        {"code": "B", "name": "实施关键技术攻关", "weight": "15", "children": [
            {"code": "B1", "name": "发明专利授权数", "weight": "50", "kind": Q,
             "method": "linear", "sources": ["ip.inventions_granted"], "floor": "0", "target": "20"},
            {"code": "B2", "name": "研发投入", "weight": "30", "kind": Q,
             "method": "rank", "sources": ["rd_input.total"]},
            {"code": "B3", "name": "关键核心技术攻关成效", "weight": "20", "kind": J,
             "guidance": "突破的关键核心技术及其水平，依据自评报告与佐证材料评分"},
        ]},
        {"code": "C", "name": "引领行业技术进步", "weight": "15", "children": [
            {"code": "C1", "name": "主持或参与制定国际标准和国家标准数", "weight": "60",
             "kind": Q, "method": "bands", "sources": ["ip.standards_national"],
             "bands": [["1", "60"], ["3", "80"], ["5", "100"]]},
            {"code": "C2", "name": "对行业技术进步的引领作用", "weight": "40", "kind": J},
        ]},
        {"code": "D", "name": "转化重大科技成果", "weight": "15", "children": [
            {"code": "D1", "name": "技术合同成交额", "weight": "40", "kind": Q,
             "method": "rank", "sources": ["contracts.amount"]},
            {"code": "D2", "name": "成果转化金额", "weight": "30", "kind": Q,
             "method": "linear", "sources": ["transfers.amount"], "floor": "0", "target": "1000"},
            {"code": "D3", "name": "在省内转化成果数", "weight": "30", "kind": Q,
             "method": "bands", "sources": ["transfers.in_province_count"],
             "bands": [["1", "40"], ["3", "70"], ["5", "100"]]},
        ]},
        {"code": "E", "name": "集聚高端人才队伍", "weight": "10", "children": [
            {"code": "E1", "name": "博士学位人员数", "weight": "50", "kind": Q,
             "method": "linear", "sources": ["people.*.doctorate"], "aggregate": "latest",
             "floor": "0", "target": "30"},
            {"code": "E2", "name": "高级职称人员数", "weight": "50", "kind": Q,
             "method": "linear", "sources": ["people.*.senior_title"], "aggregate": "latest",
             "floor": "0", "target": "40"},
        ]},
        {"code": "F", "name": "服务产业创新发展", "weight": "15", "children": [
            {"code": "F1", "name": "市场化收入", "weight": "40", "kind": Q, "method": "rank",
             "sources": ["income.contract_rd", "income.tech_transfer", "income.tech_services",
                         "income.other_market"]},
            {"code": "F2", "name": "服务外部用户数", "weight": "30", "kind": Q,
             "method": "linear", "sources": ["instruments.external_users"], "floor": "0",
             "target": "100"},
            {"code": "F3", "name": "服务产业创新发展成效", "weight": "30", "kind": J},
        ]},
        {"code": "G", "name": "培育孵化科技企业", "weight": "15", "children": [
            {"code": "G1", "name": "孵化企业数", "weight": "40", "kind": Q, "method": "linear",
             "sources": ["enterprises.incubated"], "floor": "0", "target": "10"},
            {"code": "G2", "name": "衍生企业数", "weight": "30", "kind": Q, "method": "bands",
             "sources": ["enterprises.spin_offs"], "bands": [["1", "50"], ["3", "80"], ["5", "100"]]},
            {"code": "G3", "name": "其中：高新技术企业数", "weight": "30", "kind": Q,
             "method": "linear", "sources": ["enterprises.high_tech"], "floor": "0", "target": "5"},
        ]},
    ],
}
# fmt: on
