"""What one server process shares among the phones of a game it serves.

A thousand phones each subscribed to their game's group would each get every
state message through the channel layer: a queue, a task and a wake-up per
phone, a message per phone through Redis, before the first byte leaves. Here
the process subscribes once per game (`Relay`) and writes the message to its
own phones in one pass. Answers go the same way (`Desk`): those arriving
while a batch is being written wait and go together in the next
transaction, one commit for many.

All of it belongs to one event loop (`here()`): the tests run each in a loop
of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

logger = logging.getLogger(__name__)


class Relay:
    """One process's subscription to a group, delivering to local consumers."""

    def __init__(self, layer, group: str, deliver: Callable[[dict, list], Awaitable[None]]):
        self.layer, self.group, self.deliver = layer, group, deliver
        self.members: dict[int, Any] = {}
        self.memo: dict = {}  # what its members' screens read once for all
        self.closed = False
        self.task: asyncio.Task | None = None
        self.ready = asyncio.ensure_future(self._subscribe())

    async def _subscribe(self) -> None:
        # The layer's own prefix: channels-redis reads every channel of a
        # process from one Redis key per prefix, one reader at a time; another
        # prefix would make the host screen's messages wait for this reader.
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(self.group, self.channel)
        self.task = asyncio.ensure_future(self._listen())

    async def _listen(self) -> None:
        # The layer honours every cancellation, even one Python 3.11 loses
        # (see layers.py): cancelling this task ends the loop.
        while True:
            try:
                message = await self.layer.receive(self.channel)
                await self.deliver(message, list(self.members.values()))
            except asyncio.CancelledError:
                raise
            except Exception:  # a lost message must not end the subscription
                logger.exception("Cyberquiz: message not relayed to the phones of %s", self.group)
                await asyncio.sleep(0.5)

    async def close(self) -> None:
        self.closed = True
        try:
            await self.ready
        finally:
            if self.task is not None:
                self.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self.task
            if hasattr(self, "channel"):
                await self.layer.group_discard(self.group, self.channel)


class Here:
    """What the connections of a process share, in one event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.relays: dict[tuple[int, str], Relay] = {}
        self.desk: Desk | None = None


_here: Here | None = None


def here() -> Here:
    """The running event loop's shared state."""
    global _here
    loop = asyncio.get_running_loop()
    if _here is None or _here.loop is not loop:
        _here = Here(loop)
    return _here


async def attach(layer, group: str, member, deliver) -> Relay:
    """Let `member` receive the group's messages (through `deliver`)."""
    relays, key = here().relays, (id(layer), group)
    relay = relays.get(key)
    if relay is None or relay.closed:
        relay = relays[key] = Relay(layer, group, deliver)
    relay.members[id(member)] = member  # before waiting: a detach now keeps it open
    await asyncio.shield(relay.ready)
    return relay


async def detach(relay: Relay, member) -> None:
    relay.members.pop(id(member), None)
    if relay.members or relay.closed:
        return
    relays, key = here().relays, (id(relay.layer), relay.group)
    if relays.get(key) is relay:
        del relays[key]
    await relay.close()


class Desk:
    """Answers waiting to be written, one batch at a time per process."""

    def __init__(self, write, after):
        # write(game_id, items) -> results, awaited; after(layer, game_id, results).
        self.write, self.after = write, after
        self.pending: dict[int, list] = {}
        self.worker: asyncio.Task | None = None

    async def submit(self, layer, game_id: int, item: tuple):
        future = asyncio.get_running_loop().create_future()
        self.pending.setdefault(game_id, []).append((layer, item, future))
        if self.worker is None or self.worker.done():
            self.worker = asyncio.ensure_future(self._drain())
        return await future

    async def _drain(self) -> None:
        while self.pending:
            game_id = next(iter(self.pending))
            batch = self.pending.pop(game_id)
            try:
                results = await self.write(game_id, [item for _, item, _ in batch])
            except Exception as exc:
                for _, _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, _, future), result in zip(batch, results, strict=True):
                if not future.done():  # its phone may have gone meanwhile
                    future.set_result(result)
            try:
                await self.after(batch[0][0], game_id, results)
            except Exception:
                logger.exception("Cyberquiz: after the answers of game %s", game_id)
