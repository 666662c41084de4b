from django.core.cache import cache
from django.test import SimpleTestCase

from hygie.lib.throttling import count_in_window


class CountInWindowTest(SimpleTestCase):
    def setUp(self):
        cache.delete_many(["test-window:a", "test-window:b"])

    def test_counts_each_key_apart_and_starts_again_once_the_window_is_gone(self):
        self.assertEqual([count_in_window("test-window:a", 60) for _ in range(3)], [1, 2, 3])
        self.assertEqual(count_in_window("test-window:b", 60), 1)
        cache.delete("test-window:a")  # the window closed
        self.assertEqual(count_in_window("test-window:a", 60), 1)
