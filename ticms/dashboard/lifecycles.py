"""The lifecycle documentation, generated from the transition tables so it cannot drift."""

from django.utils import translation

from ticms.centers.workflow import CENTER_WORKFLOW
from ticms.establishment.workflow import APPLICATION_WORKFLOW, GUIDE_WORKFLOW, OBJECTION_WORKFLOW
from ticms.evaluation.campaigns.workflow import CAMPAIGN_WORKFLOW, ENTRY_WORKFLOW
from ticms.evaluation.dynamic.workflow import DECISION_WORKFLOW
from ticms.evaluation.workflow_acceptance import ACCEPTANCE_WORKFLOW
from ticms.matters.workflow import CHANGE_REQUEST_WORKFLOW, MAJOR_MATTER_WORKFLOW
from ticms.reporting.workflow import ANNUAL_REPORT_WORKFLOW
from ticms.reviews.workflow import ASSIGNMENT_WORKFLOW, PANEL_WORKFLOW

WORKFLOWS = [
    (GUIDE_WORKFLOW, "Guide (第十一条、第十三条第1项)"),
    (APPLICATION_WORKFLOW, "Application (第八条第2项、第十三条)"),
    (PANEL_WORKFLOW, "Expert panel (第十三条第3项)"),
    (ASSIGNMENT_WORKFLOW, "Expert assignment (第十三条第3项)"),
    (OBJECTION_WORKFLOW, "Objection to a public notice (第十三条第4项)"),
    (CENTER_WORKFLOW, "Center (第五、六、七、十三、二十五条)"),
    (ANNUAL_REPORT_WORKFLOW, "Annual report (第二十二条)"),
    (MAJOR_MATTER_WORKFLOW, "Major-matter report (第二十三条)"),
    (CHANGE_REQUEST_WORKFLOW, "Change request (第七条第2项、第八条第3项、第二十三条)"),
    (ACCEPTANCE_WORKFLOW, "Acceptance (第七条第2、3项、第八条第3项)"),
    (DECISION_WORKFLOW, "Dynamic-management decision (第二十五条)"),
    (CAMPAIGN_WORKFLOW, "Evaluation campaign (第二十四、二十五条)"),
    (ENTRY_WORKFLOW, "A center in an evaluation campaign (第八条第5项、第九条第4项、第二十五条)"),
]


def render_markdown() -> str:
    with translation.override("zh-hans"):
        out = [
            "# Lifecycles",
            "",
            "Generated from the transition tables by `python manage.py lifecycle_docs`; "
            "a test fails when this file and the tables disagree.",
        ]
        for workflow, title in WORKFLOWS:
            out += [
                "",
                f"## {title}",
                "",
                "```mermaid",
                workflow.mermaid(),
                "```",
                "",
                "| action | label | from | to | who | article | parameters |",
                "| --- | --- | --- | --- | --- | --- | --- |",
            ]
            for t in workflow.transitions:
                roles = ", ".join(sorted(str(r) for r in t.roles))
                if t.via:
                    roles += f" (only with `{t.via}`)"
                params = ", ".join(p.name for p in t.params)
                if t.comment_required:
                    params = ", ".join(filter(None, [params, "comment"]))
                out.append(
                    f"| `{t.action}` | {t.label} | {', '.join(t.sources)} | {t.target} | "
                    f"{roles} | {t.article} | {params or '—'} |"
                )
        return "\n".join(out) + "\n"
