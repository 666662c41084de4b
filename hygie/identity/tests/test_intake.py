"""A practice's identity file is read into the canonical table, whatever its shape.

Every file is written here by hand: CSVs in the separators and encodings
practice software exports, XLSX built with openpyxl, and the bad inputs of
issue 18 (a ZIP renamed .csv, binary garbage, 500 MB, formulas, several
sheets, no header, duplicate headers, quotes left open, CSV injection).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile

import openpyxl
from django.test import SimpleTestCase

from hygie.identity import intake
from hygie.identity.intake import COLUMNS, IntakeError, Limits, Mapping

TODAY = dt.date(2026, 6, 15)

HEADER = "IPP;Nom de naissance;Nom d'usage;Prénom(s);Sexe;Date de naissance;Code INSEE naissance;N° Sécurité sociale;Statut"
ROWS = [
    "P001;DUPONT;MARTIN;Jean Pierre;M;15/03/1950;75056;1 50 03 75 056 123 45;Qualifiée",
    "P002;LEFÈVRE;;Hélène Marie;F;02/11/1962;2A004;2 62 11 2A 004 002 83;Provisoire",
]


def csv_bytes(lines: list[str], encoding: str = "utf-8", sep: str = ";") -> bytes:
    return "\n".join(line.replace(";", sep) for line in lines).encode(encoding) + b"\n"


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def excel_bytes(
    sheet_data: str,
    strings: list[str] = (),
    formats: str = "",
    cell_styles: str = "",
    date1904: bool = False,
) -> bytes:
    """An XLSX as a spreadsheet writes it, not as openpyxl does: shared
    strings (plain or rich runs), the styles' number formats, no dimension tag."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            + "".join(
                f'<Override PartName="/xl/{part}.xml" ContentType="application/'
                f'vnd.openxmlformats-officedocument.spreadsheetml.{kind}+xml"/>'
                for part, kind in (
                    ("workbook", "sheet.main"),
                    ("worksheets/sheet1", "worksheet"),
                    ("sharedStrings", "sharedStrings"),
                    ("styles", "styles"),
                )
            )
            + "</Types>"
        ),
        "_rels/.rels": "<Relationships/>",
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            f'<workbookPr date1904="{int(date1904)}"/><sheets>'
            '<sheet name="Liste" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="/xl/sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN_NS}"><sheetData>{sheet_data}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN_NS}">{"".join(strings)}</sst>',
        "xl/styles.xml": (
            f'<styleSheet xmlns="{MAIN_NS}"><numFmts>{formats}</numFmts>'
            f'<cellXfs><xf numFmtId="0"/>{cell_styles}</cellXfs></styleSheet>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def read(data, **kwargs) -> intake.Intake:
    return intake.read(data, today=TODAY, **kwargs)


class CsvShapesTestCase(SimpleTestCase):
    """Any separator, any of the encodings French exports use, quotes, blank lines."""

    def test_every_separator_and_encoding_gives_the_same_table(self):
        expected = read(csv_bytes([HEADER, *ROWS])).table.to_pylist()
        self.assertEqual(expected[1]["nom_naissance"], "LEFÈVRE")
        cases = [
            (sep, encoding, bom)
            for sep in (";", ",", "\t", "|")
            for encoding in ("utf-8", "cp1252", "latin-1")
            for bom in (False, True)
            if not (bom and encoding != "utf-8")
        ]
        for sep, encoding, bom in cases:
            with self.subTest(sep=sep, encoding=encoding, bom=bom):
                data = csv_bytes([HEADER, *ROWS], encoding, sep)
                if bom:
                    data = b"\xef\xbb\xbf" + data
                result = read(data)
                self.assertEqual(result.inspection.delimiter, sep)
                self.assertEqual(result.table.to_pylist(), expected)
                self.assertEqual(result.problems, [])

    def test_windows_line_ends_quoted_fields_and_empty_lines(self):
        data = (
            "IPP,Nom,Prénoms,Date de naissance\r\n\r\n"
            '1,"LE GALL, dit LEGALL","Anne, Sophie",01/02/1970\r\n'
            "\r\n"
            '2,"O\'NEIL ""Junior""","Paul\r\nHenri",03/04/1980\r\n'
            ",,,\r\n"
        ).encode()
        result = read(data)
        rows = result.table.to_pylist()
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[0]["nom_naissance"], "LE GALL, dit LEGALL")
        self.assertEqual(rows[0]["prenoms"], "Anne Sophie")
        self.assertEqual(rows[0]["ligne"], 3)
        self.assertEqual(rows[1]["nom_naissance"], 'O\'NEIL "Junior"')
        self.assertEqual(rows[1]["prenoms"], "Paul Henri")
        self.assertEqual(rows[1]["ligne"], 5)

    def test_utf16_from_excel_unicode_text(self):
        data = "\n".join([HEADER.replace(";", "\t"), ROWS[0].replace(";", "\t")]).encode("utf-16")
        result = read(data)
        self.assertEqual(result.inspection.encoding, "utf-16")
        self.assertEqual(result.table.to_pylist()[0]["nir"], "150037505612345")

    def test_a_few_lines_in_another_encoding_are_read_and_said(self):
        data = csv_bytes([HEADER, ROWS[0]]) + ROWS[1].encode("cp1252") + b"\n"
        result = read(data)
        self.assertEqual(result.table.to_pylist()[1]["nom_naissance"], "LEFÈVRE")
        self.assertTrue(any("Windows-1252" in n for n in result.notices))

    def test_names_keep_their_case_and_accents_but_not_extra_spaces(self):
        data = csv_bytes(["Nom;Prénoms", "  de  la\u00a0Fontaine ;  Jean-Marie   Éloïse "])
        row = read(data).table.to_pylist()[0]
        self.assertEqual(row["nom_naissance"], "de la Fontaine")
        self.assertEqual(row["prenoms"], "Jean-Marie Éloïse")

    def test_the_table_has_the_canonical_columns_in_order(self):
        table = read(csv_bytes(["Nom;Prénom", "DURAND;Luc"])).table
        self.assertEqual(tuple(table.column_names), COLUMNS)
        row = table.to_pylist()[0]
        self.assertEqual(row["identifiant"], "2")  # no identifier column: the line number
        self.assertEqual(row["sexe"], "")
        self.assertEqual(row["ligne"], 2)


