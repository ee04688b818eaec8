"""Multidisciplinary meetings (MDO): planning, invitations, agenda and advice."""
