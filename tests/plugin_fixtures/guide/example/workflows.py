"""The example request's workflow: the codes the plugin's code relies on, the default
definition (seed data HR may change) and the binding with its contract."""
from app.i18n import _l
from app.workflow.engine import Binding

ENTITY = "example_request"
DRAFT, SUBMITTED, APPROVED = "draft", "submitted", "approved"
SUBMIT, APPROVE, RETURN = "submit", "approve", "return"

DEFINITION = {
    "entity": ENTITY,
    "name": "Permohonan contoh",
    "initial_state": DRAFT,
    "states": [
        {"code": DRAFT, "label": "Draf"},
        {"code": SUBMITTED, "label": "Diajukan"},
        {"code": APPROVED, "label": "Disetujui", "is_final": True},
    ],
    "transitions": [
        {"code": SUBMIT, "label": "Ajukan", "from_state": DRAFT, "to_state": SUBMITTED,
         "approver": "owner"},
        {"code": APPROVE, "label": "Setujui", "from_state": SUBMITTED, "to_state": APPROVED,
         "approver": "owner_supervisor", "role": "supervisor"},
        {"code": RETURN, "label": "Kembalikan", "from_state": SUBMITTED, "to_state": DRAFT,
         "approver": "owner_supervisor", "role": "supervisor", "comment_required": True},
    ],
}


def binding() -> Binding:
    from tests.plugin_fixtures.guide.example.models import ExampleRequest

    return Binding(
        entity=ENTITY, model=ExampleRequest, endpoint="example_request",
        title=_l("Example requests"), describe=str, default=DEFINITION,
        # The contract: the widget and the public page count these states, and new requests
        # start in DRAFT (the model's default). HR may relabel, add, and reshape the rest.
        initial_state=DRAFT, required_states=(DRAFT, SUBMITTED, APPROVED),
        required_transitions=((APPROVE, SUBMITTED, APPROVED),),
    )
