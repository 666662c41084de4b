"""Registers made before their templates' texts were fit to send.

1. A processing whose transfers still say what its template said, with the
   instruction « … et notez ici tout transfert » meant for the practice, now
   says only the statement; the instruction is shown beside the field.
2. An organisation without a postal address takes its register controller's,
   which its letters and documents then carry.
"""

import re

from django.db import migrations

NO_TRANSFER = "Aucun transfert hors de l'Union européenne n'est prévu."
# The templates' texts before (processing-templates, version 1 of each item).
OLD_TRANSFERS = [
    "Aucun transfert hors de l'Union européenne n'est prévu. Demandez à chaque prestataire (paie, comptabilité, stockage en ligne) où les données sont stockées et depuis quels pays elles peuvent être consultées, et notez ici tout transfert.",
    "Aucun transfert hors de l'Union européenne n'est prévu. Demandez à chaque prestataire (éditeur, concentrateur, hébergeur) où les données sont stockées et depuis quels pays elles peuvent être consultées, et notez ici tout transfert.",
    "Aucun transfert hors de l'Union européenne n'est prévu. Demandez à chaque prestataire (éditeur, hébergeur, maintenance à distance) où les données sont stockées et depuis quels pays elles peuvent être consultées, et notez ici tout transfert. Un hébergeur certifié selon le référentiel HDS de 2024 doit stocker les données de santé dans l'Espace économique européen.",
    "Aucun transfert hors de l'Union européenne n'est prévu. Demandez à chaque prestataire (éditeur, hébergeur, secrétariat à distance) où les données sont stockées et depuis quels pays elles peuvent être consultées, et notez ici tout transfert.",
    "Aucun transfert hors de l'Union européenne n'est prévu. Demandez à l'éditeur de la solution de vidéo où les données et les flux de la séance sont traités et depuis quels pays elles peuvent être consultées, et notez ici tout transfert. Un hébergeur certifié selon le référentiel HDS de 2024 doit stocker les données de santé dans l'Espace économique européen.",
    "Aucun transfert hors de l'Union européenne n'est prévu. Demandez à la plateforme où les données sont stockées, depuis quels pays son support peut les consulter et par qui passent les SMS de rappel, et notez ici tout transfert. Un hébergeur certifié selon le référentiel HDS de 2024 doit stocker les données de santé dans l'Espace économique européen.",
    "Aucun transfert hors de l'Union européenne n'est prévu. Demandez à votre expert-comptable et à l'éditeur de votre logiciel de comptabilité où les données sont stockées et depuis quels pays elles peuvent être consultées, et notez ici tout transfert.",
    "Aucun transfert hors de l'Union européenne n'est prévu. Demandez à votre opérateur de messagerie où les messages sont stockés et depuis quels pays ils peuvent être consultés, et notez ici tout transfert.",
    "Aucun transfert hors de l'Union européenne n'est prévu. Demandez à votre opérateur de messagerie où les messages sont stockés et depuis quels pays ils peuvent être consultés, et notez ici tout transfert. Une messagerie ordinaire (Gmail, Outlook…) ne convient pas pour des données de patients.",
    "Aucun transfert hors de l'Union européenne n'est prévu. Vérifiez où sont hébergés le site, le formulaire et l'outil de mesure d'audience : certains outils de mesure d'audience envoient les données hors de l'Union européenne. Notez ici tout transfert.",
]


def forwards(apps, schema_editor):
    Processing = apps.get_model("rgpd_register", "Processing")
    Controller = apps.get_model("rgpd_register", "Controller")
    Processing.objects.filter(transfers__in=OLD_TRANSFERS).update(transfers=NO_TRANSFER)
    for controller in Controller.objects.select_related("org").exclude(address=""):
        org = controller.org
        if not org.address.strip():
            org.address = re.sub(r",\s*(?=\d{5}\b)", "\n", controller.address.strip())
            org.save(update_fields=["address"])


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_address_time_zone"),
        ("rgpd_register", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
