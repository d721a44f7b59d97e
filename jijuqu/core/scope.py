"""Data scope: which rows a user may see and touch.

This is the one place where scope is decided. Every page, API endpoint and export asks
`Model.objects.restrict(user, action)`; no view filters by zone or region on its own.

Each scoped model declares *how* it hangs on the region tree with a `Scope` (paths to its Region,
Zone, Department and Enterprise), and this module turns a user's role into a filter on those paths.
The region tree is keyed by GB/T 2260 codes, so "below this region" is a code-prefix match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from .choices import REGION_ROLES, Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL_ACTIONS = frozenset({VIEW, ADD, CHANGE, DELETE})
READ_ONLY = frozenset({VIEW})


@dataclass(frozen=True)
class Scope:
    """How a model is placed in the region tree. A path of "" means the model itself."""

    region: str | None = None
    zone: str | None = None
    department: str | None = None
    enterprise: str | None = None
    # Scope borrowed from a related scoped model (e.g. yearly figures follow their enterprise).
    via: str | None = None
    # Reference data everyone reads and only administrators write (industries).
    shared: bool = False
    # What zone staff may do on rows of their zone (they may edit their zone, not create zones).
    zone_actions: frozenset[str] = field(default=ALL_ACTIONS)
    # What department staff may do on rows assigned to their department (they work problems and
    # approval items; a project assigned to them they only read).
    department_actions: frozenset[str] = field(default=frozenset({VIEW, ADD, CHANGE}))


def _path(path: str, lookup: str) -> str:
    return f"{path}__{lookup}" if path else lookup


def _pk(path: str) -> str:
    return path or "pk"


@dataclass
class UserScope:
    """What a user's role and assignment mean, worked out once per request."""

    role: str
    is_admin: bool
    user_id: int | None = None
    region_prefix: str | None = None  # below this code prefix (region roles, department's region)
    region_chain: tuple[str, ...] = ()  # codes of the user's region and its ancestors
    zone_id: int | None = None
    department_id: int | None = None
    enterprise_id: int | None = None

    @classmethod
    def of(cls, user) -> UserScope:
        cached = getattr(user, "_jijuqu_scope", None)
        if cached is not None:
            return cached
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            scope = cls(role="anonymous", is_admin=False)
        elif user.is_superuser or user.role == Role.ADMIN:
            scope = cls(role=Role.ADMIN, is_admin=True)
        else:
            scope = cls(role=user.role, is_admin=False, user_id=user.pk)
            region = None
            if user.role in REGION_ROLES:
                region = user.region
            elif user.role == Role.ZONE and user.zone_id:
                scope.zone_id = user.zone_id
                region = user.zone.region
            elif user.role == Role.DEPARTMENT and user.department_id:
                scope.department_id = user.department_id
                scope.zone_id = user.department.zone_id
                region = user.department.region
            elif user.role == Role.ENTERPRISE and user.enterprise_id:
                scope.enterprise_id = user.enterprise_id
                scope.zone_id = user.enterprise.zone_id
                region = user.enterprise.zone.region
            if region is not None:
                scope.region_prefix = region.prefix
                scope.region_chain = region.chain_codes()
        user._jijuqu_scope = scope
        return scope


NOTHING = Q(pk__in=[])
NO_PATH = object()


def allowed_actions(us: UserScope, scope: Scope) -> frozenset[str]:
    if us.is_admin:
        return ALL_ACTIONS
    if us.role == "anonymous":
        return frozenset()
    if scope.shared:
        return READ_ONLY
    if us.role in REGION_ROLES:
        return ALL_ACTIONS
    if us.role == Role.ZONE:
        return scope.zone_actions
    # Department and enterprise users work on what is assigned to them; they may edit their own
    # department or enterprise record but not create another.
    own = {Role.DEPARTMENT: scope.department, Role.ENTERPRISE: scope.enterprise}.get(us.role, NO_PATH)
    if own is NO_PATH:
        return frozenset()
    if own == "":
        return frozenset({VIEW, CHANGE})
    if own is None:
        return READ_ONLY
    return scope.department_actions if us.role == Role.DEPARTMENT else frozenset({VIEW, ADD, CHANGE})
    return frozenset()


def scope_filter(model, user, action: str = VIEW) -> Q | None:
    """A Q selecting the rows of `model` that `user` may perform `action` on; None means all rows."""
    us = UserScope.of(user)
    scope: Scope = model.scope
    if action not in allowed_actions(us, scope):
        return NOTHING
    if us.is_admin or scope.shared:
        return None
    custom = getattr(model, "scope_q", None)
    if custom is not None:
        return custom(us, action)
    if scope.via is not None:
        # A dependent row (yearly figures) may be read where its parent may be read, and written
        # where its parent may be changed.
        related = model._meta.get_field(scope.via).related_model
        parent_action = VIEW if action == VIEW else CHANGE
        return Q(**{f"{scope.via}__in": related.objects.restrict(user, parent_action)})
    return default_scope_q(us, scope)


def default_scope_q(us: UserScope, scope: Scope) -> Q:
    if us.role in REGION_ROLES:
        return _region_q(scope, us.region_prefix)
    if us.role == Role.ZONE:
        if scope.zone is not None:
            return Q(**{_pk(scope.zone): us.zone_id})
        return NOTHING
    if us.role == Role.DEPARTMENT:
        if scope.department is not None:
            return Q(**{_pk(scope.department): us.department_id})
        # Reference rows (zones, enterprises) of the department's region, to read only.
        return _region_q(scope, us.region_prefix)
    if us.role == Role.ENTERPRISE:
        if scope.enterprise is not None:
            return Q(**{_pk(scope.enterprise): us.enterprise_id})
        if scope.zone is not None:
            return Q(**{_pk(scope.zone): us.zone_id})
    return NOTHING


def _region_q(scope: Scope, prefix: str | None) -> Q:
    if scope.region is None or not prefix:
        return NOTHING
    return Q(**{_path(scope.region, "code__startswith"): prefix})


def can(user, action: str, model) -> bool:
    """Whether the user's role allows `action` on `model` at all (rows are checked by restrict)."""
    return action in allowed_actions(UserScope.of(user), model.scope)
