from tests.core.test_fuzz import _walk, _routes, _query_names_in_the_code, world  # noqa
import pytest
pytestmark = pytest.mark.django_db

def test_debug(personas, world, client):
    client.force_login(personas.casemanager)
    walk = _walk(client, list(_routes()), world, set())
    for t in walk.as_targets():
        print(t.method, t.url, [f[0] for f in t.fields], t.fixed)
    print("postonly", walk.post_only)
