from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class StrayNote(db.Model):
    __tablename__ = "stray_note"

    id: Mapped[int] = mapped_column(primary_key=True)
