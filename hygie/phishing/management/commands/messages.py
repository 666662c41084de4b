"""`hygie messages analyser FICHIER… [--json] [--sms FICHIER.jsonl]`.

One line per input, in the order given: each file (.eml and .msg e-mails,
.txt holding one SMS), then each SMS of the JSONL files given to --sms (one
{"id", "text"} object per line, "sender" optional). An input that cannot be
read gets its line too, saying why in French, and the others still run.

Exit status: 0 when every input was analysed; 1 when one at least could not
be read (the last line, on the error output, says how many); 2 when the
command is called wrongly (no input, unknown option).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import CommandError

from hygie.lib.commands import DatabaseCommand
from hygie.lib.french import count
from hygie.phishing import intake, reading, summary
from hygie.phishing.analysis import Analysis
from hygie.phishing.reading import Unreadable

# An input to analyse: its id, and how to read it (raising Unreadable).
Input = tuple[str, object]


def unreadable_file(path: Path, error: OSError) -> Unreadable:
    if isinstance(error, FileNotFoundError):
        return Unreadable(f"Fichier introuvable : {path}.")
    if isinstance(error, IsADirectoryError):
        return Unreadable(f"{path} est un dossier : donnez les fichiers qu'il contient.")
    if isinstance(error, PermissionError):
        return Unreadable(f"Lecture de {path} non autorisée.")
    return Unreadable(f"Impossible de lire {path} ({error.strerror or error}).")


def file_inputs(names: list[str]) -> Iterator[Input]:
    for name in names:
        path = Path(name)

        def read(path: Path = path):
            try:
                data = path.read_bytes()
            except OSError as error:
                raise unreadable_file(path, error) from None
            return intake.read_named_file(path.name, data)

        # The file's base name, as given (`mail-001.eml`): two files that differ
        # only by their extension keep apart.
        yield path.name, read


def sms_inputs(name: str) -> Iterator[Input]:
    """Each line of a JSONL file of SMS; a file that cannot be opened is one input."""
    path = Path(name)
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as error:
        failure = unreadable_file(path, error)

        def fail():
            raise failure

        yield path.name, fail
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            item = json.loads(line)
        except ValueError:
            item = None
        if not isinstance(item, dict):
            problem = Unreadable(
                f"Ligne {number} de {path.name} : ce n'est pas un objet JSON "
                '{"id": …, "text": …}.'
            )
        elif not isinstance(item.get("text"), str):
            problem = Unreadable(
                f'Ligne {number} de {path.name} : le champ "text" (le texte du SMS) manque.'
            )
        else:
            problem = None
        if problem is not None:

            def fail(problem: Unreadable = problem):
                raise problem

            yield where, fail
            continue
        id = str(item.get("id") or where)
        sender = item.get("sender") if isinstance(item.get("sender"), str) else ""

        def read(item: dict = item, id: str = id, sender: str = sender):
            return reading.read_sms(item["text"], sender=sender, id=id)

        yield id, read


def readable_line(id: str, analysis: Analysis) -> str:
    rules = [s.rule for s in analysis.signals if s.weight > 0]
    said = f"{id} : {analysis.verdict_label} (score {summary.score_text(analysis.score)})"
    if rules:
        said += f" — {count(len(rules), 'signal', 'signaux')} : {', '.join(rules)}"
    if analysis.message.unread:
        said += f" — non lu : {' ; '.join(analysis.message.unread)}"
    return said


class Command(DatabaseCommand):
    help = (
        "Messages suspects. « hygie messages analyser FICHIER… » analyse des e-mails (.eml, "
        ".msg) et des SMS (.txt, un par fichier, ou --sms FICHIER.jsonl) et écrit une ligne "
        "par message : son verdict, son score et ses signaux."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{analyser}")
        analyse = sub.add_parser(
            "analyser",
            help="Analyse chaque message et écrit une ligne par message, dans l'ordre donné.",
        )
        analyse.add_argument(
            "files",
            nargs="*",
            metavar="FICHIER",
            help="Un e-mail enregistré (.eml, ou .msg d'Outlook) ou un SMS (.txt, un par fichier).",
        )
        analyse.add_argument(
            "--sms",
            action="append",
            default=[],
            metavar="FICHIER.jsonl",
            help='Un fichier de SMS, un objet JSON par ligne : {"id": …, "text": …} '
            '("sender" facultatif) ; peut être répété.',
        )
        analyse.add_argument(
            "--json",
            action="store_true",
            help="Une ligne JSON par message : id, verdict (dangereux, suspect, aucun_signe), "
            "score, signaux ; ou id et erreur pour un message illisible.",
        )

    def handle(self, *args, **options):
        if not options["files"] and not options["sms"]:
            raise CommandError(
                "Donnez au moins un fichier à analyser, ou --sms FICHIER.jsonl.", returncode=2
            )
        inputs = list(file_inputs(options["files"]))
        for name in options["sms"]:
            inputs.extend(sms_inputs(name))
        failed = 0
        for id, read in inputs:
            try:
                analysis = intake.examine(read)
            except Unreadable as error:
                failed += 1
                if options["json"]:
                    line = json.dumps({"id": id, "erreur": error.message}, ensure_ascii=False)
                else:
                    line = f"{id} : illisible — {error.message}"
                self.stdout.write(line)
                continue
            if options["json"]:
                self.stdout.write(json.dumps({**analysis.as_json(), "id": id}, ensure_ascii=False))
            else:
                self.stdout.write(readable_line(id, analysis))
        if failed:
            raise CommandError(
                f"{count(failed, 'message illisible', 'messages illisibles')} sur {len(inputs)}."
            )
