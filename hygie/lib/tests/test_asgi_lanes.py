import asyncio

from django.test import SimpleTestCase

from hygie.lib.asgi import Lanes


class Recorder:
    """An ASGI application that holds each request until told to finish."""

    def __init__(self):
        self.running = 0
        self.release = asyncio.Event()

    async def __call__(self, scope, receive, send):
        self.running += 1
        await self.release.wait()
        self.running -= 1


async def run(app, paths: list[str], kind: str = "http") -> None:
    requests = [
        asyncio.create_task(app({"type": kind, "path": path}, None, None)) for path in paths
    ]
    await asyncio.sleep(0)  # let every request start, or queue
    await asyncio.sleep(0)
    return requests


class LanesTestCase(SimpleTestCase):
    def test_at_most_the_lanes_size_of_pages_run_at_once(self):
        async def scenario():
            inner = Recorder()
            app = Lanes(inner, pages=3, documents=1)
            tasks = await run(app, ["/o/x/"] * 10)
            running = inner.running
            inner.release.set()
            await asyncio.gather(*tasks)
            return running, inner.running

        self.assertEqual(asyncio.run(scenario()), (3, 0))

    def test_pdfs_have_a_lane_of_their_own(self):
        async def scenario():
            inner = Recorder()
            app = Lanes(inner, pages=2, documents=1)
            tasks = await run(app, ["/o/x/echeances/export.pdf"] * 5 + ["/o/x/"] * 5)
            running = inner.running
            inner.release.set()
            await asyncio.gather(*tasks)
            return running

        # One PDF and two pages: waiting PDFs never take the pages' places.
        self.assertEqual(asyncio.run(scenario()), 3)

    def test_other_connections_are_not_held(self):
        async def scenario():
            inner = Recorder()
            app = Lanes(inner, pages=1, documents=1)
            tasks = await run(app, ["/ws/"] * 4, kind="websocket")
            running = inner.running
            inner.release.set()
            await asyncio.gather(*tasks)
            return running

        self.assertEqual(asyncio.run(scenario()), 4)

    def test_one_application_serves_one_event_loop_after_another(self):
        # The live servers of the tests each run a loop of their own around
        # the one application: a lane that waited in one must not be reused.
        app = Lanes(Recorder(), pages=1, documents=1)

        async def scenario():
            inner = app.app = Recorder()
            tasks = await run(app, ["/o/x/"] * 3)
            running = inner.running
            inner.release.set()
            await asyncio.gather(*tasks)
            return running

        self.assertEqual(asyncio.run(scenario()), 1)
        self.assertEqual(asyncio.run(scenario()), 1)
