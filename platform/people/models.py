"""One account per person for the whole district, memberships per school (design note 6)."""

from __future__ import annotations

import uuid

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from people.roles import DistrictRole, SchoolRole


class PersonManager(BaseUserManager["Person"]):
    def get_by_natural_key(self, username: str | None) -> Person:
        return self.get(username__iexact=username)

    def create_user(self, username: str, password: str | None = None, **fields: object) -> Person:
        person = self.model(username=username.lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, username: str, password: str | None = None, **fields: object) -> Person:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(username, password, **fields)


class Person(AbstractBaseUser, PermissionsMixin):
    """A person with one login for every space of the district.

    Never deleted once school records refer to them: deactivated instead. So a school's tables
    refer to a person with `db_constraint=False` (on_delete=PROTECT stays in the ORM): with a
    database constraint each school schema would add ~20 foreign keys and 40 triggers to this one
    shared table, and registering a school, or updating a person, would cost more with every
    school of the district (issue 15; tests/test_provisioning.py checks that no school table has
    a constraint into `public`).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    username = models.CharField(_("login"), max_length=150, unique=True)
    last_name = models.CharField(_("last name"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # With the full name, how one person is recognised across schools (one account per person).
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # Signed in with a one-time code (an invitation slip): must choose a password before anything else.
    must_set_password = models.BooleanField(_("must choose a password"), default=False)
    # Raised by «sign out everywhere» and a password change: every session made before it ends.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    district_roles = ArrayField(
        models.CharField(max_length=32, choices=DistrictRole.choices), default=list, blank=True,
        verbose_name=_("district roles"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = PersonManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["last_name", "first_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "patronymic"]

    def __str__(self) -> str:
        return self.get_full_name()

    def get_full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Sessions are bound to the password *and* the epoch: raising the epoch signs out every device."""
        key_salt = "people.Person.session_auth_hash"
        return salted_hmac(key_salt, f"{self.password}:{self.session_epoch}", secret=secret,
                           algorithm="sha256").hexdigest()

    def get_short_name(self) -> str:
        """«Эскиев Р.Х.» — surname and initials, as orders write them."""
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.patronymic) if part)
        return f"{self.last_name} {initials}".strip()


class Membership(models.Model):
    """A person's place in one school's space, with the roles held there."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    school = models.ForeignKey("tenants.School", on_delete=models.PROTECT, related_name="memberships")
    roles = ArrayField(models.CharField(max_length=32, choices=SchoolRole.choices), default=list, blank=True)
    is_active = models.BooleanField(default=True)
    # For a guest mentor (mentor exchange): the programmes of this school they may open, and nothing else.
    guest_programmes = ArrayField(models.UUIDField(), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["person", "school"], name="membership_one_per_school"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.school}"

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    def role_labels(self) -> list[str]:
        return [str(SchoolRole(role).label) for role in self.roles]


class SignIn(models.Model):
    """One signed-in session of a person, for «Мой профиль» (issue 10, point 5): written when the session is
    bound at sign-in (people.views._bind_session), its last request noted when the middleware rewrites the
    session's seen mark (at most once a minute). Ended through the session store (people.signins), never
    by deleting this row alone; the row goes when its session ends."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="sign_ins")
    session_key = models.CharField(max_length=40, unique=True)
    schema_name = models.CharField(max_length=63)
    signed_in_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    user_agent = models.CharField(max_length=100, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.person} @ {self.schema_name}"
