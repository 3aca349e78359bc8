"""The public statistics page /statistik/aterkoppling checked against a fixed data set: every figure
in the table worked out by hand, the chart, the period form's errors, and numbers written the way
each language writes them. A fresh database per store (no demo data), submissions inserted with SQL,
and a server whose clock is fixed with SAMVERKAN_NOW."""

import re
from html.parser import HTMLParser

import pytest

from conftest import Database, new_db, page_text, run_cli

# 23:30 UTC on Sunday 15 June is 01:30 on Monday 16 June in Stockholm (summer time): "today" for
# the clock is 2025-06-16, so a submission due 2025-06-15 is overdue and one due 2025-06-16 is not.
NOW = "2025-06-15T23:30:00Z"
TODAY = "2025-06-16"
FROM, TO = "2025-03-01", "2025-05-31"
PAGE = f"/statistik/aterkoppling?from={FROM}&to={TO}"

DEPARTMENTS = [("alfa", "Alfaförvaltningen"), ("beta", "Betaförvaltningen"),
               ("gamma", "Gammaförvaltningen"), ("delta", "Deltaförvaltningen")]

# (department, status, received_on, answer_due, answered_on, answer_workdays, hidden)
SUBMISSIONS = [
    # Alfa, in the period: four answered in time (2, 3, 4, 5 working days; the 3-day one hidden by
    # moderation, which still counts), two late (24, 26), one closed without an answer, one open and
    # overdue, one open and not yet due (not measured). The first arrived on the period's first day.
    ("alfa", "answered", "2025-03-01", "2025-03-28", "2025-03-05", 2, False),
    ("alfa", "answered", "2025-03-10", "2025-04-07", "2025-03-13", 3, True),
    ("alfa", "answered", "2025-03-17", "2025-04-14", "2025-03-21", 4, False),
    ("alfa", "answered", "2025-03-24", "2025-04-22", "2025-03-31", 5, False),
    ("alfa", "answered", "2025-04-01", "2025-04-30", "2025-05-07", 24, False),
    ("alfa", "answered", "2025-04-02", "2025-05-02", "2025-05-12", 26, False),
    ("alfa", "closed", "2025-04-14", "2025-05-14", None, None, False),
    ("alfa", "in_progress", "2025-04-22", "2025-05-21", None, None, False),
    ("alfa", "received", "2025-05-20", "2025-06-18", None, None, False),
    # Alfa, outside the period: one answered (30 days, must not move the median), one still open
    # and overdue since February (counts in "open now" and "overdue now", which are not limited
    # to the period).
    ("alfa", "answered", "2025-02-03", "2025-03-04", "2025-03-17", 30, False),
    ("alfa", "acknowledged", "2025-01-15", "2025-02-12", None, None, False),
    # Beta, in the period: answered in time (5, 10), answered on its due date exactly (20: in time),
    # answered late and then closed (23: counts as answered, late), and one that arrived on the
    # period's last day, open and due yesterday in Stockholm (overdue, measured).
    ("beta", "answered", "2025-03-04", "2025-04-01", "2025-03-11", 5, False),
    ("beta", "answered", "2025-03-12", "2025-04-09", "2025-03-26", 10, False),
    ("beta", "answered", "2025-04-02", "2025-04-30", "2025-04-30", 20, False),
    ("beta", "closed", "2025-04-15", "2025-05-15", "2025-05-20", 23, False),
    ("beta", "received", "2025-05-31", "2025-06-15", None, None, False),
    # Beta, the day after the period.
    ("beta", "answered", "2025-06-01", "2025-06-30", "2025-06-02", 1, False),
    # Gamma: only a closed one from before the period, so nothing to show: left out.
    ("gamma", "closed", "2025-02-10", "2025-03-11", "2025-02-12", 2, False),
    # Delta: one open, due today: neither measured nor overdue, so no share and no bar.
    ("delta", "received", "2025-05-28", TODAY, None, None, False),
]

