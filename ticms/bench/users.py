"""Which account plays each role: the seed_scale accounts, else the demo's, else --users."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from ticms.accounts.models import Role

PUBLIC = "public"

# role key → (the account's role, the usernames tried in order: seed_scale's, then seed_demo's)
CANDIDATES: dict[str, tuple[str, tuple[str, ...]]] = {
    "province": (Role.PROVINCE, ("scale-province", "province")),
    "city": (Role.CITY, ("scale-city", "nanjing")),
    "center": (Role.CENTER, ("scale-center", "center1")),
    "cobuilder": (Role.CO_BUILDER, ("scale-cobuilder", "cobuilder1")),
    "expert": (Role.EXPERT, ("scale-expert", "expert1")),
    "admin": (Role.SYSADMIN, ("scale-admin", "admin")),
}
ROLES = tuple(CANDIDATES)


def parse_mapping(text: str) -> dict[str, str]:
    """`province=alice,city=bob` → {"province": "alice", "city": "bob"}."""
    mapping = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        role, sep, username = part.partition("=")
        role, username = role.strip(), username.strip()
        if not sep or not username:
            raise ValueError(f"--users: expected role=username, got {part!r}")
        if role not in CANDIDATES:
            raise ValueError(f"--users: unknown role {role!r} (one of {', '.join(ROLES)})")
        mapping[role] = username
    return mapping


@dataclass
class Accounts:
    users: dict = field(default_factory=dict)  # role key → User
    missing: dict = field(default_factory=dict)  # role key → why no account plays it

    def get(self, role: str):
        return self.users.get(role)


def resolve(mapping: dict[str, str] | None = None) -> Accounts:
    mapping = mapping or {}
    User = get_user_model()
    accounts = Accounts()
    for key, (role, defaults) in CANDIDATES.items():
        tried = (mapping[key],) if key in mapping else defaults
        found = {u.username: u for u in User.objects.filter(username__in=tried, is_active=True)}
        user = next((found[name] for name in tried if name in found), None)
        if user is None:
            accounts.missing[key] = (
                f"no active account {' or '.join(tried)} (pass --users {key}=USERNAME)"
            )
        elif user.role != role:
            accounts.missing[key] = f"account {user.username} has role {user.role}, not {role}"
        else:
            accounts.users[key] = user
    return accounts
