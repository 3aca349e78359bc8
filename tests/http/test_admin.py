"""The administration: who may see it (coordinators look, administrators change), the account list
with search and pages, role, department and access changes with their limits (not oneself, never
the last administrator), and the audit log page with its filters."""

import json
import re
import urllib.parse

import pytest

from admin_fixtures import PASSWORD, site  # noqa: F401 — site is a fixture
from conftest import ADMIN, COORDINATOR, find_form, main_html, page_text, query, select_options

ADMIN_PAGES = ["/admin", "/admin/konton", "/admin/konton/1", "/admin/logg"]


def account_form(client, account_id):
    r = client.get(f"/admin/konton/{account_id}")
    assert r.status == 200, r
    return find_form(r.text, f"/admin/konton/{account_id}"), r.text


def department_id(site, code):
    return query(site.db, "SELECT id FROM department WHERE code = ?", (code,))[0][0]


def listed(html, tag):
    """How many accounts with addresses starting `tag-` the table lists."""
    return len(re.findall(rf"<td[^>]*>{tag}-\d+@exempel\.se</td>", html))


def can_log_in(site, email, password=PASSWORD):
    c = site.server.client()
    return c.login(email, password).status == 303


def account_state(site, account_id):
    """(role, department_id, disabled) as stored."""
    return query(site.db, "SELECT role, department_id, disabled FROM account WHERE id = ?", (account_id,))[0]


def sessions_of(site, account_id):
    return query(site.db, "SELECT COUNT(*) FROM session WHERE account_id = ?", (account_id,))[0][0]


def audit_count(site):
    return query(site.db, "SELECT COUNT(*) FROM audit_log")[0][0]


# ---- Who may see and change ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_public_is_sent_to_login(site, path):
    r = site.server.client().get(path)
    assert r.status == 303 and r.header("location").startswith("/logga-in?next=")


@pytest.mark.parametrize("role", ["person", "representative", "official"])
def test_below_coordinator_gets_403(site, role):
    email, _ = site.person(role, department="kultur-fritid" if role == "official" else None, tag="lowly")
    client = site.sign_in(email)
    for path in ADMIN_PAGES:
        r = client.get(path)
        assert r.status == 403, (path, r)
        assert "@exempel.se" not in main_html(r.text), "no personal data on a refusal"
    assert "/admin" not in re.findall(r'href="([^"]+)"', client.get("/").text)


def test_coordinator_sees_but_cannot_change(site):
    email, target = site.person(tag="target")
    c = site.coordinator
    for path in ADMIN_PAGES:
        assert c.get(path).status == 200, path
    assert 'href="/admin"' in c.get("/").text, "the menu links to the administration"
    assert "/admin/utskick" not in c.get("/admin").text, "the outbox is for administrators"
    page = c.get(f"/admin/konton/{target}")
    assert f'action="/admin/konton/{target}"' not in page.text, "no role form for a coordinator"
    assert "/inaktivera" not in page.text
    r = c.post(f"/admin/konton/{target}", {"role": "admin", "department": ""})
    assert r.status == 403
    r = c.post(f"/admin/konton/{target}/inaktivera", {})
    assert r.status == 403
    assert account_state(site, target) == ("person", None, 0)
    assert can_log_in(site, email)
    assert not site.audit("account", target)


def test_admin_sees_the_menu_link_and_overview(site):
    r = site.admin.get("/")
    assert 'href="/admin"' in r.text
    r = site.admin.get("/admin")
    assert r.status == 200
    html = main_html(r.text)
    assert "<caption " in html and 'scope="row"' in html and 'scope="col"' in html
    assert "/admin/konton" in html and "/admin/logg" in html and "/admin/utskick" in html


# ---- The account list -----------------------------------------------------------------------------


def test_account_search_ignores_the_case_of_swedish_letters(site):
    with site.writable() as w:
        w.execute("INSERT INTO account (email, name, password_hash, role, created_at) VALUES (?, ?, 'x', 'person', "
                  "'2026-01-01T00:00:00Z')", ("asa-orn@exempel.se", "Åsa Örnsköld"))
    for typed in ("åsa örn", "ÅSA ÖRN", "Åsa Örnsköld", "sköld"):
        html = main_html(site.admin.get("/admin/konton?q=" + urllib.parse.quote(typed)).text)
        assert "asa-orn@exempel.se" in html, typed


