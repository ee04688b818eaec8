"""Gezin, kind, traject, contacts, plan, referrals, closure and the parents' view."""
