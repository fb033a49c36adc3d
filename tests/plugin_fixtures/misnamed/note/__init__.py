"""A plugin whose model's table does not start with its name."""
from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from app.core.plugins import Plugin
from app.extensions import db


class Note(db.Model):
    __tablename__ = "misnamed_table"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class NotePlugin(Plugin):
    name = "note"


plugin = NotePlugin()
