"""Agencies, users, API tokens, sharing groups and agreements."""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from tessera.errors import AuthenticationError, Conflict, ErrorDetail, NotFound, ValidationError
from tessera.policy.core import ROLES, Viewer
from tessera.policy.markings import Classification, Marking
from tessera.store.audience import refresh_audience
from tessera.store.base import StoreBase
from tessera.store.tables import agencies, agreements, group_members, groups, markings, tokens, users

AGENCY_KINDS = (
    "police",
    "intelligence",
    "fiu",
    "piu",
    "financial_institution",
    "municipality",
    "oversight",
    "hub",
)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    country: str
    kind: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "country": self.country, "kind": self.kind}


@dataclass(frozen=True)
class User:
    id: str
    username: str
    agency: str
    roles: frozenset[str]
    clearance: Classification
    password_hash: str | None

    def viewer(self, purpose: str = "analysis") -> Viewer:
        return Viewer(
            agency=self.agency,
            user=self.username,
            roles=self.roles,
            clearance=self.clearance,
            purpose=purpose,
        )


class MemberStore(StoreBase):
    def create_agency(
        self, code: str, name: str, country: str, kind: str, default_marking: dict[str, Any] | None = None
    ) -> Agency:
        code = code.strip().upper()
        errors: list[ErrorDetail] = []
        if not code or len(code) > 32 or not all(c.isalnum() or c in "-_" for c in code):
            errors.append(ErrorDetail("code", "1-32 letters, digits, '-' or '_'"))
        if kind not in AGENCY_KINDS:
            errors.append(ErrorDetail("kind", f"one of {', '.join(AGENCY_KINDS)}"))
        marking = default_marking or {"distribution": "agency"}
        try:
            Marking.from_dict(code or "X", marking, "default_marking")
        except ValidationError as exc:
            errors.extend(exc.details)
        if errors:
            raise ValidationError(f"Agency {code!r} is not valid.", details=errors)
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(agencies).values(
                        code=code,
                        name=name,
                        country=country.upper(),
                        kind=kind,
                        default_marking=json.dumps(marking),
                        created_at=self.clock.now(),
                    )
                )
                refresh_audience(conn, markings.c.distribution == "members")
        except IntegrityError as exc:
            raise Conflict(f"Agency {code} exists already.") from exc
        return Agency(code, name, country.upper(), kind)

    def list_agencies(self) -> list[Agency]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(agencies).order_by(agencies.c.code))
            return [Agency(r.code, r.name, r.country, r.kind) for r in rows]

    def agency_exists(self, code: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(agencies.c.code).where(agencies.c.code == code)).first() is not None

    def create_user(
        self,
        username: str,
        agency: str,
        roles: list[str],
        clearance: str = "restricted",
        password_hash: str | None = None,
    ) -> tuple[User, str]:
        """Create a user and return it with an API token, which is shown only this once."""
        errors: list[ErrorDetail] = []
        bad = [r for r in roles if r not in ROLES]
        if bad or not roles:
            errors.append(ErrorDetail("roles", f"choose from {', '.join(ROLES)}"))
        try:
            level = Classification.parse(clearance)
        except KeyError:
            errors.append(ErrorDetail("clearance", "unclassified, restricted or confidential"))
            level = Classification.UNCLASSIFIED
        if not self.agency_exists(agency):
            errors.append(ErrorDetail("agency", f"no agency {agency!r}: create it first"))
        if errors:
            raise ValidationError(f"User {username!r} is not valid.", details=errors)
        user = User(uuid.uuid4().hex, username, agency, frozenset(roles), level, password_hash)
        token = "tsr_" + secrets.token_urlsafe(32)
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(users).values(
                        id=user.id,
                        username=username,
                        agency=agency,
                        roles=",".join(sorted(roles)),
                        clearance=int(level),
                        password_hash=password_hash,
                        active=True,
                        created_at=self.clock.now(),
                    )
                )
                conn.execute(
                    insert(tokens).values(
                        token_hash=hash_token(token),
                        user_id=user.id,
                        label="initial",
                        created_at=self.clock.now(),
                    )
                )
        except IntegrityError as exc:
            raise Conflict(f"User {username} exists already.") from exc
        return user, token

    def issue_token(self, username: str, label: str = "issued") -> str:
        """A new API token for an existing user, shown once."""
        user = self.user_by_name(username)
        token = "tsr_" + secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(
                insert(tokens).values(
                    token_hash=hash_token(token), user_id=user.id, label=label, created_at=self.clock.now()
                )
            )
        return token

    def _user(self, row: Any) -> User:
        return User(
            row.id,
            row.username,
            row.agency,
            frozenset(row.roles.split(",")),
            Classification(row.clearance),
            row.password_hash,
        )

    def user_by_token(self, token: str) -> User:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(users)
                .join(tokens, tokens.c.user_id == users.c.id)
                .where(tokens.c.token_hash == hash_token(token), users.c.active.is_(True))
            ).first()
        if row is None:
            raise AuthenticationError("Invalid or revoked token.")
        return self._user(row)

    def user_by_name(self, username: str) -> User:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(users).where(users.c.username == username, users.c.active.is_(True))
            ).first()
        if row is None:
            raise NotFound("user")
        return self._user(row)

    def set_password_hash(self, username: str, password_hash: str) -> None:
        from sqlalchemy import update

        with self.engine.begin() as conn:
            conn.execute(
                update(users).where(users.c.username == username).values(password_hash=password_hash)
            )

    def create_group(self, code: str, name: str, owner: str, members: list[str]) -> None:
        unknown = [m for m in [owner, *members] if not self.agency_exists(m)]
        if unknown:
            raise ValidationError(
                f"Group {code!r} names unknown agencies.",
                details=[ErrorDetail("members", f"no agency {m!r}") for m in unknown],
            )
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(groups).values(code=code, name=name, owner=owner))
                conn.execute(
                    insert(group_members),
                    [{"group_code": code, "agency": a} for a in sorted({owner, *members})],
                )
                refresh_audience(conn, markings.c.group_code == code)
        except IntegrityError as exc:
            raise Conflict(f"Group {code} exists already.") from exc

    def set_group_members(self, viewer: Viewer, code: str, members: list[str]) -> None:
        """The group's owner changes its membership; visibility follows at once."""
        with self.engine.begin() as conn:
            owner = conn.execute(select(groups.c.owner).where(groups.c.code == code)).scalar()
            if owner != viewer.agency:
                raise NotFound("group")
            conn.execute(delete(group_members).where(group_members.c.group_code == code))
            conn.execute(
                insert(group_members), [{"group_code": code, "agency": a} for a in sorted({owner, *members})]
            )
            refresh_audience(conn, markings.c.group_code == code)

    def groups_of(self, viewer: Viewer) -> list[dict[str, Any]]:
        """Groups the viewer's agency belongs to, with their members; other groups stay unseen."""
        with self.engine.connect() as conn:
            mine = select(group_members.c.group_code).where(group_members.c.agency == viewer.agency)
            rows = conn.execute(select(groups).where(groups.c.code.in_(mine)).order_by(groups.c.code)).all()
            out = []
            for row in rows:
                members = conn.execute(
                    select(group_members.c.agency)
                    .where(group_members.c.group_code == row.code)
                    .order_by(group_members.c.agency)
                ).scalars()
                out.append({"code": row.code, "name": row.name, "owner": row.owner, "members": list(members)})
            return out

    def create_agreement(self, a: str, b: str, kind: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(agreements).values(a=min(a, b), b=max(a, b), kind=kind))

    def agreements_of(self, agency: str) -> list[dict[str, str]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(agreements).where((agreements.c.a == agency) | (agreements.c.b == agency))
            ).all()
        return [{"partner": r.b if r.a == agency else r.a, "kind": r.kind} for r in rows]
