#!/usr/bin/python3
"""Writes the .xlsx fixtures test_xlsx_reader.c reads: run once (`/usr/bin/python3
tests/data/make_xlsx.py`) and commit the files it writes, so the C tests need no Python.

register.xlsx is what openpyxl (like Excel) writes: shared strings, numbers, dates, booleans,
two sheets. handmade.xlsx is written part by part with zipfile, for what openpyxl never writes
but Excel and other programs do: inline strings, rich text runs with a phonetic guide, gaps in
the cell references, cells and rows without references, namespace prefixes, _xHHHH_ escapes,
formulas with cached values, error cells, the 1904 date system and custom date formats."""
import datetime
import os
import zipfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))


def register():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Föreningar"
    ws.append(["Föreningsnamn", "Org.nr", "Bildad", "Medlemmar", "Andel", "Aktiv", "Tid", "Stort"])
    ws.append(["Adelsö hembygdsförening", 8020012343, datetime.date(1948, 5, 17), 120, 3.5, True,
               datetime.time(18, 30), 1234567890123456789])
    ws.append(["Munsö IK", "802001-2343", datetime.datetime(2001, 12, 31, 0, 0), 0, -0.25, False,
               datetime.time(7, 5, 9), None])
    ws["C2"].number_format = "yyyy-mm-dd"
    ws["C3"].number_format = "d/m/yyyy"
    # Empty rows, then a row that starts in column B.
    ws["B6"] = "efter tomma rader"
    ws["D6"] = 42
    notes = wb.create_sheet("Anteckningar")
    notes.append(["Anteckning"])
    notes.append(["Andra bladet"])
    wb.save(os.path.join(HERE, "register.xlsx"))


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

# Prefixed elements (x:) as some generators write them; the sheet's part has an unusual name.
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<x:workbookPr date1904="1"/>
<x:sheets><x:sheet name="Blad1" sheetId="1" r:id="rId7"/></x:sheets>
</x:workbook>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/>
<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""

STRINGS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
<si><t>Namn</t></si>
<si><r><rPr><b/></rPr><t>Ekerö </t></r><r><t xml:space="preserve">kultur</t></r><rPh sb="0" eb="1"><t>EKERO</t></rPh></si>
<si><t>rad ett_x000D__x000A_rad två _x005F_x0041_</t></si>
</sst>"""

# numFmt 164 is a custom date (d/m/yyyy), 165 a custom time, 166 a number format with a quoted
# "d" that is not a date; xf 1 uses 164, xf 2 built-in 14, xf 3 165, xf 4 166.
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="3"><numFmt numFmtId="164" formatCode="d/m/yyyy"/><numFmt numFmtId="165" formatCode="[h]:mm"/><numFmt numFmtId="166" formatCode="0&quot; dagar&quot;"/></numFmts>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs>
</styleSheet>"""

SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>  Tredje  </x:t></x:is></x:c><x:c r="XFD1" s="1"/></x:row>
<x:row r="3"><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:t>Inline </x:t></x:r><x:r><x:t>rik</x:t></x:r></x:is></x:c></x:row>
<x:row><x:c r="A4" s="1"><x:v>0</x:v></x:c><x:c r="B4" s="2"><x:v>45000</x:v></x:c><x:c r="C4" s="3"><x:v>0.75</x:v></x:c><x:c r="D4" s="4"><x:v>12</x:v></x:c></x:row>
<x:row r="5"><x:c r="A5" t="str"><x:f>CONCAT("a","b")</x:f><x:v>ab</x:v></x:c><x:c r="B5" t="e"><x:v>#N/A</x:v></x:c><x:c r="C5"><x:v>8.020012343E9</x:v></x:c><x:c r="D5"><x:v>1E+15</x:v></x:c><x:c r="E5" t="b"><x:v>0</x:v></x:c></x:row>
<x:row r="6"><x:c r="A6" s="1"/><x:c r="B6" t="inlineStr"><x:is><x:t></x:t></x:is></x:c></x:row>
</x:sheetData>
</x:worksheet>"""


def handmade():
    with zipfile.ZipFile(os.path.join(HERE, "handmade.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/strings.xml", STRINGS)
        z.writestr("xl/styles.xml", STYLES)
        z.writestr("xl/worksheets/data.xml", SHEET)


if __name__ == "__main__":
    register()
    handmade()
