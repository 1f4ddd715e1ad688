"""Console sessions with an idle timeout; the cookie value is never stored, only its hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, insert, select, update

from tessera.errors import AuthenticationError
from tessera.store.members import MemberStore, User
from tessera.store.tables import sessions, users


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class SessionStore(MemberStore):
    def open_session(self, user: User) -> tuple[str, str]:
        """Start a session; returns (cookie value, CSRF token)."""
        session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        now = self.clock.now()
        with self.engine.begin() as conn:
            conn.execute(
                insert(sessions).values(
                    id_hash=_hash(session_id), user_id=user.id, csrf=csrf, created_at=now, last_seen=now
                )
            )
        return session_id, csrf

    def session_user(self, session_id: str, idle: timedelta) -> tuple[User, str]:
        """The user and CSRF token of a live session; touching it extends the idle timeout."""
        now = self.clock.now()
        with self.engine.begin() as conn:
            row = conn.execute(
                select(sessions.c.csrf, sessions.c.last_seen, users)
                .join(users, users.c.id == sessions.c.user_id)
                .where(sessions.c.id_hash == _hash(session_id), users.c.active.is_(True))
            ).first()
            if row is None:
                raise AuthenticationError("Your session has ended; sign in again.")
            if row.last_seen + idle < now:
                conn.execute(delete(sessions).where(sessions.c.id_hash == _hash(session_id)))
                raise AuthenticationError("Your session timed out; sign in again.")
            conn.execute(
                update(sessions).where(sessions.c.id_hash == _hash(session_id)).values(last_seen=now)
            )
        return self._user(row), str(row.csrf)

    def close_session(self, session_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.id_hash == _hash(session_id)))
