"""`manage.py check` warns when a model linked to a family, child or registration, or one of
its fields that could hold personal data, has no retention declaration (bewaring.registry).
A warning, not an error: it must not stop a colleague's migrate halfway through adding a
model; the model-walk test (tests/bewaring/test_model_walk.py) is what fails the build."""

from __future__ import annotations

from typing import Any

from django.core import checks


@checks.register()
def retention_declarations(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from .registry import problems

    return [
        checks.Warning(
            problem,
            hint="Zie docs/retention.md: declareer hoe het veld wordt geanonimiseerd.",
            id="bewaring.W001",
        )
        for problem in problems()
    ]
