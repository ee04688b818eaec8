import factory
from factory.django import DjangoModelFactory

from ivh.netwerk.constants import Discipline, OrganisatieModel, OrganisatieSoort
from ivh.netwerk.models import Dienst, Gemeente, Organisatie, Postcodegebied, Region


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")
    organisatie_model = OrganisatieModel.CENTRAAL_AANMELDPUNT
    aanmeldpunt_name = factory.LazyAttribute(lambda o: f"Aanmeldpunt {o.name}")
    aanmeldpunt_telefoon = "070 000 00 00"
    aanmeldpunt_email = factory.LazyAttribute(lambda o: f"aanmeldpunt@{o.slug}.test")


class GemeenteFactory(DjangoModelFactory):
    class Meta:
        model = Gemeente

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")  # 6 characters, always
    region = factory.SubFactory(RegionFactory)
    kinderen_0_6 = 1000


class PostcodegebiedFactory(DjangoModelFactory):
    class Meta:
        model = Postcodegebied

    gemeente = factory.SubFactory(GemeenteFactory)
    van = 1000
    tot = 1009


class OrganisatieFactory(DjangoModelFactory):
    class Meta:
        model = Organisatie
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    soort = OrganisatieSoort.ZORGAANBIEDER
    disciplines = factory.LazyFunction(lambda: [Discipline.ORTHOPEDAGOOG.value])

    @factory.post_generation
    def regions(self, create: bool, extracted: list[Region] | None, **kwargs: object) -> None:
        if create and extracted:
            self.regions.set(extracted)

    class Params:
        mee = factory.Trait(
            soort=OrganisatieSoort.MEE, disciplines=[Discipline.TRAJECTBEGELEIDER.value]
        )
        ziekenhuis = factory.Trait(
            soort=OrganisatieSoort.ZIEKENHUIS, disciplines=[Discipline.KINDERARTS.value]
        )


class DienstFactory(DjangoModelFactory):
    class Meta:
        model = Dienst

    organisatie = factory.SubFactory(OrganisatieFactory)
    name = factory.Sequence(lambda n: f"Dienst {n}")
