"""The channel layer of a single process, made for hundreds of phones.

Channels' in-memory layer checks the expiry of every message of every channel
on each receive, and deep-copies each message for each channel: a broadcast to
n phones then costs n² checks and n copies, half a second at a thousand
players. This layer checks expiry at most once a second and hands every
channel the same message; Hygie's consumers never modify a message they
receive. With several processes, Redis (channels-redis) is used instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer


class ProcessChannelLayer(InMemoryChannelLayer):
    CLEAN_EVERY = 1.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._cleaned = 0.0

    def _clean_expired(self):
        now = time.monotonic()
        if now - self._cleaned < self.CLEAN_EVERY:
            return
        self._cleaned = now
        super()._clean_expired()

    async def send(self, channel, message):
        assert isinstance(message, dict), "message is not a dict"
        self.require_valid_channel_name(channel)
        queue = self.channels.setdefault(channel, asyncio.Queue(maxsize=self.get_capacity(channel)))
        try:
            queue.put_nowait((time.time() + self.expiry, message))
        except asyncio.QueueFull:
            raise ChannelFull(channel) from None

    async def group_send(self, group, message):
        assert isinstance(message, dict), "Message is not a dict"
        self.require_valid_group_name(group)
        self._clean_expired()
        for channel in list(self.groups.get(group, {})):
            # A phone too slow to take its messages loses this one, not the others.
            with contextlib.suppress(ChannelFull):
                await self.send(channel, message)
