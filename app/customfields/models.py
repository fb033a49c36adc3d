"""Custom field definitions and their values."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import configcache
from app.core.mixins import Audited, TimestampMixin
from app.core.versioning import Versioned
from app.extensions import db
from app.i18n import _l

FIELD_TYPES = {
    "text": _l("Text"),
    "textarea": _l("Long text"),
    "number": _l("Number"),
    "date": _l("Date"),
    "choice": _l("Choice"),
    "boolean": _l("Yes/no"),
}


class CustomField(Audited, Versioned, TimestampMixin, db.Model):
    __tablename__ = "custom_field"
    __table_args__ = (UniqueConstraint("entity", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(60), index=True)
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    field_type: Mapped[str] = mapped_column(String(10), default="text")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    help_text: Mapped[str | None] = mapped_column(String(300))
    choices: Mapped[str | None] = mapped_column(Text)  # one option per line
    position: Mapped[int] = mapped_column(Integer, default=0)
    show_in_list: Mapped[bool] = mapped_column(Boolean, default=False)
    # Removing a field hides it; its values stay until purged.
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    values: Mapped[list[CustomValue]] = relationship(back_populates="field",
                                                     cascade="all, delete-orphan")

    @property
    def options(self) -> list[str]:
        return [line.strip() for line in (self.choices or "").splitlines() if line.strip()]

    @property
    def form_name(self) -> str:
        return f"cf_{self.code}"

    def __str__(self) -> str:
        return self.label


class CustomValue(Audited, db.Model):
    __tablename__ = "custom_value"
    __table_args__ = (
        UniqueConstraint("field_id", "record_id"),
        Index("ix_custom_value_field_text", "field_id", "value_text"),
        Index("ix_custom_value_field_number", "field_id", "value_number"),
        Index("ix_custom_value_field_date", "field_id", "value_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("custom_field.id", ondelete="CASCADE"))
    record_id: Mapped[int] = mapped_column(Integer)
    value_text: Mapped[str | None] = mapped_column(Text)
    value_number: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    value_date: Mapped[date | None] = mapped_column(Date)
    value_bool: Mapped[bool | None] = mapped_column(Boolean)

    field: Mapped[CustomField] = relationship(back_populates="values")

    COLUMN = {"text": "value_text", "textarea": "value_text", "choice": "value_text",
              "number": "value_number", "date": "value_date", "boolean": "value_bool"}

    @property
    def value(self):
        return getattr(self, self.COLUMN[self.field.field_type])


# Field definitions are cached per process (app.customfields.views.fields_for): a change
# replaces the configuration version, so every worker re-reads them.
configcache.watch(CustomField)
