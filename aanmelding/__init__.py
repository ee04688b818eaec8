"""Public registration (aanmelding), postcode finder, aanmeldpunt inbox and intake."""