def test_account_list_search_and_pages(site):
    # Enough accounts for three pages (25 a page), made straight in the database: the list only reads.
    tag = "sida"
    with site.writable() as w:
        for i in range(55):
            w.execute("INSERT INTO account (email, name, password_hash, role, created_at) VALUES (?, ?, 'x', 'person', "
                      "'2026-01-01T00:00:00Z')", (f"{tag}-{i:02d}@exempel.se", f"Sidfot Person {i:02d}"))
    a = site.admin
    r = a.get("/admin/konton?q=sidfot")
    assert r.status == 200
    html = main_html(r.text)
    assert "55" in page_text(html)
    assert listed(html, tag) == 25
    assert re.search(r"<caption[^>]*>[^<]*55", html)
    assert 'href="/admin/konton?q=sidfot&amp;page=2"' in html
    r = a.get("/admin/konton?q=sidfot&page=3")
    assert listed(main_html(r.text), tag) == 5
    # Past the end: the last page.
    r = a.get("/admin/konton?q=sidfot&page=999")
    assert r.status == 200 and listed(main_html(r.text), tag) == 5
    # By e-mail, and case does not matter in names.
    r = a.get("/admin/konton?q=sida-07%40")
    assert listed(main_html(r.text), tag) == 1
    r = a.get("/admin/konton?q=SIDFOT+PERSON+1")
    assert listed(main_html(r.text), tag) == 10
    # LIKE's wildcards are plain characters to the search.
    r = a.get("/admin/konton?q=%25")
    assert listed(main_html(r.text), tag) == 0
    # Nothing found.
    r = a.get("/admin/konton?q=finns-ingen-sadan")
    assert r.status == 200 and "sida-" not in r.text


def test_account_page_is_accessible(site):
    email, target = site.person(tag="page")
    form, html = account_form(site.admin, target)
    main = main_html(html)
    assert email in main
    for name in ("role", "department"):
        assert re.search(rf'<label for="{name}">', main), f"no label for {name}"
    assert select_options(html, "role") == ["person", "representative", "official", "coordinator", "admin"]


# ---- Changing roles and departments ------------------------------------------------------------------


def test_admin_changes_role_and_department(site):
    email, target = site.person(tag="promoted")
    client = site.sign_in(email)
    assert client.get("/organisationer/ny").status == 403
    form, _ = account_form(site.admin, target)
    fields = dict(form["fields"])

    # An official belongs to a department.
    r = site.admin.post(f"/admin/konton/{target}", {**fields, "role": "official", "department": ""})
    assert r.status == 422
    assert 'aria-invalid="true"' in r.text
    assert account_state(site, target) == ("person", None, 0), "nothing stored"
    assert not site.audit("account", target), "nor audited"

    dep = department_id(site, "kultur-fritid")
    r = site.admin.post(f"/admin/konton/{target}", {**fields, "role": "official", "department": str(dep)})
    assert r.status == 303 and r.header("location") == f"/admin/konton/{target}?sparat=roll"
    assert site.role(target) == "official"
    assert query(site.db, "SELECT department_id FROM account WHERE id = ?", (target,))[0][0] == dep
    # The change holds at once for the person's next request.
    assert client.get("/organisationer/ny").status == 200

    admin_id = site.account_id(ADMIN)
    role_rows = site.audit("account", target, "role")
    assert role_rows[-1][0] == admin_id
    assert json.loads(role_rows[-1][2]) == {"from": "person", "to": "official"}
    dep_rows = site.audit("account", target, "department")
    assert json.loads(dep_rows[-1][2]) == {"from": None, "to": dep}

    # Saving without a change writes no audit row.
    before = len(site.audit("account", target))
    r = site.admin.post(f"/admin/konton/{target}", {"role": "official", "department": str(dep)})
    assert r.status == 303
    assert len(site.audit("account", target)) == before


@pytest.mark.parametrize("role,department", [("kung", ""), ("official", "999999"), ("official", "abc")])
def test_bad_role_or_department_is_refused(site, role, department):
    _, target = site.person(tag="bad")
    r = site.admin.post(f"/admin/konton/{target}", {"role": role, "department": department})
    assert r.status == 422
    assert account_state(site, target) == ("person", None, 0)
    assert not site.audit("account", target)