HEADERS = ["Department", "Received", "Measured", "Answered in time", "Share in time", "Median, working days",
           "90th percentile, working days", "Open now", "Overdue now: acknowledgement", "Overdue now: answer"]

# Worked out by hand from SUBMISSIONS (Swedish page).
# Alfa: received 9; measured 8 (6 answered, 1 closed, 1 overdue; not the one due 18 June); in time 4
#   → 50 %; days 2 3 4 5 24 26 → median (4 + 5) / 2 = 4,5, p90 rank ceil(5.4) = 6 → 26;
#   open now 3 (incl. January's), overdue now 2.
# Beta: received 5 (not June's); measured 5; in time 3 (5, 10, and 20 on its due date) → 60 %;
#   days 5 10 20 23 → median 15,0, p90 rank ceil(3.6) = 4 → 23; open 1, overdue 1.
# Delta: received 1, measured 0 → "–"; open 1, overdue 0 (due today).
# Acknowledgement overdue now (issue 12: both promises, the work queue's definition): every open
#   row here is unacknowledged and was to be acknowledged on its arrival day, before today: Alfa 3,
#   Beta 1, Delta 1, all 5.
# All: received 15; measured 13; in time 7 → 7/13 = 53.8 → 54 %; days 2 3 4 5 5 10 20 23 24 26 →
#   median (5 + 10) / 2 = 7,5, p90 rank 9 → 24; open 5; overdue 3.
EXPECTED_SV = [
    ["Alfaförvaltningen", "9", "8", "4", "50 %", "4,5", "26", "3", "3", "2"],
    ["Betaförvaltningen", "5", "5", "3", "60 %", "15,0", "23", "1", "1", "1"],
    ["Deltaförvaltningen", "1", "0", "0", "–", "–", "–", "1", "1", "0"],
]
TOTAL_SV = ["15", "13", "7", "54 %", "7,5", "24", "5", "5", "3"]
EXPECTED_EN = [
    ["Alfaförvaltningen", "9", "8", "4", "50%", "4.5", "26", "3", "3", "2"],
    ["Betaförvaltningen", "5", "5", "3", "60%", "15.0", "23", "1", "1", "1"],
    ["Deltaförvaltningen", "1", "0", "0", "–", "–", "–", "1", "1", "0"],
]
TOTAL_EN = ["All departments", "15", "13", "7", "54%", "7.5", "24", "5", "5", "3"]


