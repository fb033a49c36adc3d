"""Who may appraise whom (DOMAIN 1 and 3): the people HR names on an SKP.

Refused: an employee as their own appraiser or atasan pejabat penilai, the atasan pejabat
penilai equal to the appraiser, a signer named both in the system and outside it, an outside
signer without a position. Warned (not blocked): an appraiser not above the employee on the
position ladder (`rules.appraises_upward`), e.g. a Pelaksana appraising a Pengawas.
"""
from __future__ import annotations

from app.i18n import _
from plugins.appraisal import rules


def problems(employee_id, appraiser_id, superior_id, appraiser_name="", appraiser_position="",
             superior_name="", superior_position="") -> dict[str, str]:
    """Field name -> why the SKP cannot name these people."""
    found = {}
    if appraiser_id is not None and appraiser_id == employee_id:
        found["appraiser"] = _("An employee cannot be their own appraiser.")
    if superior_id is not None and superior_id == employee_id:
        found["superior"] = _("An employee cannot be the superior of their own appraiser.")
    elif superior_id is not None and superior_id == appraiser_id:
        found["superior"] = _("The appraiser's superior must be someone other than the "
                              "appraiser.")
    for role, person, name, position in (("appraiser", appraiser_id, appraiser_name,
                                          appraiser_position),
                                         ("superior", superior_id, superior_name,
                                          superior_position)):
        name, position = (name or "").strip(), (position or "").strip()
        if person is not None and (name or position):
            found[f"{role}_name"] = _("Name this signer either in the system or outside it, "
                                      "not both.")
        elif position and not name:
            found[f"{role}_name"] = _("Give the name of the signer outside the system.")
        elif name and not position:
            found[f"{role}_position"] = _("Give the position of the signer outside the "
                                          "system.")
    return found


def ladder_warning(employee, appraiser) -> str | None:
    """A warning when `appraiser` (an Employee) is not above `employee` on the ladder."""
    if employee is None or appraiser is None:
        return None

    def rank(person):
        position = person.position
        return rules.ladder_rank(position.kind, position.level) if position else None

    if rules.appraises_upward(rank(employee), rank(appraiser)):
        return None
    return _("%(appraiser)s is not above %(employee)s on the position ladder (Pelaksana, "
             "Pengawas, Administrator, JPT). Check that this is the right appraiser.",
             appraiser=appraiser.name, employee=employee.name)
