"""Core module: custom field definitions (HR's low-code fields on entities)."""
from app.core.registry import Module


class CustomFieldsModule(Module):
    name = "customfields"

    def admin_views(self):
        from app.customfields.views import CustomFieldView

        return [CustomFieldView()]

    def config_sections(self):
        from app.customfields.config import section

        return [section()]


module = CustomFieldsModule()