def test_unknown_account_is_404(site):
    before = audit_count(site)
    assert site.admin.get("/admin/konton/999999").status == 404
    assert site.admin.post("/admin/konton/999999", {"role": "person"}).status == 404
    assert site.admin.post("/admin/konton/999999/inaktivera", {}).status == 404
    assert query(site.db, "SELECT COUNT(*) FROM account WHERE id = 999999") == [(0,)]
    assert audit_count(site) == before, "a refusal writes no audit row"


def test_admin_cannot_demote_or_disable_themselves(site):
    admin_id = site.account_id(ADMIN)
    form, html = account_form(site.admin, admin_id)
    assert f'action="/admin/konton/{admin_id}/inaktivera"' not in html
    assert '<select id="role"' not in html, "no role choice on one's own account"
    sessions = sessions_of(site, admin_id)
    assert sessions > 0
    r = site.admin.post(f"/admin/konton/{admin_id}", {"role": "coordinator", "department": ""})
    assert r.status == 409
    # The page says why in its error summary, about the change as a whole (the own account's form
    # has no role field).
    summary = r.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert ("Du kan inte inaktivera ditt eget konto eller ändra din egen roll." in summary
            or "You cannot disable your own account or change your own role." in summary), summary
    r = site.admin.post(f"/admin/konton/{admin_id}/inaktivera", {})
    assert r.status == 409
    assert site.role(admin_id) == "admin"
    assert query(site.db, "SELECT disabled FROM account WHERE id = ?", (admin_id,))[0][0] == 0
    assert not site.audit("account", admin_id, "role") and not site.audit("account", admin_id, "disable")
    assert sessions_of(site, admin_id) == sessions, "no session ended"
    assert site.admin.get("/admin").status == 200, "still signed in"


def test_admins_can_demote_each_other_but_not_the_last(site):
    """Two extra administrators: one demotes the other. The demo admin stays, so the last-admin
    rule is reached only through the self rule here; it is the same refusal a lone administrator
    gets when trying to step down."""
    email_a, a_id = site.person("admin", tag="adminone")
    email_b, b_id = site.person("admin", tag="admintwo")
    a = site.sign_in(email_a)
    r = a.post(f"/admin/konton/{b_id}", {"role": "coordinator", "department": ""})
    assert r.status == 303
    assert site.role(b_id) == "coordinator"
    assert [(who, json.loads(d)) for who, _, d in site.audit("account", b_id, "role")] == [
        (a_id, {"from": "admin", "to": "coordinator"})]
    b = site.sign_in(email_b)
    assert b.post(f"/admin/konton/{a_id}", {"role": "person", "department": ""}).status == 403
    assert site.role(a_id) == "admin"
    assert not site.audit("account", a_id, "role")


