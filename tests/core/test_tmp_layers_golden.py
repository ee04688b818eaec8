import importlib.util

import pytest
from django.core.management import call_command

from casemanagement.models import Traject
from casemanagement.selectors import traject_timeline

pytestmark = pytest.mark.django_db


def test_golden():
    spec = importlib.util.spec_from_file_location("casemanagement.old_selectors", "/tmp/layers/old_selectors.py")
    old = importlib.util.module_from_spec(spec)
    import sys
    sys.modules[spec.name] = old
    spec.loader.exec_module(old)
    call_command("seed_demo")
    n = 0
    m = 0
    for t in Traject.objects.all():
        a = [tuple(vars(i).values()) for i in old.traject_timeline(t)]
        b = [tuple(vars(i).values()) for i in traject_timeline(t)]
        assert a == b
        n += len(a)
        m += sum(1 for i in b if i[1] == "mdo")
    print("items compared", n, "mdo", m, Traject.objects.count())
    assert n > 30