class HeaderRecognitionTestCase(SimpleTestCase):
    """Headers of practice-software exports, accents, case and spaces folded."""

    CASES = [
        ("Nom de naissance", "nom_naissance"),
        ("NOM_NAISS", "nom_naissance"),
        ("nom de jeune fille", "nom_naissance"),
        ("Nom d'usage", "nom_utilise"),
        ("Nom marital", "nom_utilise"),
        ("Nom utilisé", "nom_utilise"),
        ("NOM USUEL", "nom_utilise"),
        ("Prénom(s)", "prenoms"),
        ("PRENOMS", "prenoms"),
        ("Prénom usuel", "prenoms"),
        ("Premier prénom", "prenoms"),
        ("Sexe", "sexe"),
        ("Genre", "sexe"),
        ("Date de naissance", "date_naissance"),
        ("DDN", "date_naissance"),
        ("Né(e) le", "date_naissance"),
        ("Date de naissance du patient", "date_naissance"),
        ("Lieu de naissance", "lieu_naissance"),
        ("Code INSEE naissance", "lieu_naissance"),
        ("Commune de naissance", "lieu_naissance"),
        ("NIR", "nir"),
        ("N° sécurité sociale", "nir"),
        ("NSS", "nir"),
        ("Matricule INS", "nir"),
        ("INS", "nir"),
        ("Statut", "statut"),
        ("Statut identité", "statut"),
        ("IPP", "identifiant"),
        ("N° dossier", "identifiant"),
        ("Identifiant", "identifiant"),
        ("nom_naissance", "nom_naissance"),  # Hygie's own canonical names
        ("date_naissance", "date_naissance"),
    ]

    def test_each_header_proposes_its_field(self):
        for header, name in self.CASES:
            with self.subTest(header=header):
                scores = intake.header_scores(header)
                self.assertEqual(max(scores, key=scores.get), name, scores)

    def test_unknown_headers_propose_nothing(self):
        for header in ("Médecin traitant", "Téléphone", "Adresse", "", "Commentaire"):
            self.assertEqual(intake.header_scores(header), {}, header)

    def test_a_plain_nom_is_the_birth_name_unless_a_birth_name_column_exists(self):
        alone = intake.inspect(csv_bytes(["Nom;Prénom;Nom d'usage", "A;B;C"])).mapping
        self.assertEqual((alone.fields["nom_naissance"], alone.fields["nom_utilise"]), (0, 2))
        beside = intake.inspect(csv_bytes(["Nom;Prénom;Nom de naissance", "A;B;C"])).mapping
        self.assertEqual((beside.fields["nom_naissance"], beside.fields["nom_utilise"]), (2, 0))
        self.assertLess(alone.confidence["nom_naissance"], 1.0)

    def test_the_full_header_maps_every_field_with_full_confidence(self):
        mapping = intake.inspect(csv_bytes([HEADER, *ROWS])).mapping
        self.assertEqual(list(mapping.fields.values()), list(range(9)))
        self.assertEqual(set(mapping.confidence.values()), {1.0})

    def test_the_mapping_goes_through_json_and_can_be_changed(self):
        mapping = intake.inspect(csv_bytes(["Nom;Prénom;Téléphone", "A;B;0600000000"])).mapping
        again = Mapping.from_json(mapping.to_json())
        self.assertEqual(again, mapping)
        changed = again.with_field("nir", 2).with_field("prenoms", None)
        self.assertEqual(changed.fields["nir"], 2)
        self.assertIsNone(changed.fields["prenoms"])
        self.assertEqual(changed.confidence["nir"], 1.0)
        for bad in ('{"columns": ["A"], "fields": {"nir": 5}}', "pas du json", '{"fields": 3}'):
            with self.subTest(bad=bad), self.assertRaises(IntakeError):
                Mapping.from_json(bad)

    def test_a_confirmed_mapping_is_what_is_read(self):
        data = csv_bytes(["Col1;Col2;Col3", "DURAND;Luc;15/03/1950"])
        mapping = intake.inspect(data).mapping
        self.assertIsNone(mapping.fields["nom_naissance"])
        mapping = mapping.with_field("nom_naissance", 0).with_field("prenoms", 1)
        mapping = mapping.with_field("date_naissance", 2)
        row = read(data, mapping=mapping).table.to_pylist()[0]
        self.assertEqual(
            (row["nom_naissance"], row["prenoms"], row["date_naissance"]),
            ("DURAND", "Luc", "1950-03-15"),
        )

    def test_the_warnings_say_what_the_audit_will_miss(self):
        mapping = intake.inspect(csv_bytes(["Téléphone;Prénom", "06;Luc"])).mapping
        warnings = " ".join(mapping.warnings_fr())
        self.assertIn("Aucune colonne de nom", warnings)
        self.assertIn("Date de naissance", warnings)

    def test_duplicate_column_names_are_numbered_and_said(self):
        inspection = intake.inspect(csv_bytes(["Nom;Prénom;Nom;Nom", "A;B;C;D"]))
        self.assertEqual(inspection.columns, ["Nom", "Prénom", "Nom (2)", "Nom (3)"])
        self.assertTrue(any("3 colonnes s'appellent « Nom »" in n for n in inspection.notices))
        self.assertEqual(inspection.mapping.fields["nom_naissance"], 0)

    def test_a_header_less_file_is_detected_and_said(self):
        data = csv_bytes(
            [
                "DURAND;Luc;M;15/03/1950;1 50 03 75 056 123 45",
                "MARTIN;Léa;F;02/11/1962;262112A00400283",
            ]
        )
        result = read(data)
        self.assertFalse(result.inspection.has_header)
        self.assertTrue(any("en-tête" in n for n in result.inspection.notices))
        fields = result.mapping.fields
        self.assertEqual(
            (
                fields["nom_naissance"],
                fields["prenoms"],
                fields["sexe"],
                fields["date_naissance"],
                fields["nir"],
            ),
            (0, 1, 2, 3, 4),
        )
        self.assertEqual(result.table.num_rows, 2)
        self.assertEqual(result.table.to_pylist()[0]["ligne"], 1)

    def test_title_lines_above_the_header_are_skipped(self):
        data = csv_bytes(["Liste des patients au 01/06/2026", "", HEADER, ROWS[0]])
        result = read(data)
        self.assertEqual(result.inspection.header_line, 3)
        self.assertEqual(result.table.to_pylist()[0]["ligne"], 4)


