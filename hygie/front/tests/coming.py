"""A capability still to come, for the tests of what the pages say of those
once every capability of the product has its page."""

from unittest import mock

from hygie.front import capabilities
from hygie.lib.plugins import Tile

FUTURE = Tile(
    "formations",
    "Formations de l'équipe",
    "Les formations suivies par chacun et celles à prévoir.",
)


def with_future_capability():
    """Add FUTURE to the capabilities to come (a decorator or a context manager)."""
    return mock.patch.object(capabilities, "COMING", [*capabilities.COMING, FUTURE])
