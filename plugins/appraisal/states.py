"""The workflow state and transition codes the plugin's code relies on.

The SKP and evaluation workflows are data that HR may edit (labels, who acts, comments); these
codes are the contract between that data and the code: the default definitions in
`workflows.py` use them, and every comparison in the plugin goes through them instead of a
string literal.
"""
from __future__ import annotations


class SkpState:
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    ALL = (DRAFT, SUBMITTED, APPROVED)


class SkpTransition:
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    # HR, on behalf of an appraiser outside the system (a political official).
    RECORD_APPROVAL = "record_approval"
    RECORD_REJECTION = "record_rejection"
    ALL = (SUBMIT, APPROVE, REJECT, RECORD_APPROVAL, RECORD_REJECTION)


class EvaluationState:
    DRAFT = "draft"          # the appraiser's working copy; the employee writes the realisasi
    RATED = "rated"          # the appraiser has signed
    SIGNED = "signed"        # the atasan pejabat penilai has signed (or decided an objection)
    OBJECTED = "objected"    # the employee objects; the atasan pejabat penilai decides
    FINAL = "final"
    ALL = (DRAFT, RATED, SIGNED, OBJECTED, FINAL)
    # Past the appraiser's signature and not final: someone still has to sign or decide.
    AWAITING = (RATED, SIGNED, OBJECTED)


class EvaluationTransition:
    RATE = "rate"
    RECORD_RATING = "record_rating"          # HR, for an appraiser outside the system
    SIGN = "sign"
    RECORD_SIGNATURE = "record_signature"    # HR, for a superior outside the system
    RETURN = "return"
    ACKNOWLEDGE = "acknowledge"
    FINALISE = "finalise"                    # HR, once the acknowledgement deadline has passed
    OBJECT = "object"
    DECIDE = "decide"                        # the atasan pejabat penilai decides an objection
    RECORD_DECISION = "record_decision"      # HR, for a decision taken outside the system
    CLOSE = "close"                          # HR, finishing the cycle: final as it stands
    REOPEN = "reopen"                        # HR's correction of a final evaluation
    ALL = (RATE, RECORD_RATING, SIGN, RECORD_SIGNATURE, RETURN, ACKNOWLEDGE, FINALISE, OBJECT,
           DECIDE, RECORD_DECISION, CLOSE, REOPEN)
