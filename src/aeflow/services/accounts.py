"""Team use cases: users, roles on projects, login sessions, share links and API tokens.

Passwords are hashed with Argon2id (argon2-cffi). Sessions, share links and API tokens are random
values held by the browser or the script; the database keeps only their SHA-256, so a copy of the
database lets no one in. Every function runs in one transaction of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from enum import IntEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from aeflow.errors import AeflowError, Conflict, Invalid, NotFound, Problem
from aeflow.i18n import _
from aeflow.storage.accounts import ApiTokenRow, MembershipRow, SessionRow, ShareLinkRow, UserRow
from aeflow.storage.database import Database
from aeflow.storage.tables import ProjectRow

SESSION_DAYS = 14
MIN_PASSWORD = 8
# Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 0.1 s on a small server,
# so that logins neither queue up nor make password guessing cheap.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


class LoginFailed(AeflowError):
    """Wrong user name or password (we never say which)."""

    http_status = 401


class Forbidden(AeflowError):
    """The user may see this project but not do this."""

    http_status = 403


class Role(IntEnum):
    """A user's role on one project; a higher value may do everything a lower one may."""

    client = 0
    viewer = 1
    member = 2
    lead = 3

    @classmethod
    def parse(cls, value: str) -> Role:
        try:
            return cls[value]
        except KeyError:
            raise Invalid(_("{role} is not a role: use lead, member, viewer or client", role=value),
                          [Problem(("role",), "enum", {"input": value,
                                                       "expected": "lead, member, viewer, client"})]) from None


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    is_admin: bool
    language: str


@dataclass(frozen=True)
class Member:
    user: User
    role: Role


