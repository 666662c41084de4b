"""Session engine storing sessions with their owner (SESSION_ENGINE points here).

Django's database backend, extended as its documentation describes, so that a
person can list their open sessions and end any of them.
"""

from datetime import UTC, datetime

from django.contrib.sessions.backends.db import SessionStore as DBStore


def _as_datetime(timestamp: float | None) -> datetime | None:
    return datetime.fromtimestamp(timestamp, tz=UTC) if timestamp else None


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        from hygie.accounts.models import Session

        return Session

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        user_id = data.get("_auth_user_id")
        obj.user_id = int(user_id) if user_id else None
        obj.ip = data.get("_ip")
        obj.user_agent = data.get("_ua", "")[:300]
        obj.created = _as_datetime(data.get("_created"))
        obj.last_activity = _as_datetime(data.get("_last"))
        return obj