class TableParser(HTMLParser):
    """The cells of every table: for each, its caption, header row, body rows and footer rows
    (text of th and td cells, whitespace collapsed, no-break spaces as plain spaces)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = []
        self._section = None
        self._row = None
        self._cell = None
        self._caption = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append({"caption": "", "head": [], "body": [], "foot": [], "class": a.get("class", "")})
            self._section = "body"
        elif tag == "caption":
            self._caption = ""
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = {"thead": "head", "tbody": "body", "tfoot": "foot"}[tag]
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            self._cell = {"tag": tag, "scope": a.get("scope"), "text": ""}

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = " ".join(self._caption.split())
            self._caption = None
        elif tag in ("th", "td") and self._cell is not None:
            self._cell["text"] = " ".join(self._cell["text"].replace("\xa0", " ").split())
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1][self._section].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data
        elif self._caption is not None:
            self._caption += data


def statistics_table(html):
    p = TableParser()
    p.feed(html)
    tables = [t for t in p.tables if "statistics" in t["class"]]
    assert len(tables) == 1, f"expected one statistics table, found {len(tables)}"
    return tables[0]


def texts(row):
    return [c["text"] for c in row]


def svg(html):
    m = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert m, "the page has no inline SVG chart"
    return m.group(0)


@pytest.fixture(scope="module")
def stats_server(workdir, server_factory):
    db = new_db(workdir, "feedback-statistics")
    run_cli("init", "--db", db)
    with Database(db, writable=True) as conn:
        for code, name in DEPARTMENTS:
            conn.execute("INSERT INTO department (code, name) VALUES (?, ?)", (code, name))
        ids = dict(conn.execute("SELECT code, id FROM department").fetchall())
        # Targets other than the defaults, so the page is seen to read them.
        for name, value in (("feedback.acknowledge_days", "3"), ("feedback.answer_days", "15")):
            conn.execute("INSERT INTO setting (name, value, updated_at) VALUES (?, ?, ?)",
                         (name, value, "2025-01-01T00:00:00Z"))
        for i, (dep, status, received, due, answered, days, hidden) in enumerate(SUBMISSIONS):
            answered_at = f"{answered}T10:00:00Z" if answered else None
            conn.execute(
                "INSERT INTO submission (department_id, kind, title, body, publish_consent, status,"
                " received_at, received_on, acknowledge_due, answer_due, acknowledged_at, answered_at,"
                " answered_on, answer_workdays, answer, hidden_at, hidden_reason, updated_at)"
                " VALUES (?, 'view', ?, 'Text', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (ids[dep], f"Synpunkt {i + 1}", status, f"{received}T08:00:00Z", received, received, due,
                 answered_at, answered_at, answered, days,
                 "Svar." if answered else None, "2025-06-01T00:00:00Z" if hidden else None,
                 "Personuppgifter" if hidden else None, f"{received}T08:00:00Z"))
    return server_factory(db, env={"SAMVERKAN_NOW": NOW})


def get(server, path, lang):
    c = server.client()
    return c.get(path, headers={"Accept-Language": lang})


def test_every_figure_in_the_table_matches_the_hand_computed_ones(stats_server):
    r = get(stats_server, PAGE, "sv")
    assert r.status == 200, r.text[:2000]
    t = statistics_table(r.text)
    assert FROM in t["caption"] and TO in t["caption"]
    # Column headers are th scope=col, department names th scope=row.
    assert len(t["head"]) == 1
    assert all(c["tag"] == "th" and c["scope"] == "col" for c in t["head"][0])
    assert len(t["head"][0]) == len(HEADERS)
    assert [texts(row) for row in t["body"]] == EXPECTED_SV
    assert all(row[0]["tag"] == "th" and row[0]["scope"] == "row" for row in t["body"] + t["foot"])
    assert len(t["foot"]) == 1
    # The total row's name is translated; its figures are what matter here.
    assert texts(t["foot"][0])[1:] == TOTAL_SV
    # Gamma had nothing in the period and nothing open: not listed.
    assert "Gammaförvaltningen" not in texts(sum(t["body"], []))


def test_english_page_writes_numbers_the_english_way(stats_server):
    r = get(stats_server, PAGE, "en")
    assert r.status == 200
    t = statistics_table(r.text)
    assert texts(t["head"][0]) == HEADERS
    assert [texts(row) for row in t["body"]] == EXPECTED_EN
    assert [texts(row) for row in t["foot"]] == [TOTAL_EN]
    text = page_text(r.text)
    assert "4.5" in text and "4,5" not in text
    assert "acknowledged within 3 working days and answered within 15 working days" in text


def test_swedish_page_uses_decimal_comma(stats_server):
    r = get(stats_server, PAGE, "sv")
    text = page_text(r.text).replace("\xa0", " ")
    assert "4,5" in text and "4.5" not in text
    assert "50 %" in text and "54 %" in text


def test_page_states_the_targets_and_the_definitions(stats_server):
    text = page_text(get(stats_server, PAGE, "en").text)
    assert "The municipality's promise: every view and proposal is acknowledged within 3 working days" in text
    # The share's denominator and the snapshot are explained in words.
    assert "still open and not yet due can still be answered in time" in text
    assert f"counted today, {TODAY}" in text


def test_chart_has_title_desc_and_one_bar_per_measured_department(stats_server):
    html = get(stats_server, PAGE, "sv").text
    s = svg(html)
    assert re.search(r'<svg[^>]*\brole="img"', s)
    labelled = re.search(r'<svg[^>]*\baria-labelledby="([^"]+)"', s).group(1).split()
    title = re.search(r'<title id="([^"]+)">([^<]+)</title>', s)
    desc = re.search(r'<desc id="([^"]+)">([^<]+)</desc>', s)
    assert title and desc
    assert labelled == [title.group(1), desc.group(1)]
    # The table above is the text alternative, and the chart says so.
    assert "samma siffror som i tabellen ovan" in desc.group(2).lower() or "same figures as in the table above" in desc.group(2)
    # Alfa and Beta have a measured share; Delta has none: two bars, and Delta shows "–".
    bars = re.findall(r'<rect class="bar"[^>]*width="([0-9.]+)%"', s)
    assert len(bars) == 2
    # The bars are as long as the shares (80 % of the width is 100 %): 50 % and 60 %.
    assert [float(w) for w in bars] == [40.0, 48.0]
    labels = [" ".join(x.replace("\xa0", " ").split()) for x in re.findall(r"<text[^>]*>([^<]*)</text>", s)]
    assert labels == ["Alfaförvaltningen", "50 %", "Betaförvaltningen", "60 %", "Deltaförvaltningen", "–"]


def test_one_department_shows_only_its_row(stats_server):
    with Database(stats_server.db) as conn:
        beta = conn.execute("SELECT id FROM department WHERE code = 'beta'").fetchone()[0]
    r = get(stats_server, f"{PAGE}&department={beta}", "sv")
    assert r.status == 200
    t = statistics_table(r.text)
    assert [texts(row) for row in t["body"]] == [EXPECTED_SV[1]]
    assert t["foot"] == []
    assert re.search(r'<option value="%d" selected>' % beta, r.text)


def test_default_period_is_this_year_up_to_today(stats_server):
    r = get(stats_server, "/statistik/aterkoppling", "sv")
    assert r.status == 200
    assert re.search(r'<input type="date" id="from" name="from" value="2025-01-01"', r.text)
    assert re.search(rf'<input type="date" id="to" name="to" value="{TODAY}"', r.text)
    t = statistics_table(r.text)
    # From 1 January: January's and February's Alfa submissions, Gamma's closed one and Beta's of
    # 1 June come in; 19 in all were received in 2025 up to today.
    total = texts(t["foot"][0])
    assert total[1] == "19"
    assert "Gammaförvaltningen" in [row[0]["text"] for row in t["body"]]


@pytest.mark.parametrize("query, field, kept", [
    ("from=2025-02-30&to=2025-05-31", "from", "2025-02-30"),
    ("from=2025-03-01&to=maj", "to", "maj"),
    ("from=2025-06-01&to=2025-05-31", "to", "2025-05-31"),
    ("from=2025-03-01&to=2025-05-31&department=999999", "department", None),
])
def test_bad_period_gives_field_errors_keeps_input_and_hides_statistics(stats_server, query, field, kept):
    r = get(stats_server, f"/statistik/aterkoppling?{query}", "en")
    assert r.status == 422
    html = r.text
    summary = re.search(r'<div class="error-summary"[^>]*>.*?</div>', html, re.S)
    assert summary, "no error summary"
    assert f'href="#{field}"' in summary.group(0)
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', html) or \
        re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-error', html)
    if kept is not None:
        assert re.search(rf'name="{field}" value="{re.escape(kept)}"', html), f"{field} did not keep {kept!r}"
    # No figures for a period that is not one.
    assert 'class="statistics"' not in html
    assert "<svg" not in html
    assert r.text.count('class="error-summary"') == 1


def test_a_period_with_nothing_says_so(stats_server):
    r = get(stats_server, "/statistik/aterkoppling?from=2020-01-01&to=2020-12-31", "en")
    assert r.status == 200
    t = statistics_table(r.text)
    # Nothing arrived in 2020, but what is open now is still shown, and the total counts nothing
    # received.
    assert [row[0]["text"] for row in t["body"]] == ["Alfaförvaltningen", "Betaförvaltningen", "Deltaförvaltningen"]
    assert texts(t["foot"][0]) == ["All departments", "0", "0", "0", "–", "–", "–", "5", "5", "3"]
