"""`samverkan workdays add|between`: the feedback clock's working-day arithmetic at the command
line — real Swedish calendars, negative counts, --explain, and bad input refused with exit 2 and
a message naming the bad argument. No database is involved, so it runs alike on both stores."""

import pytest

from conftest import run_cli


@pytest.mark.parametrize("date,n,expected", [
    ("2024-12-20", "5", "2025-01-03"),    # over julafton … nyårsdagen
    ("2024-12-20", "20", "2025-01-27"),   # … and trettondedag jul
    ("2025-04-16", "5", "2025-04-25"),    # over långfredagen and annandag påsk
    ("2026-03-31", "20", "2026-04-30"),   # Easter 2026, up to the day before första maj
    ("2025-03-01", "5", "2025-03-07"),    # from a Saturday: the following Friday
    ("2026-12-30", "1", "2027-01-04"),    # nyårsafton, nyårsdagen, a weekend
    ("2027-01-07", "-3", "2026-12-30"),   # backwards over trettondedag jul and the new year
    ("2026-04-07", "-1", "2026-04-02"),   # backwards over Easter 2026
    ("2026-06-18", "1", "2026-06-22"),    # midsommarafton 2026 is 19 June
    ("2026-05-13", "1", "2026-05-15"),    # Kristi himmelsfärdsdag 2026 is 14 May
    ("2026-12-25", "0", "2026-12-25"),
])
def test_add_prints_the_due_date(date, n, expected):
    p = run_cli("workdays", "add", date, n)
    assert p.stdout == expected + "\n"
    assert p.stderr == ""


@pytest.mark.parametrize("a,b,expected", [
    ("2024-12-20", "2025-01-27", "20"),
    ("2026-12-30", "2027-01-07", "3"),
    ("2027-01-07", "2026-12-30", "-3"),
    ("2026-04-02", "2026-04-06", "0"),    # Easter: nothing but closed days
    ("2026-11-26", "2026-11-26", "0"),
])
def test_between_counts_working_days(a, b, expected):
    assert run_cli("workdays", "between", a, b).stdout == expected + "\n"


def test_add_and_between_agree():
    for date in ("2026-12-18", "2026-03-28", "2026-06-17", "2026-10-29"):
        for n in (1, 2, 5, 20):
            due = run_cli("workdays", "add", date, str(n)).stdout.strip()
            assert run_cli("workdays", "between", date, due).stdout.strip() == str(n)


def test_explain_names_each_closed_day():
    p = run_cli("workdays", "add", "--explain", "2026-04-01", "2")
    lines = p.stdout.splitlines()
    assert lines[-1] == "2026-04-07"
    text = p.stdout
    assert "2026-04-02 Thursday  working day 1" in text
    assert "2026-04-03 Friday    not counted: långfredagen" in text
    assert "2026-04-05 Sunday    not counted: påskdagen" in text
    assert "2026-04-06 Monday    not counted: annandag påsk" in text
    assert "2026-04-07 Tuesday   working day 2" in text
    p = run_cli("workdays", "between", "2026-12-23", "2027-01-03", "--explain")
    assert p.stdout.splitlines()[-1] == "3"
    assert "not counted: julafton" in p.stdout and "not counted: nyårsafton" in p.stdout


@pytest.mark.parametrize("args,names", [
    (["add", "2025-02-29", "3"], "DATE '2025-02-29'"),
    (["add", "2024-13-01", "3"], "DATE '2024-13-01'"),
    (["add", "2024-1-1", "3"], "DATE '2024-1-1'"),
    (["add", "2024-01-01", "three"], "N 'three'"),
    (["add", "2024-01-01", "2.5"], "N '2.5'"),
    (["add", "2024-01-01", "100001"], "N '100001'"),
    (["add", "9999-12-30", "5"], "outside the years"),
    (["add", "2024-01-01"], "needs 2 arguments"),
    (["add", "2024-01-01", "1", "2"], "unexpected argument '2'"),
    (["add", "--frobnicate", "2024-01-01", "1"], "unknown option '--frobnicate'"),
    (["between", "2024-01-01", "tomorrow"], "DATE2 'tomorrow'"),
    (["between", "01/01/2024", "2024-02-01"], "DATE1 '01/01/2024'"),
])
def test_bad_input_exits_2_naming_the_argument(args, names):
    p = run_cli("workdays", *args, check=False)
    assert p.returncode == 2, p
    assert p.stdout == ""
    assert names in p.stderr
    assert f"samverkan workdays {args[0]} --help" in p.stderr


def test_help_says_how_it_counts():
    for sub in ("add", "between"):
        p = run_cli("workdays", sub, "--help")
        assert p.returncode == 0
        assert f"usage: samverkan workdays {sub}" in p.stdout
        assert "working day" in p.stdout
    assert "workdays add" in run_cli("--help").stdout
    p = run_cli("workdays", check=False)
    assert p.returncode == 2
