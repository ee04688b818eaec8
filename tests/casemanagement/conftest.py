import pytest

from tests.casemanagement.factories import TrajectFactory


@pytest.fixture
def traject(personas):
    """An open traject of the casemanager persona, in the persona region."""
    return TrajectFactory(
        region=personas.region, casemanager=personas.casemanager, kind__first_name="Noor"
    )
