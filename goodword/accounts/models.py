from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from goodword.core.statements import KeptStatement

# Languages a member can state on their profile (ISO 639-1).
LANGUAGE_CHOICES = [
    ("de", _("German")),
    ("en", _("English")),
    ("fr", _("French")),
    ("it", _("Italian")),
    ("es", _("Spanish")),
    ("nl", _("Dutch")),
    ("pl", _("Polish")),
    ("tr", _("Turkish")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("ar", _("Arabic")),
    ("pt", _("Portuguese")),
]

COUNTRY_CHOICES = [
    ("DE", _("Germany")),
    ("AT", _("Austria")),
    ("CH", _("Switzerland")),
    ("LI", _("Liechtenstein")),
    ("LU", _("Luxembourg")),
    ("NL", _("Netherlands")),
    ("BE", _("Belgium")),
    ("FR", _("France")),
    ("IT", _("Italy")),
    ("PL", _("Poland")),
    ("DK", _("Denmark")),
    ("CZ", _("Czechia")),
    ("ES", _("Spain")),
    ("GB", _("United Kingdom")),
    ("OTHER", _("Other country")),
]


DELETED_MEMBER = _("a deleted member")


class ProfileVisibility(models.TextChoices):
    """Who sees a member's profile. Logged-in members always do; the choice is about visitors
    who are not logged in, and search engines."""

    MEMBERS = "members", _("Members only")
    PUBLIC = "public", _("Everyone, also visitors who are not logged in")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get(self, *args, **kwargs):
        """`get(pk=…)` alone runs a kept statement: Django's `ModelBackend` reads the signed-in
        member that way on every request, and building the query cost more than running it."""
        pk = kwargs.get("pk")
        # Only the plain manager: related managers (`group.user_set`) subclass this class and
        # must keep their own filter.
        plain = type(self) is UserManager and self._db is None
        if not plain or args or len(kwargs) != 1 or type(pk) is not int:
            return super().get(*args, **kwargs)
        found = _BY_PK(pk=pk)
        if not found:
            raise self.model.DoesNotExist(
                f"{self.model._meta.object_name} matching query does not exist."
            )
        return found[0]


class User(AbstractUser):
    """A member's login. Everything public about a member lives on `Profile`."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    # Set when the member deleted their account: the row stays as an anonymous placeholder so
    # that other members' records (referrals, answers, conversations) keep their other side.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)
    # The language of the site and of every mail for this member; "" until they choose (then
    # the browser's language or the footer switch decides).
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES, default=""
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self) -> str:
        if self.deleted_at is not None:
            return str(DELETED_MEMBER)
        profile = getattr(self, "profile", None)
        return profile.display_name if profile and profile.display_name else self.email


# The facts a member states about themselves and may change, and nothing else (no "about me":
# others speak for them). The form, the API, the service, the export, the demo and the test
# factories all read this one list; topics and the portrait have their own paths.
PROFILE_FACTS = (
    "display_name",
    "city",
    "country",
    "profession",
    "languages",
    "website",
    "impressum_url",
    "looking_for",
    "visibility",
)


class Profile(models.Model):
    """Facts a member states about themselves. Deliberately no free "about me" text."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"), max_length=5, choices=COUNTRY_CHOICES, default="DE", blank=True
    )
    profession = models.CharField(_("profession"), max_length=120, blank=True)
    topics = models.ManyToManyField(
        "topics.Topic", blank=True, related_name="profiles", verbose_name=_("topics")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    impressum_url = models.URLField(_("Impressum (legal notice) link"), blank=True)
    looking_for = models.CharField(_("I am looking for"), max_length=280, blank=True)
    # Set when a moderator hid the "looking for" text: only the member still reads it.
    looking_for_hidden_at = models.DateTimeField(
        _("“looking for” hidden by the moderators"), null=True, blank=True
    )
    # Optional; stored as a square JPEG without metadata (accounts.portraits). Random file
    # names, so that a removed picture's address cannot be guessed from the member.
    portrait = models.ImageField(_("portrait"), upload_to="portraits/", blank=True)
    visibility = models.CharField(
        _("who can see your profile"),
        max_length=10,
        choices=ProfileVisibility.choices,
        default=ProfileVisibility.MEMBERS,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        indexes = [
            models.Index(fields=["display_name"]),
            models.Index(fields=["city"]),
            models.Index(fields=["profession"]),
        ]

    def __str__(self) -> str:
        return self.display_name or f"#{self.pk}"

    @property
    def is_public(self) -> bool:
        """Shown to visitors who are not logged in (and to search engines)."""
        return self.visibility == ProfileVisibility.PUBLIC and self.user.is_active

    @property
    def is_listed(self) -> bool:
        """A member appears in the directory once they have given themselves a name."""
        return bool(self.display_name) and self.user.is_active

    def looking_for_for(self, viewer) -> str:
        """The "looking for" text as `viewer` may read it: empty for everybody but the
        member while a moderator has hidden it."""
        if self.looking_for_hidden_at is None:
            return self.looking_for
        if getattr(viewer, "is_authenticated", False) and viewer.pk == self.user_id:
            return self.looking_for
        return ""


_BY_PK = KeptStatement(lambda pk: User.objects.filter(pk=pk))
