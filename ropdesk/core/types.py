"""Who acts: the types the access policy, services and queries take for a person.

`Actor` is what `request.user` is: a signed-in `User` or Django's `AnonymousUser`. The access
policy takes any actor (the anonymous reach nothing). Services take `Actor | None`, None being
the program itself (an import, the scheduler, the demo seed), and record a signed-in actor
only (`recorded`). `StaffActor` names a parameter that must be a signed-in user.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from ropdesk.core.models import User

Actor: TypeAlias = User | AnonymousUser
StaffActor: TypeAlias = User


def recorded(actor: Actor | None) -> User | None:
    """The user to record as having done something (`created_by=`, `started_by=`): a saved,
    signed-in user; None for the anonymous and for the program itself."""
    return actor if isinstance(actor, User) and actor.pk else None


def signed_in(actor: Actor) -> StaffActor:
    """The actor as the signed-in user a record names (`added_by=`): the anonymous cannot act
    here, which the service's access check has already refused."""
    if not actor.is_authenticated:
        raise PermissionDenied
    return actor
