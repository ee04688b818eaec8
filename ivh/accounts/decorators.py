from collections.abc import Callable
from typing import TypeVar

V = TypeVar("V", bound=Callable)


def otp_exempt(view: V) -> V:
    """Mark a view that a logged-in user may open before passing the second factor
    (the 2FA pages themselves and logout)."""
    view.otp_exempt = True  # type: ignore[attr-defined]
    return view
