"""Who signs in through SSO, and with which roles (config/oidc.py calls `sign_in`).

- A person is their (issuer, subject): the SocialAccount uid is "<iss> <sub>". An email never
  identifies anyone unless the provider says it is verified.
- First sign-in: a user that Loupe already knows by that email (an interviewer scheduled before
  they ever signed in) is claimed only with `email_verified: true`, and only if no other SSO
  identity holds it; otherwise a new user is created, and an unverified email is not stored.
- Roles follow OIDC_ROLE_MAP from the role claim at every sign-in: each Loupe role is granted or
  taken away to match, so a group removed at the provider removes the role at the next sign-in.
- A user deactivated in Loupe is refused here, and their open sessions end at their next request:
  config.auth.ModelBackend loads the user on every request anyway and refuses an inactive one.
"""

import re
from dataclasses import dataclass, field

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from config import roles

PROVIDER = "sso"
ROLE_NAMES = {
    "curator": roles.CURATOR,
    "interviewer": roles.INTERVIEWER,
    "hiring_manager": roles.HIRING_MANAGER,
}


def role_map(text: str | None = None) -> dict[str, str]:
    """OIDC_ROLE_MAP "idp-group=role,..." as {idp group: Loupe group name}."""
    mapping = {}
    for pair in filter(
        None, (item.strip() for item in (text or settings.OIDC_ROLE_MAP).split(","))
    ):
        group, _, role = pair.partition("=")
        if role.strip() not in ROLE_NAMES:
            raise ImproperlyConfigured(
                f"OIDC_ROLE_MAP: {pair!r}: expected group=role, role one of {', '.join(ROLE_NAMES)}"
            )
        mapping[group.strip()] = ROLE_NAMES[role.strip()]
    return mapping


def claimed_groups(claims: dict, role_claim: str) -> set[str]:
    value = claims.get(role_claim) or []
    return {value} if isinstance(value, str) else {str(item) for item in value}


@dataclass
class Outcome:
    user: object | None
    roles: set[str] = field(default_factory=set)
    why: str = ""


def unique_username(claims: dict) -> str:
    User = get_user_model()
    base = (
        re.sub(r"[^\w.@+-]", "", claims.get("preferred_username") or "")[:140]
        or f"sso-{claims['sub']}"[:140]
    )
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def identity_user(*, uid: str, claims: dict):
    account = SocialAccount.objects.select_related("user").filter(provider=PROVIDER, uid=uid)
    account = account.first()
    if account is not None:
        account.extra_data = claims
        account.save(update_fields=["extra_data"])
        return account.user
    User = get_user_model()
    email = claims.get("email") if claims.get("email_verified") is True else ""
    user = None
    if email:
        known = list(User.objects.filter(email__iexact=email)[:2])
        # One user by that email, and not already someone else's SSO identity.
        if len(known) == 1 and not SocialAccount.objects.filter(user=known[0]).exists():
            user = known[0]
    if user is None:
        user = User(
            username=unique_username(claims),
            email=email,
            first_name=(claims.get("given_name") or "")[:150],
            last_name=(claims.get("family_name") or "")[:150],
        )
        user.set_unusable_password()
        user.save()
    SocialAccount.objects.create(user=user, provider=PROVIDER, uid=uid, extra_data=claims)
    return user


def apply_roles(*, user, groups: set[str], mapping: dict[str, str]) -> set[str]:
    wanted = {mapping[group] for group in groups if group in mapping}
    for role in roles.ROLE_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=role)
        if role in wanted:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    return wanted


def sign_in(*, claims: dict, role_claim: str) -> Outcome:
    mapping = role_map()
    uid = f"{claims['iss']} {claims['sub']}"
    if len(uid) > SocialAccount._meta.get_field("uid").max_length:
        # Never truncated: two people must not share an identity. Rare (issuer URL + subject).
        return Outcome(user=None, why="Your identity provider's account id is too long for Loupe.")
    with transaction.atomic():
        user = identity_user(uid=uid, claims=claims)
        if not user.is_active:
            return Outcome(user=None, why="Your Loupe account is deactivated.")
        granted = apply_roles(user=user, groups=claimed_groups(claims, role_claim), mapping=mapping)
    return Outcome(user=user, roles=granted)
