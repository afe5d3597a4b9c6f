"""The local practice log: clients, runs, ratings, settings and patterns in one SQLite file.

store = open_store(paths)        # or open_store(paths, read_only=True) beside the window
for line in store.notices: ...   # anything the person should be told (a restored backup)
store.close()
"""

from calm.store.records import (
    MEASURES,
    MOMENTS,
    STATUSES,
    ClientRecord,
    Rating,
    RunRecord,
)
from calm.store.store import Store, open_store

__all__ = [
    "MEASURES",
    "MOMENTS",
    "STATUSES",
    "ClientRecord",
    "Rating",
    "RunRecord",
    "Store",
    "open_store",
]
