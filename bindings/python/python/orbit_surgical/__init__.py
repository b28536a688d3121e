"""orbit: an embedded surgical-analytics engine.

    >>> import orbit_surgical as orbit
    >>> with orbit.Store.open(":memory:") as store:
    ...     admin = store.system().call("bootstrap_global_admin", {"user": {"first_name": "Grace", "last_name": "Hopper"}})
    ...     scope = store.as_user(admin["id"])
    ...     report = scope.call("provision_facility", {"facility": {"name": "Riverside ASC"}})

Every operation runs on a :class:`Scope` through ``Scope.call(op, args)``; ``operations()`` lists them with
their argument keys. Errors raise a subclass of :class:`OrbitError` whose ``code`` is the stable numeric code
shared with the Rust, Node and C APIs.
"""

from ._native import *  # noqa: F403
from ._native import OrbitError, Scope, SqlSession, Store, __version__, operations

__all__ = ["OrbitError", "Scope", "SqlSession", "Store", "__version__", "operations"]  # and one exception class per error kind