class ValuesTestCase(SimpleTestCase):
    """Dates, sexes, NIRs, places and statuses as exports write them."""

    DATES = [
        ("15/03/1950", "1950-03-15"),
        ("15-03-1950", "1950-03-15"),
        ("15.03.1950", "1950-03-15"),
        ("5/3/1950", "1950-03-05"),
        ("1950-03-15", "1950-03-15"),
        ("1950-03-15 00:00:00", "1950-03-15"),
        ("15/03/1950 00:00", "1950-03-15"),
        ("15/03/50", "1950-03-15"),
        ("15/03/26", "2026-03-15"),  # not after this year: this century
        ("15/03/27", "1927-03-15"),  # after this year: the last one
        ("15031950", "1950-03-15"),
        ("19500315", "1950-03-15"),
        ("150350", "1950-03-15"),
        ("18337", "1950-03-15"),  # Excel serial
        ("18337.5", "1950-03-15"),
        ("15 mars 1950", "1950-03-15"),
        ("1er août 1950", "1950-08-01"),
        ("00/00/1950", "1950-00-00"),
        ("00/03/1950", "1950-03-00"),
        ("03/1950", "1950-03-00"),
        ("1950", "1950-00-00"),
        ("", ""),
    ]
    IMPOSSIBLE = [
        "31/02/1960",
        "29/02/1961",
        "15/13/1950",
        "32/01/1950",
        "01/01/2030",
        "01/01/1700",
        "hier",
        "00/00/00",
        "12/1950/03",
    ]

    def test_dates_in_french_formats(self):
        for text, expected in self.DATES:
            with self.subTest(text=text):
                self.assertEqual(intake.normalise_date(text, TODAY), (expected, None))

    def test_impossible_dates_are_problems(self):
        for text in self.IMPOSSIBLE:
            with self.subTest(text=text):
                value, problem = intake.normalise_date(text, TODAY)
                self.assertEqual(value, "")
                self.assertTrue(problem)

    def test_sexes(self):
        for texts, expected in (
            (("M", "m", "H", "1", "Masculin", "homme", "MASC", "M."), "M"),
            (("F", "f", "2", "Féminin", "FEMININ", "Femme", "Mme"), "F"),
            (("", "I", "Inconnu", "indéterminé"), ""),
        ):
            for text in texts:
                with self.subTest(text=text):
                    self.assertEqual(intake.normalise_sex(text), (expected, None))
        self.assertEqual(intake.normalise_sex("Z")[0], "")
        self.assertIn("non reconnu", intake.normalise_sex("Z")[1])

    def test_nirs_with_spaces_and_dots(self):
        for text, expected in (
            ("1 50 03 75 056 123 45", "150037505612345"),
            ("1.50.03.75.056.123.45", "150037505612345"),
            ("1-50-03-75-056-123", "1500375056123"),
            ("2 62 11 2a 004 002 83", "262112A00400283"),
            ("", ""),
        ):
            with self.subTest(text=text):
                self.assertEqual(intake.normalise_nir(text), (expected, None))
        for text in ("12345", "abc", "1 50 03 75 056 123 4", "9500375056123"):
            with self.subTest(text=text):
                self.assertEqual(intake.normalise_nir(text)[0], "")

    def test_places_and_statuses(self):
        self.assertEqual(intake.normalise_place(" 2a004 "), ("2A004", None))
        self.assertEqual(intake.normalise_place("1053"), ("01053", None))  # lost leading zero
        self.assertEqual(intake.normalise_place("99350"), ("99350", None))
        self.assertEqual(intake.normalise_place("PARIS")[0], "")
        for text, code in (
            ("Qualifiée", "QUAL"),
            ("QUAL", "QUAL"),
            ("identité validée", "VALI"),
            ("Récupérée", "RECUP"),
            ("provisoire", "PROV"),
            ("", ""),
        ):
            self.assertEqual(intake.normalise_status(text), (code, None), text)

    def test_problems_name_the_line_and_the_column(self):
        data = csv_bytes([HEADER, ROWS[0], "P003;X;;Y;Z;31/02/1960;PARIS;123;bof"])
        result = read(data)
        self.assertEqual(
            {(p.line, p.column) for p in result.problems},
            {
                (3, "Sexe"),
                (3, "Date de naissance"),
                (3, "Code INSEE naissance"),
                (3, "N° Sécurité sociale"),
                (3, "Statut"),
            },
        )
        row = result.table.to_pylist()[1]
        self.assertEqual((row["sexe"], row["date_naissance"], row["nir"]), ("", "", ""))

    def test_empty_and_repeated_identifiers_are_problems(self):
        data = csv_bytes(["IPP;Nom", "7;A", ";B", "7;C"])
        result = read(data)
        self.assertEqual(result.table.column("identifiant").to_pylist(), ["7", "3", "7"])
        messages = {(p.line, p.message_fr.split(" ")[0]) for p in result.problems}
        self.assertEqual(messages, {(3, "Identifiant"), (2, "Identifiant"), (4, "Identifiant")})


