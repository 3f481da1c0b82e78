"""Who is asking, and may they: the request's user and the ONE project-access dependency.

Every route under ``/p/{project_id}`` and ``/api/v1/projects/{project_id}`` depends on
:func:`project_access` at router level, so no handler can forget it. The role needed is taken
from the route's endpoint (:func:`needs`), else from the method: reading needs ``viewer``,
changing needs ``member``. The client role only reaches endpoints marked ``needs(Role.client)``
(the client view). A user with no role on a project gets 404, as if it did not exist.

``require_user`` and ``project_access`` are ``async`` although they query the database: each is one
small indexed read, cheaper on the event loop than a hop to the thread pool (FastAPI runs every
synchronous dependency in a thread of its own), which measurably limited page throughput.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from pydantic import Field

from aeflow.errors import AeflowError, NotFound
from aeflow.i18n import N_, _
from aeflow.services import accounts
from aeflow.services.accounts import Forbidden, Role, User
from aeflow.storage.database import Database
from aeflow.web.security import SAFE_METHODS, is_bearer

F = TypeVar("F", bound=Callable[..., Any])
MAX_NUMBER = 2**31 - 1
Number = Annotated[int, Field(ge=1, le=MAX_NUMBER)]
"""A version number or row id from a request: positive and within the database's integer range."""


class NotLoggedIn(AeflowError):
    """The page needs a logged-in user."""

    http_status = 401


@dataclass(frozen=True)
class Access:
    """The user's standing on the project of this request."""

    user: User
    project_id: str
    role: Role

    @property
    def internal(self) -> bool:
        return self.role >= Role.viewer

    @property
    def can_edit(self) -> bool:
        return self.role >= Role.member

    @property
    def can_lead(self) -> bool:
        return self.role >= Role.lead


def needs(role: Role) -> Callable[[F], F]:
    """Mark an endpoint with the least role it needs on its project."""

    def mark(fn: F) -> F:
        fn.__aeflow_role__ = role  # type: ignore[attr-defined]
        return fn

    return mark


def get_db(request: Request) -> Database:
    return request.app.state.db  # type: ignore[no-any-return]


def current_user(request: Request) -> User | None:
    """The user of a bearer token (scripts) or of the session cookie (browsers), else ``None``."""
    if "user" in request.state._state:
        return request.state.user  # type: ignore[no-any-return]
    db = get_db(request)
    user: User | None = None
    if is_bearer(request):
        user = accounts.token_user(db, request.headers["authorization"].split(None, 1)[1].strip())
    else:
        token = request.app.state.signer.unsign_session(request.cookies.get("aeflow_session"))
        user = accounts.session_user(db, token) if token else None
    request.state.user = user
    return user


async def require_user(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise NotLoggedIn(_("Please log in."))
    return user


def required_role(request: Request) -> Role:
    endpoint = request.scope.get("endpoint")
    marked = getattr(endpoint, "__aeflow_role__", None)
    if isinstance(marked, Role):
        return marked
    return Role.viewer if request.method in SAFE_METHODS else Role.member


async def project_access(request: Request, project_id: str, user: Annotated[User, Depends(require_user)]) -> Access:
    found = accounts.access_of(get_db(request), user, project_id)
    if found is None:
        raise NotFound(_("There is no project with the id {id} in the database.", id=project_id))
    role, version = found
    request.state.project_version = (project_id, version)  # saves the page a query (pages.load)
    needed = required_role(request)
    if role < needed:
        raise Forbidden(_("Your role on this project ({role}) does not allow this.", role=_(ROLE_NAMES[role])))
    return Access(user=user, project_id=project_id, role=role)


ROLE_NAMES = {
    Role.lead: N_("Lead"),
    Role.member: N_("Member"),
    Role.viewer: N_("Viewer"),
    Role.client: N_("Client"),
}
