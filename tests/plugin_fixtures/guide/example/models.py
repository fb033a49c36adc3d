"""The example plugin's data: request categories (configuration HR edits) and requests (on a
workflow). Tables start with the plugin's name."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.mixins import Audited, TimestampMixin
from app.extensions import db
from app.org.models import Employee


class ExampleCategory(Audited, TimestampMixin, db.Model):
    __tablename__ = "example_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    label: Mapped[str] = mapped_column(String(100))

    def __str__(self) -> str:
        return self.label


class ExampleRequest(Audited, TimestampMixin, db.Model):
    __tablename__ = "example_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("example_category.id"))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)

    employee: Mapped[Employee] = relationship()
    category: Mapped[ExampleCategory | None] = relationship()

    def __str__(self) -> str:
        return self.title
