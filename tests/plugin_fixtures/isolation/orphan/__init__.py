"""A view that shows the custom fields of an entity no module registers."""
from app.admin.base import SecureModelView
from app.core.plugins import Plugin
from app.customfields.models import CustomField
from app.customfields.views import CustomFieldsMixin
from app.extensions import db


class OrphanView(CustomFieldsMixin, SecureModelView):
    custom_entity = "orphan_thing"


class OrphanPlugin(Plugin):
    name = "orphan"

    def admin_views(self):
        return [OrphanView(CustomField, db, name="Orphan", endpoint="orphan_fields")]


plugin = OrphanPlugin()
