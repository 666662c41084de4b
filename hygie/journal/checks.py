"""`hygie check --deploy`: the journal key kept apart from the data folder.

Whoever can copy or write the data folder (the SQLite database, its backups)
must not find there the key that re-signs the journal.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def journal_key_outside_data(app_configs=None, **kwargs) -> list[Warning]:
    kept = getattr(settings, "JOURNAL_KEY_FILE", None)
    if kept is None:
        return []
    data = Path(settings.DATA_DIR).resolve()
    if not Path(kept).resolve().is_relative_to(data):
        return []
    return [
        Warning(
            f"La clé du journal d'audit est dans le dossier de données ({kept}) : qui peut "
            "copier ou modifier la base peut aussi réécrire le journal et le signer à nouveau.",
            hint="Donnez-la par HYGIE_JOURNAL_KEY ou par un fichier secret hors de ce dossier "
            "(HYGIE_JOURNAL_KEY_FILE), comme le décrit docs/deploy.md ; gardez la clé actuelle, "
            "sans quoi le journal passé ne peut plus être vérifié.",
            id="hygie.journal.W001",
        )
    ]
