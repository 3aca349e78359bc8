"""Configuration: samverkan.conf (key = value, comments, quotes), SAMVERKAN_* variables and flags,
each winning over the one before; `samverkan config check` shows what is in effect with the
password masked and reports every problem (exit 1); a bad file is refused with its file and line,
by `config check` and by `serve`."""

import os
import re
import signal
import subprocess
import time

from conftest import SAMVERKAN, free_port, missing_db, program_env, run_cli

SECRET = "hemligt#lösen 42"


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return str(path)


def setting(out, key):
    """(value, source) of a key in config check's listing."""
    m = re.search(rf"^{key}\s+= (.*?)\s+\[(\w+)\]$", out, re.M)
    assert m, f"{key} is not listed:\n{out}"
    return m.group(1), m.group(2)


def clean_env(**extra):
    """No SAMVERKAN_* settings from the environment the tests run in, except those given."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_") and k != "PORT"}
    e.update(extra)
    return e


def check(*args, env=None, cwd=None):
    return subprocess.run([SAMVERKAN, "config", "check", *args], capture_output=True, text=True,
                          env=env if env is not None else program_env(), cwd=cwd, timeout=60)


def test_file_then_environment_then_flag(tmp_path):
    conf = write(tmp_path / "samverkan.conf", f"""
# a comment line
   # an indented one

smtp_url = smtp://filen.exempel.se:2525
mail_from = "Kommunen <samverkan@kommun.se>"
smtp_user = 'postlåda'
smtp_password = {SECRET}
base_url = https://samverkan.kommun.se
port = 8181
db = {tmp_path / "från-filen.db"}
""")
    env = clean_env(SAMVERKAN_CONFIG=conf, SAMVERKAN_SMTP_URL="smtp://miljon.exempel.se:25")
    p = check(env=dict(program_env(), **env))
    assert setting(p.stdout, "smtp_url") == ("smtp://miljon.exempel.se:25", "environment")
    assert setting(p.stdout, "mail_from") == ("Kommunen <samverkan@kommun.se>", "file")
    assert setting(p.stdout, "smtp_user") == ("postlåda", "file")
    assert setting(p.stdout, "smtp_password") == ("********", "file")
    assert SECRET not in p.stdout + p.stderr and "hemligt" not in p.stdout + p.stderr
    assert setting(p.stdout, "smtp_starttls") == ("false", "default")
    assert setting(p.stdout, "port") == ("8181", "file")
    assert p.returncode == 0, p.stdout
    assert "no problems" in p.stdout

    # --db on the command line wins over the file.
    p = check("--db", str(tmp_path / "flaggan.db"), env=dict(program_env(), **env))
    assert setting(p.stdout, "db") == (str(tmp_path / "flaggan.db"), "flag")

    # Other commands take db from the file too.
    run_cli("init", env=env)
    assert os.path.exists(tmp_path / "från-filen.db")


def test_serve_takes_flags_over_environment_over_file(tmp_path):
    conf = write(tmp_path / "s.conf", "smtp_url = smtp://filen.exempel.se:2525\nmail_from = a@b.se\n")
    db = str(tmp_path / "serve.db")
    port = free_port()
    env = dict(program_env(), **clean_env(SAMVERKAN_SMTP_URL="smtp://miljon.exempel.se:25",
                                          SAMVERKAN_MAIL_FROM="miljo@exempel.se"))
    log = tmp_path / "serve.err"
    with open(log, "wb") as err:
        proc = subprocess.Popen([SAMVERKAN, "serve", "--config", conf, "--db", db, "--port", str(port),
                                 "--threads", "1", "--smtp-url", "smtp://flaggan.exempel.se:587"],
                                stdout=subprocess.DEVNULL, stderr=err, env=env)
        try:
            deadline = time.monotonic() + 15
            while "serving" not in log.read_text() and time.monotonic() < deadline:
                assert proc.poll() is None, log.read_text()
                time.sleep(0.05)
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=10) == 0, log.read_text()
    text = log.read_text()
    assert "sending through smtp://flaggan.exempel.se:587 as miljo@exempel.se" in text, text


def test_problems_are_listed_and_exit_1(tmp_path):
    conf = write(tmp_path / "bad.conf", "smtp_url = http://smtp.exempel.se\nmail_from = inte en adress\n"
                                        "base_url = samverkan.kommun.se\nsmtp_starttls = kanske\n")
    p = check("--config", conf, "--db", missing_db(tmp_path, "x"), env=dict(program_env(), **clean_env()))
    assert p.returncode == 1
    problems = p.stdout.split("problems:", 1)[1]
    assert re.search(r"smtp_url \(file\): 'http://smtp.exempel.se' must start with smtp:// or smtps://", problems)
    assert "mail_from (file): 'inte en adress' is not an e-mail address" in problems
    assert "base_url (file): 'samverkan.kommun.se' is not an address like https://" in problems
    assert "smtp_starttls (file): 'kanske' is not true or false" in problems


def test_smtp_url_without_host_and_unreachable_database_are_problems(tmp_path):
    conf = write(tmp_path / "c.conf", "smtp_url = smtp://\nmail_from = ok@exempel.se\n"
                                      "db = postgresql://nobody@127.0.0.1:1/none?connect_timeout=2\n")
    p = check("--config", conf, env=dict(program_env(), **clean_env()))
    assert p.returncode == 1
    assert "smtp_url (file): 'smtp://' has no usable host" in p.stdout
    assert re.search(r"db \(file\): cannot open", p.stdout), p.stdout


def test_unknown_key_is_refused_with_file_and_line(tmp_path):
    conf = write(tmp_path / "typo.conf", "# settings\nsmtp_url = smtp://a.se\n\nsmtp_urll = smtp://b.se\n")
    p = check("--config", conf, env=dict(program_env(), **clean_env()))
    assert p.returncode == 1
    assert f"{conf}:4: unknown key 'smtp_urll'" in p.stdout
    p = run_cli("serve", "--config", conf, "--db", missing_db(tmp_path, "never"), check=False)
    assert p.returncode == 2
    assert f"{conf}:4: unknown key 'smtp_urll'" in p.stderr


def test_missing_explicit_file_is_an_error_and_serve_refuses_a_bad_smtp_url(tmp_path):
    p = check("--config", str(tmp_path / "nope.conf"), env=dict(program_env(), **clean_env()))
    assert p.returncode == 1 and "nope.conf" in p.stdout
    db = missing_db(tmp_path, "never")
    p = run_cli("serve", "--db", db, "--smtp-url", "ftp://x.se", check=False)
    assert p.returncode == 2
    assert "smtp_url (flag): 'ftp://x.se' must start with smtp:// or smtps://" in p.stderr
