"""The Redis channel layer, made to honour every cancellation.

redis-py sends each command through `asyncio.wait_for` (it has a socket
timeout by default), and Python 3.11's `wait_for` loses a cancellation that
arrives as the command completes (fixed in Python 3.12). channels-redis
receives by polling Redis in a loop until a message comes: a lost
cancellation there leaves the loop polling forever, and the consumer that
waits for it, when a screen disconnects or a server stops, never ends.
"""

from __future__ import annotations

import asyncio

from channels_redis import core


def cancelled() -> bool:
    """Whether the running task was asked to stop and has not acknowledged it."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


class RedisChannelLayer(core.RedisChannelLayer):
    async def _brpop_with_clean(self, index, channel, timeout):
        # A message popped here is kept in Redis' backup queue until it is
        # handed over: stopping now loses nothing, the next receive puts it back.
        member = await super()._brpop_with_clean(index, channel, timeout)
        if cancelled():
            raise asyncio.CancelledError
        return member
