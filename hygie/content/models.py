from django.db import models
from django.utils import timezone


class Collection(models.Model):
    key = models.CharField(max_length=60, unique=True)
    kind = models.CharField(max_length=40)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    file = models.CharField(max_length=200)
    digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class Item(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=80)
    version = models.PositiveIntegerField()
    data = models.JSONField()
    position = models.PositiveIntegerField(default=0)
    # An item removed from its file is retired, not deleted: records may cite it.
    retired = models.BooleanField(default=False)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["collection", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "key"], name="one_item_key_per_collection"
            )
        ]

    def __str__(self) -> str:
        return f"{self.collection.key}/{self.key}"