class CsvInjectionTestCase(SimpleTestCase):
    def test_formula_like_cells_are_kept_as_text(self):
        data = csv_bytes(["Nom;Prénom", '=HYPERLINK("http://x");+33', "@SUM(A1);-2"])
        rows = read(data).table.to_pylist()
        self.assertEqual(rows[0]["nom_naissance"], '=HYPERLINK("http://x")')
        self.assertEqual(rows[1]["prenoms"], "-2")

    def test_safe_cell_quotes_them_for_exports(self):
        for value, expected in (
            ("=1+1", "'=1+1"),
            ("+33 6", "'+33 6"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("DUPONT", "DUPONT"),
            ("", ""),
            (None, ""),
            (0.93, "0.93"),
        ):
            self.assertEqual(intake.safe_cell(value), expected, value)


class XlsxTestCase(SimpleTestCase):
    def test_an_xlsx_is_read_values_only(self):
        data = xlsx_bytes(
            {
                "Patients": [
                    ["IPP", "Nom", "Prénoms", "Sexe", "DDN", "Lieu de naissance", "NIR"],
                    [101, "DUPONT", "Jean", "M", dt.datetime(1950, 3, 15), 1053, 150037505612345],
                    [102, "MARTIN", "Léa", 2, 22952, "2A004", "2 62 11 2A 004 002 83"],
                ]
            }
        )
        result = read(data)
        self.assertEqual(result.inspection.format, "xlsx")
        rows = result.table.to_pylist()
        self.assertEqual(
            [
                (r["identifiant"], r["sexe"], r["date_naissance"], r["lieu_naissance"], r["nir"])
                for r in rows
            ],
            [
                ("101", "M", "1950-03-15", "01053", "150037505612345"),
                ("102", "F", "1962-11-02", "2A004", "262112A00400283"),
            ],
        )
        self.assertEqual([r["ligne"] for r in rows], [2, 3])
        self.assertEqual(result.problems, [])

    def test_a_formula_without_a_computed_value_is_a_problem_never_evaluated(self):
        data = xlsx_bytes(
            {
                "Patients": [
                    ["Nom", "Date de naissance"],
                    ["DUPONT", "=DATE(1950,3,15)"],
                    ["MARTIN", "01/02/1970"],
                ]
            }
        )
        result = read(data)
        rows = result.table.to_pylist()
        self.assertEqual(rows[0]["date_naissance"], "")
        self.assertEqual(rows[1]["date_naissance"], "1970-02-01")
        self.assertEqual(len(result.problems), 1)
        problem = result.problems[0]
        self.assertEqual((problem.line, problem.column), (2, "Date de naissance"))
        self.assertIn("Formule sans valeur calculée", problem.message_fr)

    def test_the_first_non_empty_sheet_by_default_the_others_listed(self):
        data = xlsx_bytes(
            {
                "Vide": [],
                "Patients": [["Nom"], ["DUPONT"]],
                "Médecins": [["Nom"], ["DR X"], ["DR Y"]],
            }
        )
        result = read(data)
        self.assertEqual(result.inspection.sheet, "Patients")
        self.assertEqual(result.inspection.sheets, ["Vide", "Patients", "Médecins"])
        self.assertTrue(
            any("« Médecins »" in n and "« Vide »" in n for n in result.inspection.notices)
        )
        self.assertEqual(result.table.num_rows, 1)
        chosen = read(data, sheet="Médecins")
        self.assertEqual(chosen.table.column("nom_naissance").to_pylist(), ["DR X", "DR Y"])
        self.assertEqual(read(data, sheet=2).table.num_rows, 2)
        with self.assertRaises(IntakeError):
            read(data, sheet="Absente")
        with self.assertRaises(IntakeError) as raised:
            read(xlsx_bytes({"A": [], "B": []}))
        self.assertIn("vides", raised.exception.message_fr)

    def test_a_workbook_is_read_from_a_path_whatever_its_name(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "3-5.fichier")
            with open(path, "wb") as f:
                f.write(xlsx_bytes({"P": [["Nom", "DDN"], ["DUPONT", "15/03/1950"]]}))
            result = read(path)
        self.assertEqual(result.table.to_pylist()[0]["date_naissance"], "1950-03-15")

    def test_error_cells_are_problems(self):
        data = xlsx_bytes({"P": [["Nom", "DDN"], ["DUPONT", "#REF!"]]})
        result = read(data)
        self.assertEqual(result.table.to_pylist()[0]["date_naissance"], "")
        self.assertIn("#REF!", result.problems[0].message_fr)

    def test_a_workbook_as_a_spreadsheet_writes_it(self):
        # Shared strings (one in rich runs, with a phonetic reading left
        # out), dates in a custom and a built-in format, a plain number, a
        # boolean, an error, a formula's cached text, one without a value,
        # a skipped cell, a row without its number, no dimension tag.
        strings = [
            "<si><t>Nom</t></si>",
            "<si><t>Date de naissance</t></si>",
            "<si><t>Sexe</t></si>",
            "<si><t>Lieu de naissance</t></si>",
            '<si><r><t>LEF</t></r><r><rPr><b/></rPr><t>ÈVRE</t></r><rPh sb="0" eb="3"><t>x</t></rPh></si>',
            '<si><t xml:space="preserve">DUPONT </t></si>',
        ]
        sheet = (
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
            '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
            '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" s="1"><v>18337</v></c>'
            '<c r="C2" t="b"><v>1</v></c><c r="D2"><v>1053</v></c></row>'
            '<row r="4"><c r="A4" t="s"><v>5</v></c><c r="B4" s="2"><v>22952.75</v></c>'
            '<c r="D4" t="str"><f>"2A"&amp;"004"</f><v>2A004</v></c></row>'
            '<row><c r="A5" t="inlineStr"><is><t>MARTIN</t></is></c><c r="B5" s="3"><v>22952</v></c>'
            '<c r="D5" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
            '<row r="6"><c r="A6" t="s"><v>5</v></c><c r="B6" s="1"><f>DATE(1950,3,15)</f></c>'
            '<c r="C6" t="e"><v>#SPILL!</v></c></row>'
        )
        data = excel_bytes(
            sheet,
            strings,
            formats='<numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/>',
            cell_styles='<xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="3"/>',
        )
        result = read(data)
        self.assertEqual(
            result.inspection.columns, ["Nom", "Date de naissance", "Sexe", "Lieu de naissance"]
        )
        rows = result.table.to_pylist()
        self.assertEqual(
            [
                (
                    r["ligne"],
                    r["nom_naissance"],
                    r["date_naissance"],
                    r["sexe"],
                    r["lieu_naissance"],
                )
                for r in rows
            ],
            [
                (2, "LEFÈVRE", "1950-03-15", "", "01053"),
                (4, "DUPONT", "1962-11-02", "", "2A004"),
                (5, "MARTIN", "1962-11-02", "", ""),
                (6, "DUPONT", "", "", ""),
            ],
        )
        found = sorted((p.line, p.column, p.message_fr.split(" :")[0]) for p in result.problems)
        self.assertEqual(
            found,
            [
                (2, "Sexe", "Sexe « VRAI » non reconnu (attendu"),
                (5, "Lieu de naissance", "Erreur de formule (#DIV/0!) dans la cellule."),
                (6, "Date de naissance", "Formule sans valeur calculée"),
                (6, "Sexe", "Erreur de formule (#SPILL!) dans la cellule."),
            ],
        )

    def test_dates_of_a_workbook_counted_from_1904(self):
        sheet = (
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>DDN</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>DUPONT</t></is></c><c r="B2" s="1"><v>16875</v></c></row>'
        )
        data = excel_bytes(sheet, cell_styles='<xf numFmtId="14"/>', date1904=True)
        self.assertEqual(read(data).table.to_pylist()[0]["date_naissance"], "1950-03-15")

    def test_a_cell_right_of_every_column_does_not_lose_its_line(self):
        sheet = (
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c></row>'
            + "".join(
                f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>NOM{n}</t></is></c></row>'
                for n in range(2, 300)
            )
            + '<row r="300"><c r="A300" t="inlineStr"><is><t>DURAND</t></is></c>'
            '<c r="F300" t="inlineStr"><is><t>note</t></is></c></row>'
        )
        result = read(excel_bytes(sheet))
        self.assertEqual(result.table.num_rows, 299)
        self.assertEqual(result.table.to_pylist()[-1]["nom_naissance"], "DURAND")
        self.assertEqual(result.problems, [])

    def test_a_workbook_streams_with_progress(self):
        rows = [["Nom", "Date de naissance"]] + [
            [f"NOM{i}", dt.datetime(1930 + i % 90, 1 + i % 12, 1 + i % 28)] for i in range(3000)
        ]
        calls: list[tuple[float, str]] = []
        result = intake.read(
            xlsx_bytes({"P": rows}),
            progress=lambda f, m: calls.append((f, m)),
            limits=Limits(batch_rows=500),
            today=TODAY,
        )
        self.assertEqual(result.table.num_rows, 3000)
        self.assertEqual(result.table.to_pylist()[-1]["date_naissance"], "1959-12-04")
        fractions = [f for f, _ in calls]
        self.assertGreaterEqual(len(fractions), 6)
        self.assertEqual(fractions, sorted(fractions))
        self.assertGreater(fractions[-2], 0.8)
        self.assertEqual(fractions[-1], 1.0)

    def test_a_zip_bomb_is_refused_before_it_is_read(self):
        sheet = '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "A" * 200_000 + "</t></is></c></row>"
        data = excel_bytes(sheet)
        self.assertLess(len(data), 10_000)
        with self.assertRaises(IntakeError) as raised:
            intake.read(data, limits=Limits(max_bytes=10_000))
        self.assertIn("décompressé", raised.exception.message_fr)


class BadInputTestCase(SimpleTestCase):
    """Never a crash: an IntakeError in French, or the lines listed."""

    def refused(self, data, *, limits: Limits | None = None) -> str:
        with self.assertRaises(IntakeError) as raised:
            intake.read(data, limits=limits)
        with self.assertRaises(IntakeError):
            intake.inspect(data, limits=limits)
        return raised.exception.message_fr

    def test_a_zip_renamed_csv_is_refused(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("patients.csv", HEADER)
        self.assertIn("archive ZIP", self.refused(out.getvalue()))

    def test_other_files_are_refused_with_what_they_seem(self):
        cases = [
            (b"%PDF-1.7\n...", "PDF"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ".xls"),
            (b"\x1f\x8b\x08\x00" + bytes(50), "gzip"),
            (bytes(range(256)) * 40, "pas un fichier texte"),
            (
                os.urandom(5000)
                .replace(b"\x1f\x8b", b"xx")
                .replace(b"PK", b"xx")
                .replace(b"%PDF", b"xxxx")
                + b"\x00",
                "pas un fichier texte",
            ),
            (b"", "vide"),
            (b"\n\n  \n", "vide"),
            (b"PK\x03\x04 not really a zip", "abîmée"),
        ]
        for data, words in cases:
            with self.subTest(words=words):
                self.assertIn(words, self.refused(data))

    def test_a_big_file_is_refused_before_it_is_read(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "patients.csv")
            with open(path, "wb") as f:
                f.truncate(500 * 1024 * 1024)  # sparse: nothing is written
            message = self.refused(path)
        self.assertIn("500 Mo", message)
        self.assertIn("au plus 300 Mo", message)

    def test_too_many_columns_are_refused(self):
        data = csv_bytes([";".join(f"C{i}" for i in range(300)), ";".join("x" * 300)])
        self.assertIn("300 colonnes", self.refused(data))

    def test_a_missing_path_is_refused(self):
        self.assertIn("introuvable", self.refused("/nonexistent/patients.csv"))

    def test_unreadable_lines_are_listed_and_the_others_read(self):
        long_line = "P009;" + "X" * 70_000 + ";Jean"
        data = csv_bytes(
            [
                "IPP;Nom;Prénom",
                "P001;DUPONT;Jean",
                long_line,
                "P003;MARTIN;Léa;en trop;encore",
                "P004;DURAND;Luc",
                'P005;"BERNARD;Paul',  # a quote never closed
                *[f"P{i:03d};NOM{i};X" for i in range(6, 40)],
            ]
        )
        result = read(data)
        ids = result.table.column("identifiant").to_pylist()
        self.assertEqual(ids[:3], ["P001", "P004", "P006"])
        self.assertIn(3, result.lines_not_read)
        self.assertIn(4, result.lines_not_read)
        self.assertIn(6, result.lines_not_read)
        self.assertNotIn("P003", ids)
        messages = " ".join(p.message_fr for p in result.problems)
        self.assertIn("plus de 64 Ko", messages)
        self.assertIn("5 champs au lieu de 3", messages)
        self.assertIn("guillemet", messages)

    def test_only_a_header_gives_an_empty_table(self):
        result = read(csv_bytes([HEADER]))
        self.assertEqual(result.table.num_rows, 0)
        self.assertEqual(tuple(result.table.column_names), COLUMNS)

    def test_a_mapping_of_another_file_is_refused(self):
        mapping = intake.inspect(csv_bytes(["Nom;Prénom", "A;B"])).mapping
        with self.assertRaises(IntakeError):
            read(csv_bytes([HEADER, *ROWS]), mapping=mapping)

    def test_problems_are_capped_and_counted(self):
        data = csv_bytes(["Nom;Sexe", *[f"N{i};Z" for i in range(50)]])
        result = intake.read(data, limits=Limits(max_problems=10))
        self.assertEqual(len(result.problems), 10)
        self.assertEqual(result.problem_count, 50)
        self.assertTrue(any("50 problèmes" in n for n in result.notices))

    def test_hostile_bytes_never_crash(self):
        seeds = [csv_bytes([HEADER, *ROWS]), xlsx_bytes({"P": [["Nom"], ["A"]]})]
        for seed in seeds:
            for cut in range(1, len(seed), max(1, len(seed) // 40)):
                data = seed[:cut] + b'\xff\x00"' + seed[cut + 3 :]
                try:
                    intake.read(data)
                except IntakeError as error:
                    self.assertTrue(error.message_fr)


class ScaleTestCase(SimpleTestCase):
    def test_a_large_file_streams_in_batches_with_progress(self):
        n = 200_000
        lines = [HEADER] + [
            f"P{i};NOM{i % 997};;Jean Marc;{'MF'[i % 2]};{1 + i % 28:02d}/{1 + i % 12:02d}/{1930 + i % 90};75056;1500375056123;QUAL"
            for i in range(n)
        ]
        data = csv_bytes(lines)
        calls: list[tuple[float, str]] = []
        result = intake.read(
            data, progress=lambda f, m: calls.append((f, m)), limits=Limits(batch_rows=50_000)
        )
        self.assertEqual(result.table.num_rows, n)
        self.assertEqual(result.table.column("ligne")[-1].as_py(), n + 1)
        self.assertEqual(result.problem_count, 0)
        self.assertGreater(result.table.column("nom_naissance").num_chunks, 1)
        self.assertGreaterEqual(len(calls), 4)
        fractions = [f for f, _ in calls]
        self.assertEqual(fractions, sorted(fractions))
        self.assertEqual(fractions[-1], 1.0)
        self.assertIn("lignes", calls[0][1])