def test_last_admin_cannot_be_removed(site, server_factory, workdir):
    """On a database with a single administrator, no request can take the role away or disable
    the account: there is nobody else who could give it back."""
    from conftest import new_db, run_cli

    db = new_db(workdir, "lone-admin")
    run_cli("init", "--db", db)
    run_cli("user", "add", "--db", db, "--email", "ensam@exempel.se", "--name", "Ensam Admin", "--role", "admin",
            env={"SAMVERKAN_PASSWORD": PASSWORD})
    server = server_factory(db=db)
    c = server.client()
    assert c.login("ensam@exempel.se", PASSWORD).status == 303
    c.csrf("/admin")
    (admin_id,) = query(db, "SELECT id FROM account WHERE email = 'ensam@exempel.se'")[0]
    assert c.post(f"/admin/konton/{admin_id}", {"role": "coordinator", "department": ""}).status == 409
    assert c.post(f"/admin/konton/{admin_id}/inaktivera", {}).status == 409
    assert query(db, "SELECT role, disabled FROM account WHERE id = ?", (admin_id,)) == [("admin", 0)]
    assert query(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'account' AND entity_id = ?", (admin_id,)) == [(0,)]
    assert query(db, "SELECT COUNT(*) FROM session WHERE account_id = ?", (admin_id,)) == [(1,)], "still signed in"


# ---- Disabling and enabling ----------------------------------------------------------------------------


def test_disable_signs_out_and_enable_lets_back_in(site):
    email, target = site.person("representative", tag="disabled")
    client = site.sign_in(email)
    assert client.get("/konto").status == 200
    assert sessions_of(site, target) == 1
    r = site.post_form(site.admin, f"/admin/konton/{target}", f"/admin/konton/{target}/inaktivera")
    assert r.header("location") == f"/admin/konton/{target}?sparat=inaktiverat"
    # Stored: disabled, and the session row gone at once (not when it would have expired).
    assert account_state(site, target)[2] == 1
    assert sessions_of(site, target) == 0
    # Signed out at once, and cannot sign in again.
    r = client.get("/konto")
    assert r.status == 303 and r.header("location").startswith("/logga-in")
    assert not can_log_in(site, email)
    assert sessions_of(site, target) == 0, "a refused sign-in makes no session"
    admin_id = site.account_id(ADMIN)
    assert [(who, json.loads(d)) for who, _, d in site.audit("account", target, "disable")] == [(admin_id, {})]
    page = site.admin.get(f"/admin/konton/{target}")
    assert "Disabled" in page.text or "Inaktiverat" in page.text
    site.post_form(site.admin, f"/admin/konton/{target}", f"/admin/konton/{target}/aktivera")
    assert account_state(site, target)[2] == 0
    assert can_log_in(site, email)
    assert [(who, json.loads(d)) for who, _, d in site.audit("account", target, "enable")] == [(admin_id, {})]


# ---- The audit log ---------------------------------------------------------------------------------------


def test_audit_log_shows_who_when_what(site):
    email, target = site.person(tag="logged")
    form, _ = account_form(site.admin, target)
    r = site.admin.post(f"/admin/konton/{target}", {**dict(form["fields"]), "role": "coordinator"})
    assert r.status == 303
    r = site.coordinator.get("/admin/logg")
    assert r.status == 200
    html = main_html(r.text)
    assert "<caption " in html and '<th scope="col">' in html
    # Newest first: the change just made is the first row.
    first = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S).group(1)
    text = page_text(first)
    assert "Ada Admin" in text
    assert f"account {target}" in text
    assert "role" in text
    assert "coordinator" in text and "person" in text
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', first)


def test_audit_log_filters(site):
    email, target = site.person(tag="filtered")
    site.post_form(site.admin, f"/admin/konton/{target}", f"/admin/konton/{target}/inaktivera")
    a = site.admin
    r = a.get(f"/admin/logg?entity=account&entity_id={target}")
    html = main_html(r.text)
    rows = re.findall(r"<tr>.*?</tr>", html.split("<tbody>", 1)[1], re.S)
    assert rows and all(f"account {target}" in page_text(row) for row in rows)
    # The entity select offers what the log holds.
    assert "account" in select_options(r.text, "entity")
    # By who made the change: by e-mail or by number.
    coordinator_id = site.account_id(COORDINATOR)
    org = site.organisation()
    site.assign(org, site.person(tag="assigned")[0])
    for who in (COORDINATOR, str(coordinator_id)):
        r = a.get(f"/admin/logg?account={who}")
        body = main_html(r.text).split("<tbody>", 1)[1]
        names = re.findall(r'<a href="/admin/konton/(\d+)">', body)
        assert names and set(names) == {str(coordinator_id)}, names
    # An unknown filter is left out and said so, not an error.
    r = a.get("/admin/logg?entity=finns-inte")
    assert r.status == 200 and 'role="status"' in r.text
    r = a.get("/admin/logg?account=ingen@exempel.se")
    assert r.status == 200 and 'role="status"' in r.text


def test_audit_log_pages(site):
    # Enough rows for a second page of 50.
    a = site.admin
    _, target = site.person(tag="paged")
    with site.writable() as w:
        for i in range(60):
            w.execute("INSERT INTO audit_log (at, account_id, entity, entity_id, action, detail) VALUES "
                      "('2026-01-01T00:00:00Z', NULL, 'sidtest', ?, 'touch', '{}')", (i + 1,))
    r = a.get("/admin/logg?entity=sidtest")
    html = main_html(r.text)
    assert "60" in page_text(html.split("</caption>")[0])
    assert 'href="/admin/logg?entity=sidtest&amp;page=2"' in html
    assert "sidtest 60" in page_text(html) and "sidtest 10 " not in page_text(html) + " "
    r = a.get("/admin/logg?entity=sidtest&page=2")
    text = page_text(main_html(r.text))
    assert "sidtest 10" in text and "sidtest 60" not in text
    # Rows without an account are the system's.
    assert "System" in text or "Systemet" in text
