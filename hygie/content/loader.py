"""Validate the content library's YAML files and load them into the database.

1. Every file is read and checked (syntax, header, each item against the
   schema of its kind, unique ids, cited sources and every other id an item
   refers to, versions) before anything is written. Any problem refuses the
   whole load, with a French message naming the file, the item and the field.
2. The load is one transaction: collections and items are created or updated;
   items gone from their file are retired, never deleted. Loading the same
   files twice changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import OperationalError, ProgrammingError, connection, transaction
from django.utils import timezone
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from hygie.content import library
from hygie.content.models import Collection, Item
from hygie.lib.french import count

LIBRARY_DIR = Path(__file__).parent / "library"
SCHEMA_DIR = Path(__file__).parent / "schemas"
MAX_FILE_BYTES = 2 * 1024 * 1024
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,79}$"
SOURCES = "sources"
# In a schema, a text that must be the id of an item of another collection
# (`x-refers-to: diagnostic-measures`); the loader checks that it exists.
REFERS_TO = "x-refers-to"
MESSAGE = "x-message"
# How the loader's messages name an item of each collection it refers to.
NOUNS = {
    SOURCES: "la source",
    "diagnostic-measures": "la mesure",
    "diagnostic-themes": "le thème",
    "quiz-questions": "la question",
}
# The safe loader written in C, when PyYAML has it, reads the library about 40
# times faster than the Python one; every test database loads the library.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

HEADER_SCHEMA = {
    "type": "object",
    "required": ["collection", "kind", "version", "title", "items"],
    "additionalProperties": False,
    "properties": {
        "collection": {"type": "string", "pattern": ID_PATTERN},
        "kind": {"type": "string"},
        "version": {"type": "integer", "minimum": 1},
        "title": {"type": "string", "minLength": 3},
        "description": {"type": "string"},
        "items": {"type": "array", "minItems": 1, "items": {"type": "object"}},
    },
}

CITATION_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["ref"],
        "additionalProperties": False,
        "properties": {
            "ref": {"type": "string", "pattern": ID_PATTERN, REFERS_TO: SOURCES},
            "detail": {"type": "string"},
        },
    },
}

BASE_PROPERTIES = {
    "id": {"type": "string", "pattern": ID_PATTERN},
    "version": {"type": "integer", "minimum": 1},
    "source": CITATION_SCHEMA,
    # false when a fact could not be checked against the primary text: the
    # product then says so instead of presenting it as official.
    "verified": {"type": "boolean"},
    "note": {"type": "string"},
}

FRENCH_TYPES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "vrai ou faux",
    "array": "une liste",
    "object": "un ensemble de champs",
}


class ContentError(Exception):
    def __init__(self, file: str, message: str, item: str | None = None, field: str | None = None):
        self.file, self.item, self.field, self.message = file, item, field, message
        where = [f"fichier {file}"]
        if item is not None:
            where.append(f"élément {item}")
        if field:
            where.append(f"champ « {field} »")
        super().__init__(", ".join(where) + " : " + message)


@dataclass
class CollectionFile:
    path: Path
    digest: str
    header: dict[str, Any]
    items: list[dict[str, Any]]

    @property
    def key(self) -> str:
        return self.header["collection"]


@dataclass
class Outcome:
    key: str
    version: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)


@dataclass
class LoadReport:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(o.changed for o in self.outcomes)


def parse_yaml(text: str) -> Any:
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)


def kinds() -> dict[str, dict]:
    return {p.stem: parse_yaml(p.read_text()) for p in sorted(SCHEMA_DIR.glob("*.yaml"))}


def item_schema(kind_schema: dict, kind: str) -> dict:
    properties = {**kind_schema.get("properties", {}), **BASE_PROPERTIES}
    if kind == "source":
        properties.pop("source")
    required = ["id", "version", *(["source"] if kind != "source" else [])]
    return {
        **kind_schema,
        "properties": properties,
        "required": required + [r for r in kind_schema.get("required", []) if r not in required],
        "additionalProperties": False,
    }


def french(error: ValidationError) -> str:
    v = error.validator
    # A schema may say in French what its rule means (`x-message`), where the
    # rule itself (a long pattern) would tell the author nothing.
    if isinstance(error.schema, dict) and error.schema.get(MESSAGE) and v != "required":
        return f"valeur « {error.instance} » refusée : {error.schema[MESSAGE]}"
    if v == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return f"le champ obligatoire « {missing[0] if missing else '?'} » manque"
    if v == "additionalProperties":
        return "champ inconnu (faute de frappe ?)"
    if v == "type":
        return f"doit être {FRENCH_TYPES.get(str(error.validator_value), error.validator_value)}"
    if v == "enum":
        allowed = ", ".join(str(x) for x in error.validator_value)
        return f"valeur « {error.instance} » non reconnue (valeurs possibles : {allowed})"
    if v == "pattern":
        return f"valeur « {error.instance} » mal formée (format attendu : {error.validator_value})"
    if v == "minLength":
        return f"texte trop court (au moins {error.validator_value} caractères)"
    if v == "maxLength":
        return f"texte trop long (au plus {error.validator_value} caractères)"
    if v == "minItems":
        return f"la liste doit compter au moins {count(error.validator_value, 'élément')}"
    if v == "minimum":
        return f"doit être au moins {error.validator_value}"
    if v == "maximum":
        return f"doit être au plus {error.validator_value}"
    return error.message


def _field(error: ValidationError) -> str:
    path = list(error.absolute_path)
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        path = [*path, *missing[:1]]
    elif error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        path = [*path, ", ".join(extra)]
    return ".".join(str(p) for p in path)


def _item_name(item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return f"« {item['id']} »"
    return f"n° {index + 1}"


def read_file(
    path: Path, schemas: dict[str, dict]
) -> tuple[CollectionFile | None, list[ContentError]]:
    name = path.name
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        return None, [ContentError(name, "fichier trop volumineux (2 Mo au plus)")]
    try:
        data = parse_yaml(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, [ContentError(name, "le fichier doit être encodé en UTF-8")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" à la ligne {mark.line + 1}" if mark else ""
        return None, [
            ContentError(name, f"syntaxe YAML invalide{line} ({getattr(exc, 'problem', exc)})")
        ]
    if not isinstance(data, dict):
        return None, [
            ContentError(
                name,
                "le fichier doit décrire une collection (collection, kind, version, title, items)",
            )
        ]

    errors = [
        ContentError(name, french(e), field=_field(e))
        for e in Draft202012Validator(HEADER_SCHEMA).iter_errors(data)
    ]
    if errors:
        return None, errors
    kind = data["kind"]
    if kind not in schemas:
        return None, [
            ContentError(
                name, f"type « {kind} » inconnu (types : {', '.join(schemas)})", field="kind"
            )
        ]

    validator = Draft202012Validator(item_schema(schemas[kind], kind))
    seen: set[str] = set()
    for index, item in enumerate(data["items"]):
        label = _item_name(item, index)
        for e in sorted(validator.iter_errors(item), key=lambda e: list(e.absolute_path)):
            errors.append(ContentError(name, french(e), item=label, field=_field(e)))
        key = item.get("id")
        if not isinstance(key, str):
            continue
        if key in seen:
            errors.append(
                ContentError(
                    name, "cet identifiant est déjà utilisé dans le fichier", item=label, field="id"
                )
            )
        seen.add(key)
    digest = hashlib.sha256(raw).hexdigest()
    return CollectionFile(path, digest, data, data["items"]), errors


def read_library(directory: Path = LIBRARY_DIR) -> list[CollectionFile]:
    """Read and check every file; raise ContentLoadError listing every problem."""
    schemas = kinds()
    files: list[CollectionFile] = []
    errors: list[ContentError] = []
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise ContentLoadError(
            [ContentError(str(directory), "aucun fichier .yaml dans ce dossier")]
        )
    for path in paths:
        collection, problems = read_file(path, schemas)
        errors.extend(problems)
        if collection is not None:
            files.append(collection)

    owners: dict[str, str] = {}
    for f in files:
        if f.key in owners:
            errors.append(
                ContentError(
                    f.path.name,
                    f"la collection « {f.key} » est déjà définie dans {owners[f.key]}",
                    field="collection",
                )
            )
        owners[f.key] = f.path.name

    errors.extend(_reference_errors(files, schemas))
    for f in files:
        errors.extend(_version_errors(f))
    if errors:
        raise ContentLoadError(errors)
    return files


def references(schema: dict, data: Any, path: tuple = ()):
    """(field, id, collection) for every text of `data` that its schema marks
    as the id of an item of another collection. Values of the wrong type are
    skipped: the schema already reports them."""
    target = schema.get(REFERS_TO)
    if target and isinstance(data, str):
        yield ".".join(str(p) for p in path), data, target
    if isinstance(data, dict):
        for name, sub in schema.get("properties", {}).items():
            if name in data:
                yield from references(sub, data[name], (*path, name))
    if isinstance(data, list) and isinstance(schema.get("items"), dict):
        for n, value in enumerate(data):
            yield from references(schema["items"], value, (*path, n))


def _reference_errors(files: list[CollectionFile], schemas: dict[str, dict]) -> list[ContentError]:
    """Every id an item refers to exists: in the files read, or, for a
    collection these files do not hold, among the items already loaded."""
    in_files = {
        f.key: {i.get("id") for i in f.items if isinstance(i.get("id"), str)} for f in files
    }
    known: dict[str, set] = {}

    def ids(collection: str) -> set:
        if collection not in known:
            if collection in in_files:
                known[collection] = in_files[collection]
            else:
                stored = Item.objects.filter(collection__key=collection, retired=False)
                known[collection] = set(_stored(lambda: stored.values_list("key", flat=True), []))
        return known[collection]

    errors = []
    for f in files:
        schema = item_schema(schemas[f.header["kind"]], f.header["kind"])
        for index, item in enumerate(f.items):
            for field_name, value, target in references(schema, item):
                if value not in ids(target):
                    noun = NOUNS.get(target, "l'élément")
                    errors.append(
                        ContentError(
                            f.path.name,
                            f"{noun} « {value} » n'existe pas dans la collection {target}",
                            item=_item_name(item, index),
                            field=field_name,
                        )
                    )
    return errors


def _stored(read, empty):
    """What the database holds, or `empty` before its tables exist (a fresh
    data folder: validating the files needs no database)."""
    try:
        return read()
    except (OperationalError, ProgrammingError):
        if connection.in_atomic_block:
            raise
        return empty


def _version_errors(f: CollectionFile) -> list[ContentError]:
    """Versions never go down, and content never changes without a new version."""
    errors = []
    loaded = _stored(
        lambda: Collection.objects.filter(key=f.key).values_list("version", flat=True).first(), None
    )
    if loaded is not None and f.header["version"] < loaded:
        errors.append(
            ContentError(
                f.path.name,
                f"version {f.header['version']} de la collection inférieure à la version chargée ({loaded})",
                field="version",
            )
        )
    stored = _stored(
        lambda: {
            i.key: i
            for i in Item.objects.filter(collection__key=f.key).only("key", "version", "data")
        },
        {},
    )
    for index, item in enumerate(f.items):
        key, version = item.get("id"), item.get("version")
        # Ids and versions of the wrong type are already reported by the schema.
        if not isinstance(key, str) or not isinstance(version, int):
            continue
        old = stored.get(key)
        if old is None:
            continue
        label = _item_name(item, index)
        if version < old.version:
            errors.append(
                ContentError(
                    f.path.name,
                    f"version {version} inférieure à la version chargée ({old.version})",
                    item=label,
                    field="version",
                )
            )
        elif version == old.version and item != old.data:
            errors.append(
                ContentError(
                    f.path.name,
                    f"le contenu a changé : passez sa version à {old.version + 1}",
                    item=label,
                    field="version",
                )
            )
    return errors


class ContentLoadError(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@transaction.atomic
def load(directory: Path = LIBRARY_DIR) -> LoadReport:
    from hygie.journal.actions import record

    files = read_library(directory)
    report = LoadReport()
    now = timezone.now()
    for f in files:
        h = f.header
        collection, _ = Collection.objects.update_or_create(
            key=f.key,
            defaults={
                "kind": h["kind"],
                "version": h["version"],
                "title": h["title"],
                "file": f.path.name,
                "digest": f.digest,
            },
        )
        outcome = Outcome(f.key, h["version"])
        stored = {i.key: i for i in collection.items.all()}
        for position, data in enumerate(f.items):
            old = stored.pop(data["id"], None)
            if old is None:
                Item.objects.create(
                    collection=collection,
                    key=data["id"],
                    version=data["version"],
                    data=data,
                    position=position,
                )
                outcome.created += 1
            elif old.data != data or old.retired or old.position != position:
                old.version, old.data, old.retired, old.position, old.updated = (
                    data["version"],
                    data,
                    False,
                    position,
                    now,
                )
                old.save()
                outcome.updated += 1
            else:
                outcome.unchanged += 1
        for old in stored.values():
            if not old.retired:
                old.retired = True
                old.updated = now
                old.save(update_fields=["retired", "updated"])
                outcome.retired += 1
        if outcome.changed:
            collection.loaded_at = now
            collection.save(update_fields=["loaded_at"])
        report.outcomes.append(outcome)
    transaction.on_commit(library.clear_cache)
    if report.changed:
        record(
            action="content.loaded",
            actor_label="hygie contenu charger",
            details={
                o.key: {
                    "version": o.version,
                    "créés": o.created,
                    "modifiés": o.updated,
                    "retirés": o.retired,
                }
                for o in report.outcomes
                if o.changed
            },
        )
    return report
