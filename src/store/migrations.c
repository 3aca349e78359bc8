/* migrations: the schema of samverkan, version by version. */
#include "store/migrations.h"
#include <stddef.h>

const struct migration migrations[] = {
	{
		.name = "register, accounts, sessions, audit log",
		.sql =
			"CREATE TABLE committee (\n"
			"  id @ID@, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL);\n"
			"CREATE TABLE department (\n"
			"  id @ID@, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,\n"
			"  committee_id BIGINT REFERENCES committee(id));\n"
			"CREATE TABLE account (\n"
			"  id @ID@, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL,\n"
			"  password_hash TEXT NOT NULL,\n"
			"  role TEXT NOT NULL CHECK (role IN ('admin','coordinator','official','representative','person')),\n"
			"  department_id BIGINT REFERENCES department(id),\n"
			"  lang TEXT NOT NULL DEFAULT 'sv', disabled INTEGER NOT NULL DEFAULT 0,\n"
			"  email_verified_at TEXT, created_at TEXT NOT NULL);\n"
			"CREATE TABLE session (\n"
			"  id @ID@, token_hash TEXT NOT NULL UNIQUE,\n"
			"  account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,\n"
			"  csrf_token TEXT NOT NULL, created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL);\n"
			"CREATE INDEX session_account ON session(account_id);\n"
			"CREATE TABLE login_attempt (\n"
			"  id @ID@, key TEXT NOT NULL, at TEXT NOT NULL);\n"
			"CREATE INDEX login_attempt_key ON login_attempt(key, at);\n"
			"CREATE TABLE legal_form (\n"
			"  code TEXT PRIMARY KEY, name_sv TEXT NOT NULL, name_en TEXT NOT NULL, sort INTEGER NOT NULL);\n"
			"CREATE TABLE category (\n"
			"  code TEXT PRIMARY KEY, name_sv TEXT NOT NULL, name_en TEXT NOT NULL, sort INTEGER NOT NULL);\n"
			"CREATE TABLE target_group (\n"
			"  code TEXT PRIMARY KEY, name_sv TEXT NOT NULL, name_en TEXT NOT NULL, sort INTEGER NOT NULL);\n"
			"CREATE TABLE district (\n"
			"  code TEXT PRIMARY KEY, name_sv TEXT NOT NULL, name_en TEXT NOT NULL, sort INTEGER NOT NULL);\n"
			"CREATE TABLE organisation (\n"
			"  id @ID@, name TEXT NOT NULL, sort_key TEXT@BYTES@ NOT NULL,\n"
			"  org_number TEXT UNIQUE,\n"
			"  legal_form TEXT NOT NULL REFERENCES legal_form(code),\n"
			"  description TEXT NOT NULL DEFAULT '', website TEXT, email TEXT, phone TEXT,\n"
			"  public INTEGER NOT NULL DEFAULT 1, confirmed_at TEXT,\n"
			"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);\n"
			"CREATE INDEX organisation_public_sort ON organisation(public, sort_key);\n"
			"CREATE INDEX organisation_sort ON organisation(sort_key);\n"
			"CREATE INDEX organisation_confirmed ON organisation(confirmed_at);\n"
			"CREATE INDEX organisation_public_updated ON organisation(public, updated_at);\n"
			"CREATE INDEX organisation_legal_form ON organisation(legal_form, sort_key);\n"
			"CREATE TABLE organisation_category (\n"
			"  organisation_id BIGINT NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,\n"
			"  category_code TEXT NOT NULL REFERENCES category(code),\n"
			"  PRIMARY KEY (organisation_id, category_code));\n"
			"CREATE INDEX organisation_category_code ON organisation_category(category_code, organisation_id);\n"
			"CREATE TABLE organisation_target_group (\n"
			"  organisation_id BIGINT NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,\n"
			"  target_group_code TEXT NOT NULL REFERENCES target_group(code),\n"
			"  PRIMARY KEY (organisation_id, target_group_code));\n"
			"CREATE INDEX organisation_target_group_code ON organisation_target_group(target_group_code, organisation_id);\n"
			"CREATE TABLE organisation_district (\n"
			"  organisation_id BIGINT NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,\n"
			"  district_code TEXT NOT NULL REFERENCES district(code),\n"
			"  PRIMARY KEY (organisation_id, district_code));\n"
			"CREATE INDEX organisation_district_code ON organisation_district(district_code, organisation_id);\n"
			"CREATE TABLE contact_person (\n"
			"  id @ID@, organisation_id BIGINT NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,\n"
			"  name TEXT NOT NULL, role TEXT, email TEXT, phone TEXT);\n"
			"CREATE INDEX contact_person_organisation ON contact_person(organisation_id);\n"
			"CREATE TABLE representative (\n"
			"  account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,\n"
			"  organisation_id BIGINT NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,\n"
			"  PRIMARY KEY (account_id, organisation_id));\n"
			"CREATE INDEX representative_organisation ON representative(organisation_id);\n"
			"CREATE TABLE audit_log (\n"
			"  id @ID@, at TEXT NOT NULL, account_id BIGINT, entity TEXT NOT NULL,\n"
			"  entity_id BIGINT, action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '{}');\n"
			"CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);\n"
			/* Bumped by triggers on every change to a group of tables, so caches of expensive
			 * answers (register counts) know when they are stale, on every node. */
			"CREATE TABLE change_counter (name TEXT PRIMARY KEY, version BIGINT NOT NULL);\n"
			"INSERT INTO change_counter (name, version) VALUES ('organisation', 0);\n",
		.sqlite =
			/* External-content FTS5 index kept in step by triggers; 'swedish' is our tokenizer. */
			"CREATE VIRTUAL TABLE organisation_fts USING fts5(name, description,\n"
			"  content='organisation', content_rowid='id', tokenize='swedish');\n"
			"CREATE TRIGGER organisation_fts_insert AFTER INSERT ON organisation BEGIN\n"
			"  INSERT INTO organisation_fts(rowid, name, description) VALUES (new.id, new.name, new.description);\n"
			"END;\n"
			"CREATE TRIGGER organisation_fts_delete AFTER DELETE ON organisation BEGIN\n"
			"  INSERT INTO organisation_fts(organisation_fts, rowid, name, description)\n"
			"    VALUES ('delete', old.id, old.name, old.description);\n"
			"END;\n"
			"CREATE TRIGGER organisation_fts_update AFTER UPDATE OF name, description ON organisation BEGIN\n"
			"  INSERT INTO organisation_fts(organisation_fts, rowid, name, description)\n"
			"    VALUES ('delete', old.id, old.name, old.description);\n"
			"  INSERT INTO organisation_fts(rowid, name, description) VALUES (new.id, new.name, new.description);\n"
			"END;\n"
			"CREATE TRIGGER organisation_insert_counter AFTER INSERT ON organisation BEGIN\n"
			"  UPDATE change_counter SET version = version + 1 WHERE name = 'organisation';\n"
			"END;\n"
			"CREATE TRIGGER organisation_update_counter AFTER UPDATE ON organisation BEGIN\n"
			"  UPDATE change_counter SET version = version + 1 WHERE name = 'organisation';\n"
			"END;\n"
			"CREATE TRIGGER organisation_delete_counter AFTER DELETE ON organisation BEGIN\n"
			"  UPDATE change_counter SET version = version + 1 WHERE name = 'organisation';\n"
			"END;\n"
			"CREATE TRIGGER organisation_category_insert_counter AFTER INSERT ON organisation_category BEGIN\n"
			"  UPDATE change_counter SET version = version + 1 WHERE name = 'organisation';\n"
			"END;\n"
			"CREATE TRIGGER organisation_category_update_counter AFTER UPDATE ON organisation_category BEGIN\n"
			"  UPDATE change_counter SET version = version + 1 WHERE name = 'organisation';\n"
			"END;\n"
			"CREATE TRIGGER organisation_category_delete_counter AFTER DELETE ON organisation_category BEGIN\n"
			"  UPDATE change_counter SET version = version + 1 WHERE name = 'organisation';\n"
			"END;\n"
			"CREATE TRIGGER organisation_target_group_insert_counter AFTER INSERT ON organisation_target_group BEGIN\n"
			"  UPDATE change_counter SET version = version + 1 WHERE name = 'organisation';\n"
			"END;\n"
			"CREATE TRIGGER organisation_target_group_update_counter AFTER UPDATE ON organisation_target_group BEGIN\n"
			"  UPDATE change_counter SET version = version + 1 WHERE name = 'organisation';\n"
			"END;\n"
			"CREATE TRIGGER organisation_target_group_delete_counter AFTER DELETE ON organisation_target_group BEGIN\n"
			"  UPDATE change_counter SET version = version + 1 WHERE name = 'organisation';\n"
			"END;\n"
			"CREATE TRIGGER organisation_district_insert_counter AFTER INSERT ON organisation_district BEGIN\n"
			"  UPDATE change_counter SET version = version + 1 WHERE name = 'organisation';\n"
			"END;\n"
			"CREATE TRIGGER organisation_district_update_counter AFTER UPDATE ON organisation_district BEGIN\n"
			"  UPDATE change_counter SET version = version + 1 WHERE name = 'organisation';\n"
			"END;\n"
			"CREATE TRIGGER organisation_district_delete_counter AFTER DELETE ON organisation_district BEGIN\n"
			"  UPDATE change_counter SET version = version + 1 WHERE name = 'organisation';\n"
			"END;\n"
			/* The audit log is append-only: the database itself refuses to rewrite history. */
			"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN\n"
			"  SELECT RAISE(ABORT, 'audit_log is append-only');\n"
			"END;\n"
			"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN\n"
			"  SELECT RAISE(ABORT, 'audit_log is append-only');\n"
			"END;\n",
		.postgresql =
			/* Full text with PostgreSQL's own Swedish configuration (the same Snowball stemmer as
			 * the SQLite tokenizer), in a table of its own so queries look alike on both. */
			"CREATE TABLE organisation_fts (\n"
			"  id BIGINT PRIMARY KEY REFERENCES organisation(id) ON DELETE CASCADE,\n"
			"  document tsvector NOT NULL);\n"
			"CREATE INDEX organisation_fts_document ON organisation_fts USING GIN (document);\n"
			"CREATE FUNCTION organisation_fts_refresh() RETURNS trigger LANGUAGE plpgsql AS $$\n"
			"BEGIN\n"
			"  INSERT INTO organisation_fts (id, document)\n"
			"    VALUES (NEW.id, to_tsvector('swedish', NEW.name || ' ' || NEW.description))\n"
			"    ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document;\n"
			"  RETURN NULL;\n"
			"END $$;\n"
			"CREATE TRIGGER organisation_fts_refresh AFTER INSERT OR UPDATE OF name, description ON organisation\n"
			"  FOR EACH ROW EXECUTE FUNCTION organisation_fts_refresh();\n"
			"CREATE FUNCTION bump_organisation_counter() RETURNS trigger LANGUAGE plpgsql AS $$\n"
			"BEGIN\n"
			"  UPDATE change_counter SET version = version + 1 WHERE name = 'organisation';\n"
			"  RETURN NULL;\n"
			"END $$;\n"
			"CREATE TRIGGER organisation_counter AFTER INSERT OR UPDATE OR DELETE ON organisation\n"
			"  FOR EACH STATEMENT EXECUTE FUNCTION bump_organisation_counter();\n"
			"CREATE TRIGGER organisation_category_counter AFTER INSERT OR UPDATE OR DELETE ON organisation_category\n"
			"  FOR EACH STATEMENT EXECUTE FUNCTION bump_organisation_counter();\n"
			"CREATE TRIGGER organisation_target_group_counter AFTER INSERT OR UPDATE OR DELETE ON organisation_target_group\n"
			"  FOR EACH STATEMENT EXECUTE FUNCTION bump_organisation_counter();\n"
			"CREATE TRIGGER organisation_district_counter AFTER INSERT OR UPDATE OR DELETE ON organisation_district\n"
			"  FOR EACH STATEMENT EXECUTE FUNCTION bump_organisation_counter();\n"
			"CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n"
			"BEGIN\n"
			"  RAISE EXCEPTION 'audit_log is append-only';\n"
			"END $$;\n"
			"CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log\n"
			"  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();\n",
	},
	{
		.name = "outbox, account tokens, representation requests, notifications",
		.sql =
			/* Every e-mail is first a row here, written in the transaction of the change that
			 * caused it; the sender job delivers it (see domain/outbox.c). */
			"CREATE TABLE outbox (\n"
			"  id @ID@, created_at TEXT NOT NULL,\n"
			"  account_id BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  to_address TEXT NOT NULL, to_name TEXT, lang TEXT NOT NULL DEFAULT 'sv',\n"
			"  kind TEXT NOT NULL, subject TEXT NOT NULL, body_text TEXT NOT NULL, body_html TEXT,\n"
			"  message_id TEXT NOT NULL UNIQUE,\n"
			"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),\n"
			"  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL,\n"
			"  claimed_by TEXT, claimed_until TEXT, last_error TEXT, sent_at TEXT);\n"
			"CREATE INDEX outbox_due ON outbox(status, next_attempt_at);\n"
			"CREATE INDEX outbox_account ON outbox(account_id);\n"
			/* One-time tokens (e-mail verification, password reset, e-mail change, invitation):
			 * only the hash is kept; single use; short-lived. */
			"CREATE TABLE account_token (\n"
			"  id @ID@, account_id BIGINT REFERENCES account(id) ON DELETE CASCADE,\n"
			"  purpose TEXT NOT NULL CHECK (purpose IN ('verify','reset','email','invite')),\n"
			"  token_hash TEXT NOT NULL UNIQUE, email TEXT, organisation_id BIGINT REFERENCES organisation(id) ON DELETE CASCADE,\n"
			"  created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT);\n"
			"CREATE INDEX account_token_account ON account_token(account_id, purpose);\n"
			"CREATE TABLE representation_request (\n"
			"  id @ID@, account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,\n"
			"  organisation_id BIGINT NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,\n"
			"  message TEXT NOT NULL DEFAULT '',\n"
			"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','declined','withdrawn')),\n"
			"  created_at TEXT NOT NULL, decided_at TEXT, decided_by BIGINT REFERENCES account(id) ON DELETE SET NULL);\n"
			"CREATE INDEX representation_request_organisation ON representation_request(organisation_id, status);\n"
			"CREATE INDEX representation_request_account ON representation_request(account_id, status);\n"
			/* How often a person wants each kind of notification by e-mail. */
			"CREATE TABLE notification_preference (\n"
			"  account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,\n"
			"  kind TEXT NOT NULL CHECK (kind IN ('invitations','answers','events','news','representation')),\n"
			"  frequency TEXT NOT NULL CHECK (frequency IN ('immediately','daily','never')),\n"
			"  PRIMARY KEY (account_id, kind));\n"
			"CREATE TABLE notification (\n"
			"  id @ID@, account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,\n"
			"  kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL DEFAULT '', link TEXT,\n"
			"  created_at TEXT NOT NULL, read_at TEXT, emailed_at TEXT);\n"
			"CREATE INDEX notification_account ON notification(account_id, created_at);\n"
			"CREATE INDEX notification_unread ON notification(account_id, read_at);\n"
			"CREATE INDEX notification_digest ON notification(emailed_at, kind);\n",
	},
	{
		.name = "notification delivery, shared secrets, periodic job runs",
		.sql =
			/* The e-mail choice in force when a notification was made: the digest takes only
			 * 'daily' ones not yet mailed, so a kind switched to daily later mails no backlog. */
			"ALTER TABLE notification ADD COLUMN delivery TEXT NOT NULL DEFAULT 'immediately'\n"
			"  CHECK (delivery IN ('immediately','daily','never'));\n"
			"DROP INDEX notification_digest;\n"
			"CREATE INDEX notification_pending ON notification(delivery, emailed_at);\n"
			/* Keys every node must share, made on first use (e.g. the one that signs unsubscribe
			 * links); never in memory only, or a link from one node fails on another. */
			"CREATE TABLE secret (\n"
			"  name TEXT PRIMARY KEY, value TEXT NOT NULL, created_at TEXT NOT NULL);\n"
			/* The last period each once-a-day job ran for, claimed by one upsert so that of
			 * several nodes only one runs it (a job that never ran has no row). */
			"CREATE TABLE job_run (\n"
			"  name TEXT PRIMARY KEY, period TEXT NOT NULL, ran_at TEXT);\n"
			/* The audit log page filters by who made the change. */
			"CREATE INDEX audit_log_account ON audit_log(account_id, id);\n",
	},
	{
		.name = "dialogues, invitations, submissions, the feedback clock",
		.sql =
			/* Settings the municipality changes at run time, shared by every node (the feedback
			 * targets live here: feedback.acknowledge_days, feedback.answer_days). */
			"CREATE TABLE setting (\n"
			"  name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);\n"
			/* A dialogue and its place on SKR's ladder and on the Council of Europe code; the
			 * report (återkoppling) columns are filled when the dialogue closes. Dates are local
			 * calendar dates "YYYY-MM-DD". */
			"CREATE TABLE dialogue (\n"
			"  id @ID@, title TEXT NOT NULL, question TEXT NOT NULL, background TEXT NOT NULL DEFAULT '',\n"
			"  department_id BIGINT NOT NULL REFERENCES department(id),\n"
			"  contact_account_id BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  can_influence TEXT NOT NULL DEFAULT '', cannot_influence TEXT NOT NULL DEFAULT '',\n"
			"  opens_on TEXT, closes_on TEXT, decision_on TEXT,\n"
			"  skr_level TEXT NOT NULL CHECK (skr_level IN ('information','konsultation','dialog','inflytande','medbestammande')),\n"
			"  coe_level TEXT NOT NULL CHECK (coe_level IN ('information','consultation','dialogue','partnership')),\n"
			"  decision_stage TEXT NOT NULL CHECK (decision_stage IN ('agenda','drafting','decision','implementation','monitoring','reformulation')),\n"
			"  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','planned','open','closed','reported')),\n"
			"  report_heard TEXT, report_decision TEXT, report_minutes_ref TEXT, report_link TEXT, report_used TEXT,\n"
			"  reported_at TEXT, reported_by BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  created_by BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);\n"
			"CREATE INDEX dialogue_state ON dialogue(state, closes_on);\n"
			"CREATE INDEX dialogue_department ON dialogue(department_id, state);\n"
			"CREATE INDEX dialogue_updated ON dialogue(updated_at);\n"
			/* The policy principles (P1–P9) a dialogue serves. */
			"CREATE TABLE dialogue_principle (\n"
			"  dialogue_id BIGINT NOT NULL REFERENCES dialogue(id) ON DELETE CASCADE,\n"
			"  principle TEXT NOT NULL CHECK (principle IN ('P1','P2','P3','P4','P5','P6','P7','P8','P9')),\n"
			"  PRIMARY KEY (dialogue_id, principle));\n"
			/* One row per invited organisation; opened_at is the first time someone of the
			 * organisation followed the invitation (the link's token, kept only as a hash). */
			"CREATE TABLE dialogue_invitation (\n"
			"  dialogue_id BIGINT NOT NULL REFERENCES dialogue(id) ON DELETE CASCADE,\n"
			"  organisation_id BIGINT NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,\n"
			"  token_hash TEXT NOT NULL UNIQUE,\n"
			"  invited_at TEXT NOT NULL, invited_by BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  recipients INTEGER NOT NULL DEFAULT 0, opened_at TEXT,\n"
			"  PRIMARY KEY (dialogue_id, organisation_id));\n"
			"CREATE INDEX dialogue_invitation_organisation ON dialogue_invitation(organisation_id);\n"
			/* A view or proposal. department_id is the dialogue's department, or the one it was
			 * addressed to; the due dates are fixed when it arrives, by the targets in force then. */
			"CREATE TABLE submission (\n"
			"  id @ID@, dialogue_id BIGINT REFERENCES dialogue(id),\n"
			"  department_id BIGINT NOT NULL REFERENCES department(id),\n"
			"  account_id BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  organisation_id BIGINT REFERENCES organisation(id) ON DELETE SET NULL,\n"
			"  kind TEXT NOT NULL CHECK (kind IN ('view','proposal')),\n"
			"  title TEXT NOT NULL, body TEXT NOT NULL,\n"
			"  publish_consent INTEGER NOT NULL DEFAULT 0,\n"
			"  status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received','acknowledged','in_progress','answered','closed')),\n"
			"  case_number TEXT, handler_account_id BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  received_at TEXT NOT NULL, received_on TEXT NOT NULL,\n"
			"  acknowledge_due TEXT NOT NULL, answer_due TEXT NOT NULL,\n"
			"  acknowledged_at TEXT, answered_at TEXT, answered_on TEXT, answer_workdays INTEGER,\n"
			"  answer TEXT, answered_by BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  hidden_at TEXT, hidden_reason TEXT, hidden_by BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  acknowledge_reminded_at TEXT, answer_reminded_at TEXT,\n"
			"  acknowledge_escalated_at TEXT, answer_escalated_at TEXT,\n"
			"  updated_at TEXT NOT NULL);\n"
			"CREATE INDEX submission_dialogue ON submission(dialogue_id, id);\n"
			"CREATE INDEX submission_department ON submission(department_id, status);\n"
			"CREATE INDEX submission_received ON submission(received_on, department_id);\n"
			"CREATE INDEX submission_status ON submission(status, answer_due);\n"
			"CREATE INDEX submission_account ON submission(account_id, id);\n"
			"CREATE INDEX submission_organisation ON submission(organisation_id);\n"
			"CREATE INDEX submission_answered ON submission(answered_at);\n"
			/* The status history: who moved it, when, to what. */
			"CREATE TABLE submission_event (\n"
			"  id @ID@, submission_id BIGINT NOT NULL REFERENCES submission(id) ON DELETE CASCADE,\n"
			"  at TEXT NOT NULL, account_id BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  status TEXT NOT NULL, note TEXT);\n"
			"CREATE INDEX submission_event_submission ON submission_event(submission_id, id);\n",
	},
	{
		.name = "one change-counter bump per transaction on PostgreSQL",
		/* PostgreSQL writes a new row version for every UPDATE, and a transaction that bumps the
		 * same counter row for each of 10,000 imported organisations walks an ever longer chain
		 * of them: bulk imports grew quadratic. Readers only need the version to differ once the
		 * transaction commits, so the first change in a transaction bumps and the rest see the
		 * transaction-local mark (rolled back with a savepoint, gone at commit). SQLite updates
		 * in place and keeps its row triggers. */
		.postgresql =
			"CREATE OR REPLACE FUNCTION bump_organisation_counter() RETURNS trigger LANGUAGE plpgsql AS $$\n"
			"BEGIN\n"
			"  IF current_setting('samverkan.organisation_bumped', true) IS DISTINCT FROM txid_current()::text THEN\n"
			"    UPDATE change_counter SET version = version + 1 WHERE name = 'organisation';\n"
			"    PERFORM set_config('samverkan.organisation_bumped', txid_current()::text, true);\n"
			"  END IF;\n"
			"  RETURN NULL;\n"
			"END $$;\n",
	},
	{
		.name = "covering indexes for the feedback statistics and a dialogue's public submissions",
		/* The statistics page aggregates every submission of a period: with all the columns it
		 * reads in one index ordered by arrival, it never visits the rows themselves (on SQLite a
		 * third of the page's time went to those lookups). The old index is this one's prefix.
		 * A dialogue's page counts and lists its published submissions, newest first: the second
		 * index answers both from the index alone, however many a popular dialogue gets. */
		.sql =
			"DROP INDEX submission_received;\n"
			"CREATE INDEX submission_period ON submission(received_on, department_id, status, answered_at,\n"
			"  answered_on, answer_due, answer_workdays);\n"
			"CREATE INDEX submission_dialogue_public ON submission(dialogue_id, publish_consent, hidden_at, id);\n",
	},
	{
		.name = "erasure: a submission's author marked gone, mail forgotten once delivered, audit details scrubbed",
		/* A submission whose author erased their account keeps its text and answer (the
		 * municipality's record) and says it came from a former user; account_id alone cannot
		 * tell that from a submission sent without an account. A message marked forget (the
		 * confirmation of an erasure, sent to the address being erased) is deleted by the sender
		 * once it is delivered or has failed for good. */
		.sql =
			"ALTER TABLE submission ADD COLUMN author_erased_at TEXT;\n"
			"ALTER TABLE outbox ADD COLUMN forget_after_delivery INTEGER NOT NULL DEFAULT 0;\n",
		/* The audit log stays append-only with one exception: an erasure may replace personal
		 * data in an entry's detail by the marker "[erased]" (domain/personal_data.c). Every
		 * other column must stay as it was, and the new detail must carry the marker. */
		.sqlite =
			"DROP TRIGGER audit_log_no_update;\n"
			"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
			"  WHEN NOT (new.id = old.id AND new.at = old.at AND new.account_id IS old.account_id\n"
			"    AND new.entity = old.entity AND new.entity_id IS old.entity_id AND new.action = old.action\n"
			"    AND instr(new.detail, '\"[erased]\"') > 0)\n"
			"BEGIN\n"
			"  SELECT RAISE(ABORT, 'audit_log is append-only');\n"
			"END;\n",
		.postgresql =
			"CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n"
			"BEGIN\n"
			"  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.at = OLD.at\n"
			"     AND NEW.account_id IS NOT DISTINCT FROM OLD.account_id AND NEW.entity = OLD.entity\n"
			"     AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id AND NEW.action = OLD.action\n"
			"     AND strpos(NEW.detail, '\"[erased]\"') > 0 THEN\n"
			"    RETURN NEW;\n"
			"  END IF;\n"
			"  RAISE EXCEPTION 'audit_log is append-only';\n"
			"END $$;\n",
	},
	{
		.name = "the municipality's own set-up: retiring and merging units, postcodes, aliases, addresses",
		/* A committee, department or district is retired, not deleted: what it did stays in the
		 * record, it is just no longer offered for new work. A merged department also says
		 * where its work went. */
		.sql =
			"ALTER TABLE committee ADD COLUMN retired_at TEXT;\n"
			"ALTER TABLE department ADD COLUMN contact_email TEXT;\n"
			"ALTER TABLE department ADD COLUMN retired_at TEXT;\n"
			"ALTER TABLE department ADD COLUMN merged_into BIGINT REFERENCES department(id);\n"
			"ALTER TABLE district ADD COLUMN retired_at TEXT;\n"
			/* A postcode ("17892", digits only) places an organisation's address in a district. */
			"CREATE TABLE district_postcode (\n"
			"  postcode TEXT PRIMARY KEY,\n"
			"  district_code TEXT NOT NULL REFERENCES district(code) ON UPDATE CASCADE);\n"
			"CREATE INDEX district_postcode_district ON district_postcode(district_code);\n"
			/* Other words for a term, as real registers write them ("Idrott", "Informell
			 * grupp/nätverk"); alias_key is the alias folded by taxonomy_key, so matching ignores
			 * case, punctuation, spacing and the words och/eller/and/or. */
			"CREATE TABLE term_alias (\n"
			"  taxonomy TEXT NOT NULL CHECK (taxonomy IN ('legal_form','category','target_group','district')),\n"
			"  alias_key TEXT NOT NULL, alias TEXT NOT NULL, term_code TEXT NOT NULL,\n"
			"  created_at TEXT NOT NULL,\n"
			"  PRIMARY KEY (taxonomy, alias_key));\n"
			/* Visiting and postal address; published only when the organisation chose to. */
			"ALTER TABLE organisation ADD COLUMN street TEXT;\n"
			"ALTER TABLE organisation ADD COLUMN postcode TEXT;\n"
			"ALTER TABLE organisation ADD COLUMN city TEXT;\n"
			"ALTER TABLE organisation ADD COLUMN postal_street TEXT;\n"
			"ALTER TABLE organisation ADD COLUMN postal_postcode TEXT;\n"
			"ALTER TABLE organisation ADD COLUMN postal_city TEXT;\n"
			"ALTER TABLE organisation ADD COLUMN address_public INTEGER NOT NULL DEFAULT 0;\n"
			/* Once an official has confirmed the organisation number a representative can only
			 * ask for a change, which an official approves. */
			"ALTER TABLE organisation ADD COLUMN org_number_requested TEXT;\n"
			"ALTER TABLE organisation ADD COLUMN org_number_requested_by BIGINT REFERENCES account(id) ON DELETE SET NULL;\n"
			"ALTER TABLE organisation ADD COLUMN org_number_requested_at TEXT;\n"
			"ALTER TABLE organisation ADD COLUMN org_number_confirmed_at TEXT;\n",
	},
	{
		.name = "why a representative asks for a different organisation number",
		/* The official who answers the request needs the reason beside it. */
		.sql = "ALTER TABLE organisation ADD COLUMN org_number_request_reason TEXT;\n",
	},
	{
		.name = "staff invitations: a one-time link that makes an official's, a coordinator's or an administrator's account",
		/* An administrator invites staff by e-mail; the link's row says the role and, for an
		 * official, the department the account gets when the invited person accepts. */
		.sql =
			"ALTER TABLE account_token ADD COLUMN role TEXT;\n"
			"ALTER TABLE account_token ADD COLUMN department_id BIGINT REFERENCES department(id);\n",
		/* The purpose's CHECK gains 'staff': SQLite changes a constraint only by building the
		 * table anew. */
		.sqlite =
			"CREATE TABLE account_token_new (\n"
			"  id INTEGER PRIMARY KEY, account_id BIGINT REFERENCES account(id) ON DELETE CASCADE,\n"
			"  purpose TEXT NOT NULL CHECK (purpose IN ('verify','reset','email','invite','staff')),\n"
			"  token_hash TEXT NOT NULL UNIQUE, email TEXT, organisation_id BIGINT REFERENCES organisation(id) ON DELETE CASCADE,\n"
			"  created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT,\n"
			"  role TEXT, department_id BIGINT REFERENCES department(id));\n"
			"INSERT INTO account_token_new (id, account_id, purpose, token_hash, email, organisation_id, created_at,\n"
			"  expires_at, used_at, role, department_id)\n"
			"  SELECT id, account_id, purpose, token_hash, email, organisation_id, created_at, expires_at, used_at,\n"
			"  role, department_id FROM account_token;\n"
			"DROP TABLE account_token;\n"
			"ALTER TABLE account_token_new RENAME TO account_token;\n"
			"CREATE INDEX account_token_account ON account_token(account_id, purpose);\n",
		.postgresql =
			"ALTER TABLE account_token DROP CONSTRAINT account_token_purpose_check;\n"
			"ALTER TABLE account_token ADD CONSTRAINT account_token_purpose_check\n"
			"  CHECK (purpose IN ('verify','reset','email','invite','staff'));\n",
	},
	{
		.name = "dialogue invitations prepared on a draft and sent when it opens",
		/* NULL while prepared; set, in the same transaction as the messages, when they go out.
		 * Every invitation before this was sent when it was made. */
		.sql =
			"ALTER TABLE dialogue_invitation ADD COLUMN sent_at TEXT;\n"
			"UPDATE dialogue_invitation SET sent_at = invited_at;\n",
	},
	{
		.name = "notification kind 'submissions': officials are told when a view or proposal arrives",
		/* The kind's CHECK gains 'submissions': SQLite changes a constraint only by building the
		 * table anew. */
		.sqlite =
			"CREATE TABLE notification_preference_new (\n"
			"  account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,\n"
			"  kind TEXT NOT NULL CHECK (kind IN ('invitations','answers','events','news','representation','submissions')),\n"
			"  frequency TEXT NOT NULL CHECK (frequency IN ('immediately','daily','never')),\n"
			"  PRIMARY KEY (account_id, kind));\n"
			"INSERT INTO notification_preference_new (account_id, kind, frequency)\n"
			"  SELECT account_id, kind, frequency FROM notification_preference;\n"
			"DROP TABLE notification_preference;\n"
			"ALTER TABLE notification_preference_new RENAME TO notification_preference;\n",
		.postgresql =
			"ALTER TABLE notification_preference DROP CONSTRAINT notification_preference_kind_check;\n"
			"ALTER TABLE notification_preference ADD CONSTRAINT notification_preference_kind_check\n"
			"  CHECK (kind IN ('invitations','answers','events','news','representation','submissions'));\n",
	},
	{
		.name = "collaboration areas, their goals and the goals' dated values",
		/* An area of collaboration (principle 1) belongs to a committee; the departments that run
		 * it, the principles it serves and the partner organisations from the register are
		 * lists beside it. Dates are local calendar dates "YYYY-MM-DD". */
		.sql =
			"CREATE TABLE area (\n"
			"  id @ID@, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',\n"
			"  committee_id BIGINT NOT NULL REFERENCES committee(id),\n"
			"  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','active','ended')),\n"
			"  starts_on TEXT, ends_on TEXT,\n"
			"  created_by BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);\n"
			"CREATE INDEX area_title ON area(title, id);\n"
			"CREATE INDEX area_committee ON area(committee_id, status);\n"
			"CREATE TABLE area_department (\n"
			"  area_id BIGINT NOT NULL REFERENCES area(id) ON DELETE CASCADE,\n"
			"  department_id BIGINT NOT NULL REFERENCES department(id),\n"
			"  PRIMARY KEY (area_id, department_id));\n"
			"CREATE INDEX area_department_department ON area_department(department_id, area_id);\n"
			"CREATE TABLE area_principle (\n"
			"  area_id BIGINT NOT NULL REFERENCES area(id) ON DELETE CASCADE,\n"
			"  principle TEXT NOT NULL CHECK (principle IN ('P1','P2','P3','P4','P5','P6','P7','P8','P9')),\n"
			"  PRIMARY KEY (area_id, principle));\n"
			"CREATE TABLE area_partner (\n"
			"  area_id BIGINT NOT NULL REFERENCES area(id) ON DELETE CASCADE,\n"
			"  organisation_id BIGINT NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,\n"
			"  PRIMARY KEY (area_id, organisation_id));\n"
			"CREATE INDEX area_partner_organisation ON area_partner(organisation_id);\n"
			/* A goal and its indicator. Numbers (baseline, target, values) are decimal text written
			 * by the domain ("42.5"): both stores keep exactly that, and the store binds no
			 * floating point. The source says where values come from: typed by an official,
			 * computed by samverkan (indicator and its parameters), or Kolada (KPI, municipality,
			 * gender T/K/M). */
			"CREATE TABLE goal (\n"
			"  id @ID@, area_id BIGINT NOT NULL REFERENCES area(id) ON DELETE CASCADE,\n"
			"  statement TEXT NOT NULL, unit TEXT NOT NULL DEFAULT '',\n"
			"  direction TEXT NOT NULL CHECK (direction IN ('higher','lower')),\n"
			"  baseline_value TEXT NOT NULL, baseline_on TEXT NOT NULL,\n"
			"  target_value TEXT NOT NULL, target_on TEXT NOT NULL,\n"
			"  source TEXT NOT NULL CHECK (source IN ('typed','computed','kolada')),\n"
			"  indicator TEXT CHECK (indicator IN ('answered_in_time','median_answer_days','dialogues_held',\n"
			"    'organisations_taking_part','dialogues_reported','organisations_confirmed')),\n"
			"  department_id BIGINT REFERENCES department(id),\n"
			"  district_code TEXT REFERENCES district(code) ON UPDATE CASCADE,\n"
			"  target_group_code TEXT REFERENCES target_group(code),\n"
			"  period TEXT NOT NULL DEFAULT 'year' CHECK (period IN ('year','12m')),\n"
			"  kolada_kpi TEXT, kolada_municipality TEXT,\n"
			"  kolada_gender TEXT NOT NULL DEFAULT 'T' CHECK (kolada_gender IN ('T','K','M')),\n"
			"  created_by BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);\n"
			"CREATE INDEX goal_area ON goal(area_id, id);\n"
			"CREATE INDEX goal_source ON goal(source, kolada_kpi);\n"
			/* One value per goal and date: a recompute of the same day replaces that day's value,
			 * and never touches another day's. value NULL: Kolada has no value for the period. */
			"CREATE TABLE goal_value (\n"
			"  goal_id BIGINT NOT NULL REFERENCES goal(id) ON DELETE CASCADE,\n"
			"  measured_on TEXT NOT NULL, value TEXT, comment TEXT NOT NULL DEFAULT '',\n"
			"  account_id BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  recorded_at TEXT NOT NULL,\n"
			"  PRIMARY KEY (goal_id, measured_on));\n"
			/* A dialogue may say which area and goal it works for. */
			"ALTER TABLE dialogue ADD COLUMN area_id BIGINT REFERENCES area(id) ON DELETE SET NULL;\n"
			"ALTER TABLE dialogue ADD COLUMN goal_id BIGINT REFERENCES goal(id) ON DELETE SET NULL;\n"
			"CREATE INDEX dialogue_area ON dialogue(area_id);\n"
			"CREATE INDEX dialogue_goal ON dialogue(goal_id);\n",
	},
	{
		.name = "action plans: a department's plan per period, its actions, versions and history",
		/* One plan per department and period (principle 9); the domain refuses an overlapping
		 * period. Dates are local calendar dates "YYYY-MM-DD". version counts adoptions: 0 for a
		 * draft never adopted. */
		.sql =
			"CREATE TABLE action_plan (\n"
			"  id @ID@, department_id BIGINT NOT NULL REFERENCES department(id),\n"
			"  title TEXT NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL,\n"
			"  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','adopted')),\n"
			"  adopted_on TEXT, case_number TEXT, version INTEGER NOT NULL DEFAULT 0,\n"
			"  created_by BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);\n"
			"CREATE INDEX action_plan_department ON action_plan(department_id, period_start);\n"
			"CREATE INDEX action_plan_period ON action_plan(period_start, period_end);\n"
			"CREATE TABLE plan_action (\n"
			"  id @ID@, plan_id BIGINT NOT NULL REFERENCES action_plan(id) ON DELETE CASCADE,\n"
			"  what TEXT NOT NULL,\n"
			"  responsible_account_id BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  starts_on TEXT, due_on TEXT,\n"
			"  status TEXT NOT NULL DEFAULT 'planned'\n"
			"    CHECK (status IN ('planned','in_progress','done','postponed','cancelled')),\n"
			"  sort INTEGER NOT NULL DEFAULT 0,\n"
			"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);\n"
			"CREATE INDEX plan_action_plan ON plan_action(plan_id, sort, id);\n"
			"CREATE TABLE plan_action_principle (\n"
			"  action_id BIGINT NOT NULL REFERENCES plan_action(id) ON DELETE CASCADE,\n"
			"  principle TEXT NOT NULL CHECK (principle IN ('P1','P2','P3','P4','P5','P6','P7','P8','P9')),\n"
			"  PRIMARY KEY (action_id, principle));\n"
			"CREATE TABLE plan_action_goal (\n"
			"  action_id BIGINT NOT NULL REFERENCES plan_action(id) ON DELETE CASCADE,\n"
			"  goal_id BIGINT NOT NULL REFERENCES goal(id) ON DELETE CASCADE,\n"
			"  PRIMARY KEY (action_id, goal_id));\n"
			"CREATE INDEX plan_action_goal_goal ON plan_action_goal(goal_id);\n"
			/* A dated progress note; status is the status the action was given with it (NULL: a
			 * note without a change). */
			"CREATE TABLE plan_action_note (\n"
			"  id @ID@, action_id BIGINT NOT NULL REFERENCES plan_action(id) ON DELETE CASCADE,\n"
			"  noted_on TEXT NOT NULL, text TEXT NOT NULL, status TEXT,\n"
			"  account_id BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  created_at TEXT NOT NULL);\n"
			"CREATE INDEX plan_action_note_action ON plan_action_note(action_id, noted_on, id);\n"
			/* Each adoption keeps the plan as adopted (a JSON snapshot the domain writes). */
			"CREATE TABLE plan_version (\n"
			"  plan_id BIGINT NOT NULL REFERENCES action_plan(id) ON DELETE CASCADE,\n"
			"  version INTEGER NOT NULL, adopted_on TEXT NOT NULL, case_number TEXT NOT NULL,\n"
			"  snapshot TEXT NOT NULL, created_at TEXT NOT NULL,\n"
			"  PRIMARY KEY (plan_id, version));\n"
			/* Changes made after an adoption, listed against the version adopted then. */
			"CREATE TABLE plan_change (\n"
			"  id @ID@, plan_id BIGINT NOT NULL REFERENCES action_plan(id) ON DELETE CASCADE,\n"
			"  version INTEGER NOT NULL, kind TEXT NOT NULL, action_id BIGINT, summary TEXT NOT NULL DEFAULT '',\n"
			"  account_id BIGINT REFERENCES account(id) ON DELETE SET NULL,\n"
			"  changed_at TEXT NOT NULL);\n"
			"CREATE INDEX plan_change_plan ON plan_change(plan_id, id);\n",
	},
};

const int migration_count = sizeof migrations / sizeof migrations[0];
