"""The safety net before every scan: the deadlines brought in line with every recorded fact.

The domain services start and stop deadlines in the transaction of each event
(`ivh.termijnen.sync.termijnen_bijwerken`); this pass catches what bypassed them (a data import,
a correction in the admin) and fills the deadlines of data recorded before they existed, so a
signal is never raised for a step already taken.
"""

from ivh.termijnen.sync import SyncResult, termijnen_sync

sync = termijnen_sync

__all__ = ["SyncResult", "sync"]
