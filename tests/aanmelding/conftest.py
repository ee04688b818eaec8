import time
import uuid
from datetime import date

import pytest

from aanmelding.forms import sign_started


@pytest.fixture
def form_data():
    """A complete, valid registration by a parent, as the browser sends it."""

    def _data(**overrides: object) -> dict:
        today = date.today()
        # The start time is signed together with the form's submission token (single use), as
        # if the parent had typed for a minute.
        token = str(overrides.get("submission_token") or uuid.uuid4())
        data = {
            "kanaal": "ouder",
            "kind_first_name": "Noor",
            "kind_geboortedatum": date(today.year - 3, 5, 1).isoformat(),
            "ouder_name": "Fatima Bakker",
            "ouder_telefoon": "06 12345678",
            "ouder_email": "fatima@example.org",
            "contact_voorkeur": "telefoon",
            "postcode": "2511 AB",
            "zorg": "Noor praat nog bijna niet en schrikt snel.",
            "zorg_domeinen": ["spraak_taal", "sociaal_emotioneel"],
            "betrokken": "Consultatiebureau",
            "gezag": "beide_ouders",
            "andere_gezagsdrager": "akkoord",
            "toestemming_informatie": "on",
            "toestemming_mdo": "on",
            "started": sign_started(submission_token=token, at=time.time() - 60),
            "submission_token": token,
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return _data
