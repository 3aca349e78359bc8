"""Helpers for the tests that write action plans through the web (/handlingsplaner): a department's
id, a new plan, an action and a dated progress note, each through its form as an official or a
coordinator does it, and the adoption."""

import re

from conftest import find_form, org_form_data, page_text, query


def department_id(db, code):
    (d,), = query(db, "SELECT id FROM department WHERE code = ?", (code,))
    return d


def create_plan(client, db, year, **fields):
    r = client.get("/handlingsplaner/ny")
    assert r.status == 200, r
    data = org_form_data(find_form(r.text, "/handlingsplaner/ny"))
    data.update(title=f"Handlingsplan {year}", period_start=f"{year}-01-01", period_end=f"{year}-12-31")
    data.update(fields)
    r = client.post("/handlingsplaner/ny", data)
    assert r.status == 303, page_text(r.text)[:1000]
    return int(re.fullmatch(r"/handlingsplaner/(\d+)\?sparad=1", r.header("location")).group(1))


def add_action(client, plan, **fields):
    r = client.get(f"/handlingsplaner/{plan}/atgarder/ny")
    assert r.status == 200, r
    data = org_form_data(find_form(r.text, f"/handlingsplaner/{plan}/atgarder/ny"))
    data.update(fields)
    r = client.post(f"/handlingsplaner/{plan}/atgarder/ny", data)
    assert r.status == 303, page_text(r.text)[:1000]
    assert r.header("location") == f"/handlingsplaner/{plan}?atgard=1"


def progress(client, plan, action, status, noted_on, text):
    r = client.get(f"/handlingsplaner/{plan}/atgarder/{action}/status")
    assert r.status == 200, r
    data = org_form_data(find_form(r.text, "/status"))
    data.update(status=status, noted_on=noted_on, text=text)
    return client.post(f"/handlingsplaner/{plan}/atgarder/{action}/status", data)


def adopt(client, plan, adopted_on, case_number):
    """Adopts the plan through its form; the response (303 to the plan when it was adopted)."""
    r = client.get(f"/handlingsplaner/{plan}/anta")
    assert r.status == 200, r
    data = org_form_data(find_form(r.text, f"/handlingsplaner/{plan}/anta"))
    data.update(adopted_on=adopted_on, case_number=case_number)
    return client.post(f"/handlingsplaner/{plan}/anta", data)
