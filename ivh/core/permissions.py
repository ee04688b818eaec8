"""Access rules written once.

A `Rule` is one definition, a function from the user to a `Q` over one model. From it come both
halves of every access check, so they cannot drift apart:

- the queryset filter: `rule.filter(queryset, user)` (lists, counts, searches);
- the object predicate: `rule.allows(user, obj)` (one object), which asks the database whether
  that row matches the same condition, or reads the flag that `rule.annotate` put on the row
  when it was fetched.

Rules live in each domain's `permissions.py`. Views, services, selectors, templates and the
admin call them; none decides access by itself.

404 or 403: a user who may not *see* an object gets 404 (they may not learn it exists); a user
who may see it but may not do this action gets 403 (`PermissionDenied`). `get_visible` and
`require` implement that rule for every access helper.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404

if TYPE_CHECKING:
    from ivh.accounts.models import User

_Q = TypeVar("_Q", bound=models.QuerySet)
_M = TypeVar("_M", bound=models.Model)

NOTHING = Q(pk__in=[])
EVERYTHING = Q(pk__isnull=False)


@dataclass(frozen=True)
class Rule:
    name: str
    model: type[models.Model]
    condition: Callable[[User], Q]

    def q(self, user: User | Any) -> Q:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return NOTHING
        return self.condition(user)

    def filter(self, queryset: _Q, user: User | Any) -> _Q:
        return queryset.filter(self.q(user))

    def annotate(self, queryset: _Q, user: User | Any) -> _Q:
        """Fetch the flag with the row (`obj.<rule name>`), so a page asks once."""
        return queryset.annotate(
            **{self.attribute: ExpressionWrapper(self.q(user), output_field=BooleanField())}
        )

    @property
    def attribute(self) -> str:
        return f"may_{self.name}"

    def allows(self, user: User | Any, obj: models.Model) -> bool:
        flag = getattr(obj, self.attribute, None)
        if isinstance(flag, bool) and getattr(obj, "_rule_user", None) == getattr(user, "pk", 0):
            return flag
        return self.model._default_manager.filter(pk=obj.pk).filter(self.q(user)).exists()


def get_visible(
    rule: Rule, queryset: models.QuerySet[_M], user: User | Any, *extra: Rule, **lookup: Any
) -> _M:
    """The object if `rule` lets the user see it, else 404; with the flags of `extra` rules
    fetched in the same query."""
    queryset = rule.filter(queryset, user)
    for other in extra:
        queryset = other.annotate(queryset, user)
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    # Which user the fetched flags belong to: `allows` reads them for this user only.
    setattr(obj, "_rule_user", getattr(user, "pk", None))  # noqa: B010
    return obj


def require(rule: Rule, user: User | Any, obj: models.Model) -> None:
    """403 for a visible object the user may not act on in this way."""
    if not rule.allows(user, obj):
        raise PermissionDenied
