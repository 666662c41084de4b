"""The identitovigilance forms. The tools' forms check their input and keep
the pure module's answer in `result`, so a bad input is a French error on its
field, never an exception; the audit's forms take the file and confirm its
columns."""

from __future__ import annotations

from django import forms
from django.conf import settings

from hygie.identity import intake, mssante, nir, status
from hygie.identity.uploads import megabytes

YES_NO = [("oui", "Oui"), ("non", "Non")]
OID_CHOICES = [
    ("", "Je ne sais pas / sans objet"),
    *[(code, f"{label} ({code})") for code, (_, label) in nir.OIDS.items()],
]


class NirForm(forms.Form):
    numero = forms.CharField(
        label="NIR ou matricule INS",
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "text"}
        ),
        help_text="13 caractères, ou 15 avec la clé ; les espaces et les points sont acceptés.",
        error_messages={"required": "Saisissez le numéro à vérifier."},
    )
    sexe = forms.ChoiceField(
        label="Sexe (facultatif)",
        required=False,
        choices=[("", "—"), ("F", "Femme"), ("M", "Homme")],
    )
    naissance = forms.CharField(
        label="Date de naissance (facultatif)",
        required=False,
        max_length=20,
        help_text="JJ/MM/AAAA ou AAAA-MM-JJ ; 00 pour un jour ou un mois inconnu.",
    )
    lieu = forms.CharField(
        label="Lieu de naissance, code INSEE (facultatif)",
        required=False,
        max_length=10,
        help_text="Le code de la commune (75056, 2A004…) ou, pour une naissance à l'étranger, "
        "du pays (99350 pour le Maroc…) ; ce n'est pas le code postal.",
    )
    oid = forms.ChoiceField(
        label="Type de matricule INS (OID, facultatif)",
        required=False,
        choices=OID_CHOICES,
        help_text="Tel que le donne le logiciel après une interrogation du téléservice INSi.",
    )

    result: nir.NirCheck | None = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.result = nir.check(
                data["numero"],
                sex=data.get("sexe"),
                birth_date=data.get("naissance"),
                place=data.get("lieu"),
                oid=data.get("oid"),
            )
        except nir.TraitError as error:
            field = {"sex": "sexe", "birth_date": "naissance", "place": "lieu"}[error.trait]
            self.add_error(field, str(error))
        return data


class StatusForm(forms.Form):
    insi = forms.ChoiceField(
        label="L'identité a-t-elle été récupérée sur le téléservice INSi ?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="Par la carte Vitale ou par les traits, avec un retour « une identité "
        "trouvée », puis comparée avec succès à la personne.",
        error_messages={"required": "Répondez par oui ou non."},
    )
    piece = forms.ChoiceField(
        label="Les traits ont-ils été contrôlés sur une pièce d'identité à haut niveau de "
        "confiance ?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="Passeport, carte nationale d'identité, titre de séjour… (liste plus bas).",
        error_messages={"required": "Répondez par oui ou non."},
    )
    attribut = forms.ChoiceField(
        label="L'identité est-elle signalée douteuse ou fictive ?",
        choices=list(status.ATTRIBUTES.items()),
        required=False,
        widget=forms.RadioSelect,
        initial="",
    )
    cas = forms.ChoiceField(
        label="Cas particulier (facultatif)",
        required=False,
        choices=[("", "Aucun"), *[(k, v[0]) for k, v in status.SPECIAL_CASES.items()]],
    )

    result: status.Outcome | None = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.result = status.assess(
            insi=data["insi"] == "oui",
            document=data["piece"] == "oui",
            attribute=data.get("attribut") or "",
            special_case=data.get("cas") or "",
        )
        return data


