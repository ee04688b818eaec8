import factory
from factory.django import DjangoModelFactory

from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.netwerk.constants import Discipline
from tests.support.names import safe_name

PASSWORD = "een-goed-wachtwoord-2026"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"medewerker{n}@example.org")
    full_name = factory.LazyFunction(safe_name)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save(update_fields=["password"])


class RoleAssignmentFactory(DjangoModelFactory):
    """A role with the scope it needs; pick the role with a trait."""

    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.COORDINATOR
    region = None
    organisatie = None
    gemeente = None
    discipline = ""

    class Params:
        coordinator = factory.Trait(role=Role.COORDINATOR)
        casemanager = factory.Trait(role=Role.CASEMANAGER)
        expert = factory.Trait(role=Role.MDO_EXPERT, discipline=Discipline.KINDERARTS)
        gemeente_official = factory.Trait(role=Role.GEMEENTE)
        beheerder = factory.Trait(role=Role.BEHEERDER)
