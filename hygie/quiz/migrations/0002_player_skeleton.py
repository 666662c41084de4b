"""Players of a game may no longer have pseudonyms that look alike (a
Cyrillic « А » for a Latin « A »): each player keeps what its pseudonym looks
like, unique in its game. Players who already look alike in a game (their
answers are deleted within 30 days anyway) keep theirs, made distinct by
their number."""

from django.db import migrations, models

from hygie.lib.confusables import skeleton


def fill(apps, schema_editor):
    Player = apps.get_model("quiz", "Player")
    seen = set()
    for player in Player.objects.order_by("pk").only("pk", "game_id", "pseudonym"):
        look = skeleton(player.pseudonym)
        if (player.game_id, look) in seen:
            look = f"{look}#{player.pk}"
        seen.add((player.game_id, look))
        Player.objects.filter(pk=player.pk).update(skeleton=look)


class Migration(migrations.Migration):
    dependencies = [("quiz", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="player",
            name="skeleton",
            field=models.CharField(default="", editable=False, max_length=400),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="player",
            constraint=models.UniqueConstraint(
                fields=("game", "skeleton"), name="one_look_per_game"
            ),
        ),
    ]
