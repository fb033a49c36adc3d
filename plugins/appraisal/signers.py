"""Who signs an SKP and its evaluations (DOMAIN 3, "Who signs").

Each of the two signing steps, the appraiser's (pejabat penilai) and the superior's (atasan
pejabat penilai), has a signer who is

- INTERNAL: an employee in the system, who signs with their own account;
- EXTERNAL: outside the system, e.g. the Bupati appraising the Sekda: named on the SKP, and HR
  records their signature (name, position and date) on their behalf;
- ABSENT: nobody (the Sekda's atasan pejabat penilai): the step is skipped, and the document
  says so.

An evaluation carries its own appraiser and superior ids (they follow the SKP while the
evaluation is open, see `services.reassigning`); the names of external signers live on the
SKP, and once signed, on the recorded signature.
"""
from __future__ import annotations

INTERNAL = "internal"
EXTERNAL = "external"
ABSENT = "absent"


def kind(employee_id: int | None, external_name: str | None) -> str:
    if employee_id is not None:
        return INTERNAL
    return EXTERNAL if (external_name or "").strip() else ABSENT


def appraiser_kind(record) -> str:
    """The appraiser's kind of an SKP or an evaluation (whose SKP names any outsider)."""
    skp = getattr(record, "skp", record)
    return kind(record.appraiser_id, skp.appraiser_name)


def superior_kind(record) -> str:
    skp = getattr(record, "skp", record)
    return kind(record.superior_id, skp.superior_name)


def outsider(record, step: str) -> tuple[str, str]:
    """(name, position) of the outside signer of `step` ("appraiser" or "superior")."""
    skp = getattr(record, "skp", record)
    if step == "appraiser":
        return skp.appraiser_name or "", skp.appraiser_position or ""
    return skp.superior_name or "", skp.superior_position or ""