class PatientAddressForm(forms.Form):
    matricule = forms.CharField(
        label="Matricule INS du patient",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="Les 15 caractères, clé comprise.",
        error_messages={"required": "Saisissez le matricule INS."},
    )
    statut = forms.ChoiceField(
        label="Statut de l'identité dans votre logiciel",
        choices=[(s.code, f"{s.label} ({s.code})") for s in status.STATUSES.values()],
    )

    result: mssante.PatientAddress | None = None

    def clean(self):
        data = super().clean()
        if not self.errors:
            self.result = mssante.patient_address(data["matricule"], data["statut"])
        return data


class RecipientForm(forms.Form):
    adresse = forms.CharField(
        label="Adresse du destinataire",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Saisissez une adresse e-mail."},
    )

    result: mssante.Recipient | None = None

    def clean(self):
        data = super().clean()
        if not self.errors:
            self.result = mssante.check_recipient(data["adresse"])
            if self.result.kind == "invalide":
                self.add_error("adresse", self.result.verdict)
                self.result = None
        return data


NO_COLUMN = ""


class UploadForm(forms.Form):
    """The patient list exported from the practice software."""

    fichier = forms.FileField(
        label="Liste des patients (CSV ou XLSX)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
        error_messages={
            "required": "Choisissez le fichier exporté de votre logiciel.",
            "empty": "Ce fichier est vide.",
        },
    )
    feuille = forms.CharField(
        label="Feuille du classeur (facultatif)",
        required=False,
        max_length=100,
        help_text="Pour un classeur XLSX de plusieurs feuilles : son nom. Sinon, Hygie lit la "
        "première feuille qui n'est pas vide.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fichier"].help_text = (
            "Exportez la liste depuis votre logiciel de cabinet, en CSV (tout séparateur, UTF-8 "
            f"ou Windows-1252) ou en XLSX, {megabytes(settings.IDENTITY_MAX_FILE_BYTES)} au plus. "
            "Pour un gros fichier (plus de 50 000 patients), préférez le CSV : il se lit bien "
            "plus vite qu'un classeur."
        )


def confidence_label(value: float | None) -> str:
    if value is None:
        return ""
    if value >= 0.95:
        return "reconnue"
    if value >= 0.6:
        return "probable, à vérifier"
    return "supposée, à vérifier"


class MappingForm(forms.Form):
    """Which column holds each field: the proposal, confirmed or changed."""

    def __init__(self, mapping: intake.Mapping, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.mapping = mapping
        choices = [(NO_COLUMN, "— Aucune colonne —")] + [
            (str(i), label) for i, label in enumerate(mapping.columns)
        ]
        for name in intake.FIELDS:
            index = mapping.fields.get(name)
            help_text = ""
            if index is not None:
                help_text = f"Proposition {confidence_label(mapping.confidence.get(name))}."
            elif name == "identifiant":
                help_text = (
                    "Sans identifiant, Hygie désigne chaque patient par son numéro de ligne."
                )
            self.fields[name] = forms.ChoiceField(
                label=intake.FIELD_LABELS[name],
                choices=choices,
                required=False,
                initial=NO_COLUMN if index is None else str(index),
                help_text=help_text,
                error_messages={"invalid_choice": "Choisissez une des colonnes du fichier."},
            )

    def clean(self):
        data = super().clean()
        chosen: dict[str, str] = {}
        for name in intake.FIELDS:
            value = data.get(name) or NO_COLUMN
            if value != NO_COLUMN:
                if value in chosen:
                    self.add_error(
                        name,
                        f"Cette colonne est déjà choisie pour « {intake.FIELD_LABELS[chosen[value]]} ».",
                    )
                chosen[value] = name
        if not chosen:
            raise forms.ValidationError("Choisissez au moins une colonne.")
        return data

    def confirmed(self) -> intake.Mapping:
        mapping = self.mapping
        for name in intake.FIELDS:
            value = self.cleaned_data.get(name) or NO_COLUMN
            index = None if value == NO_COLUMN else int(value)
            if index != mapping.fields.get(name):
                mapping = mapping.with_field(name, index)
        return mapping