@dataclass(frozen=True)
class ShareLink:
    id: str
    project_id: str
    label: str
    created_by: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None

    def active(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now


def _short_password() -> Problem:
    return Problem(("password",), "password_too_short",
                   {"min": MIN_PASSWORD, "default": _("must have at least {min} characters", min=MIN_PASSWORD)})


def _user(row: UserRow) -> User:
    return User(id=row.id, username=row.username, display_name=row.display_name or row.username,
                is_admin=bool(row.is_admin), language=row.language or "zh")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- users -----------------------------------------------------------------------------------

def count_users(db: Database) -> int:
    with db.session(write=False) as s:
        return int(s.scalar(select(func.count()).select_from(UserRow)) or 0)


def add_user(db: Database, username: str, password: str, *, display_name: str = "", admin: bool = False,
             language: str = "zh") -> User:
    """A new user; the very first user of a database is always an administrator."""
    username = username.strip()
    problems = []
    if not username or len(username) > 64:
        problems.append(Problem(("username",), "string_too_short", {"input": username}))
    if len(password) < MIN_PASSWORD:
        problems.append(_short_password())
    if problems:
        raise Invalid(_("the user cannot be created"), problems)
    try:
        with db.session() as s:
            first = not s.scalar(select(func.count()).select_from(UserRow))
            row = UserRow(username=username, display_name=display_name.strip() or username,
                          password_hash=_hasher.hash(password), is_admin=admin or first,
                          language=language if language in ("zh", "en") else "zh", disabled=False,
                          created_at=db.now())
            s.add(row)
            s.flush()
            return _user(row)
    except IntegrityError:
        raise Conflict(_("a user named {name} already exists", name=username)) from None


def get_user(db: Database, username: str) -> User:
    with db.session(write=False) as s:
        row = s.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        raise NotFound(_("there is no user named {name}", name=username))
    return _user(row)


def list_users(db: Database) -> list[User]:
    with db.session(write=False) as s:
        return [_user(r) for r in s.scalars(select(UserRow).order_by(UserRow.username))]


def authenticate(db: Database, username: str, password: str) -> User:
    with db.session(write=False) as s:
        row = s.scalar(select(UserRow).where(UserRow.username == username.strip()))
    if row is None or row.disabled:
        _hasher.hash(password)  # same cost whether or not the user exists
        raise LoginFailed(_("wrong user name or password"))
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise LoginFailed(_("wrong user name or password")) from None
    if _hasher.check_needs_rehash(row.password_hash):
        with db.session() as s:
            s.execute(update(UserRow).where(UserRow.id == row.id).values(password_hash=_hasher.hash(password)))
    return _user(row)


def set_password(db: Database, username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise Invalid(_("the password is too short"),
                      [_short_password()])
    with db.session() as s:
        done = s.execute(update(UserRow).where(UserRow.username == username)
                         .values(password_hash=_hasher.hash(password))).rowcount
    if not done:
        raise NotFound(_("there is no user named {name}", name=username))


def set_language(db: Database, user_id: int, language: str) -> None:
    with db.session() as s:
        s.execute(update(UserRow).where(UserRow.id == user_id).values(language=language))


# --- sessions --------------------------------------------------------------------------------

def start_session(db: Database, user: User, *, days: int = SESSION_DAYS) -> str:
    """A new login session; returns the secret token for the browser's cookie."""
    token = secrets.token_urlsafe(32)
    now = db.now()
    with db.session() as s:
        s.execute(delete(SessionRow).where(SessionRow.expires_at < now))
        s.add(SessionRow(token_hash=_digest(token), user_id=user.id, created_at=now,
                         expires_at=now + dt.timedelta(days=days)))
    return token


def session_user(db: Database, token: str) -> User | None:
    with db.session(write=False) as s:
        row = s.execute(select(UserRow, SessionRow.expires_at).join(SessionRow, SessionRow.user_id == UserRow.id)
                        .where(SessionRow.token_hash == _digest(token))).first()
    if row is None or row[1] <= db.now() or row[0].disabled:
        return None
    return _user(row[0])


def end_session(db: Database, token: str) -> None:
    with db.session() as s:
        s.execute(delete(SessionRow).where(SessionRow.token_hash == _digest(token)))


# --- API tokens ------------------------------------------------------------------------------

def create_api_token(db: Database, user: User, name: str) -> str:
    token = "aef_" + secrets.token_urlsafe(32)
    with db.session() as s:
        s.add(ApiTokenRow(token_hash=_digest(token), user_id=user.id, name=name.strip() or "script",
                          created_at=db.now(), revoked_at=None))
    return token


def token_user(db: Database, token: str) -> User | None:
    with db.session(write=False) as s:
        row = s.scalar(select(UserRow).join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
                       .where(ApiTokenRow.token_hash == _digest(token), ApiTokenRow.revoked_at.is_(None)))
    return None if row is None or row.disabled else _user(row)


# --- roles on projects -----------------------------------------------------------------------

def role_of(db: Database, user: User, project_id: str) -> Role | None:
    """The user's role on a project (administrators lead every project); ``None`` if none."""
    with db.session(write=False) as s:
        exists = s.scalar(select(ProjectRow.id).where(ProjectRow.id == project_id))
        if exists is None:
            return None
        if user.is_admin:
            return Role.lead
        role = s.scalar(select(MembershipRow.role).where(MembershipRow.user_id == user.id,
                                                          MembershipRow.project_id == project_id))
    return Role[role] if role else None


def access_of(db: Database, user: User, project_id: str) -> tuple[Role, int] | None:
    """The user's role on a project and the project's current version, in one query (``None``: no
    such project, or no role on it)."""
    with db.session(write=False) as s:
        row = s.execute(
            select(ProjectRow.version, MembershipRow.role)
            .select_from(ProjectRow)
            .outerjoin(MembershipRow, (MembershipRow.project_id == ProjectRow.id) & (MembershipRow.user_id == user.id))
            .where(ProjectRow.id == project_id)
        ).first()
    if row is None:
        return None
    version, role = row
    if user.is_admin:
        return Role.lead, int(version)
    return (Role[role], int(version)) if role else None


def roles_of(db: Database, user: User) -> dict[str, Role]:
    """Every project the user may open, with the role: all projects for an administrator."""
    with db.session(write=False) as s:
        if user.is_admin:
            return {pid: Role.lead for pid in s.scalars(select(ProjectRow.id))}
        rows = s.execute(select(MembershipRow.project_id, MembershipRow.role)
                         .where(MembershipRow.user_id == user.id)).all()
    return {pid: Role[role] for pid, role in rows}


def may_create_projects(db: Database, user: User) -> bool:
    """Administrators and agency people may start projects; a client's account (only client roles) may not."""
    if user.is_admin:
        return True
    roles = roles_of(db, user)
    return not roles or any(role > Role.client for role in roles.values())


def set_role(db: Database, project_id: str, username: str, role: Role) -> None:
    user = get_user(db, username)
    with db.session() as s:
        if s.scalar(select(ProjectRow.id).where(ProjectRow.id == project_id)) is None:
            raise NotFound(_("There is no project with the id {id} in the database.", id=project_id))
        row = s.get(MembershipRow, (user.id, project_id))
        if row is None:
            s.add(MembershipRow(user_id=user.id, project_id=project_id, role=role.name, created_at=db.now()))
        else:
            row.role = role.name


def remove_member(db: Database, project_id: str, user_id: int) -> None:
    with db.session() as s:
        s.execute(delete(MembershipRow).where(MembershipRow.project_id == project_id,
                                              MembershipRow.user_id == user_id))


def members(db: Database, project_id: str) -> list[Member]:
    with db.session(write=False) as s:
        rows = s.execute(select(UserRow, MembershipRow.role).join(MembershipRow, MembershipRow.user_id == UserRow.id)
                         .where(MembershipRow.project_id == project_id).order_by(UserRow.username)).all()
    return [Member(_user(u), Role[r]) for u, r in rows]


# --- share links -----------------------------------------------------------------------------

def _link(row: ShareLinkRow) -> ShareLink:
    return ShareLink(id=row.id, project_id=row.project_id, label=row.label, created_by=row.created_by,
                     created_at=row.created_at, expires_at=row.expires_at, revoked_at=row.revoked_at)


def create_share_link(db: Database, project_id: str, *, by: str, days: int, label: str = "") -> ShareLink:
    if not 1 <= days <= 365:
        raise Invalid(_("a share link lasts 1 to 365 days"),
                      [Problem(("days",), "greater_than_equal", {"ge": 1, "input": days})])
    now = db.now()
    row = ShareLinkRow(id=secrets.token_urlsafe(12), project_id=project_id, label=label.strip(), created_by=by,
                       created_at=now, expires_at=now + dt.timedelta(days=days), revoked_at=None)
    with db.session() as s:
        s.add(row)
    return _link(row)


def share_links(db: Database, project_id: str) -> list[ShareLink]:
    with db.session(write=False) as s:
        rows = s.scalars(select(ShareLinkRow).where(ShareLinkRow.project_id == project_id)
                         .order_by(ShareLinkRow.created_at.desc()))
        return [_link(r) for r in rows]


def revoke_share_link(db: Database, project_id: str, link_id: str) -> None:
    with db.session() as s:
        done = s.execute(update(ShareLinkRow).where(ShareLinkRow.id == link_id, ShareLinkRow.project_id == project_id,
                                                    ShareLinkRow.revoked_at.is_(None))
                         .values(revoked_at=db.now())).rowcount
    if not done:
        raise NotFound(_("this share link does not exist or was already revoked"))


def open_share_link(db: Database, link_id: str) -> ShareLink:
    """The link if it may still be used; :class:`NotFound` if unknown, expired or revoked."""
    with db.session(write=False) as s:
        row = s.get(ShareLinkRow, link_id)
    if row is None or not _link(row).active(db.now()):
        raise NotFound(_("This link has expired or was revoked. Ask your account executive for a new one."))
    return _link(row)
