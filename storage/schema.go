package storage

// migrations[i] takes the schema from version i to version i+1. Never edit a
// migration that has shipped: append a new one. testdata/schema-vN.sql keeps
// each shipped schema frozen so tests can upgrade it.
var migrations = []string{
	// 1: partnerships, the people in them and their lists.
	`
CREATE TABLE partnership (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	me_name TEXT NOT NULL,
	me_email TEXT NOT NULL,
	me_zone TEXT NOT NULL,
	me_hours_start INTEGER NOT NULL,
	me_hours_end INTEGER NOT NULL,
	partner_name TEXT NOT NULL,
	partner_email TEXT NOT NULL,
	partner_zone TEXT NOT NULL,
	partner_hours_start INTEGER NOT NULL,
	partner_hours_end INTEGER NOT NULL,
	rule_confidentiality INTEGER NOT NULL DEFAULT 0,
	rule_positive_tone INTEGER NOT NULL DEFAULT 0,
	rule_no_time_wasting INTEGER NOT NULL DEFAULT 0,
	starts_on TEXT NOT NULL DEFAULT '',
	ends_on TEXT NOT NULL DEFAULT '',
	video_link TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
-- The free-form lists of a partnership: what each person offers and wants to
-- learn, and the ground rules beyond the usual three.
CREATE TABLE partnership_item (
	partnership_id INTEGER NOT NULL REFERENCES partnership(id) ON DELETE CASCADE,
	list TEXT NOT NULL CHECK (list IN ('me_offers', 'me_wants', 'partner_offers', 'partner_wants', 'rule')),
	position INTEGER NOT NULL,
	text TEXT NOT NULL,
	PRIMARY KEY (partnership_id, list, position)
);
`,
	// 2: the recurring cadence of a partnership's calls (calendar.Cadence).
	`
CREATE TABLE schedule (
	partnership_id INTEGER PRIMARY KEY REFERENCES partnership(id) ON DELETE CASCADE,
	unit TEXT NOT NULL CHECK (unit IN ('week', 'month')),
	interval INTEGER NOT NULL,
	days TEXT NOT NULL,
	nth INTEGER NOT NULL DEFAULT 0,
	at_minute INTEGER NOT NULL,
	minutes INTEGER NOT NULL,
	first_date TEXT NOT NULL,
	count INTEGER NOT NULL DEFAULT 0,
	until TEXT NOT NULL DEFAULT '',
	anchor TEXT NOT NULL DEFAULT 'me' CHECK (anchor IN ('me', 'partner', 'utc')),
	updated_at TEXT NOT NULL
);
`,
	// 3: invites sent to the partner, single sessions skipped or moved, and
	// what the partner answered.
	`
CREATE TABLE invite (
	partnership_id INTEGER PRIMARY KEY REFERENCES partnership(id) ON DELETE CASCADE,
	uid TEXT NOT NULL UNIQUE,
	sent INTEGER NOT NULL DEFAULT 0,
	sequence INTEGER NOT NULL DEFAULT 0,
	method TEXT NOT NULL DEFAULT '',
	fingerprint TEXT NOT NULL DEFAULT '',
	sent_at TEXT NOT NULL DEFAULT '',
	sent_ics TEXT NOT NULL DEFAULT '',
	cancelled INTEGER NOT NULL DEFAULT 0,
	partstat TEXT NOT NULL DEFAULT '',
	replied_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE session_exception (
	partnership_id INTEGER NOT NULL REFERENCES partnership(id) ON DELETE CASCADE,
	original_start TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('skipped', 'moved')),
	new_start TEXT NOT NULL DEFAULT '',
	new_end TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (partnership_id, original_start)
);
CREATE TABLE invite_response (
	id INTEGER PRIMARY KEY,
	partnership_id INTEGER NOT NULL REFERENCES partnership(id) ON DELETE CASCADE,
	received_at TEXT NOT NULL,
	method TEXT NOT NULL,
	attendee TEXT NOT NULL,
	partstat TEXT NOT NULL DEFAULT '',
	recurrence_id TEXT NOT NULL DEFAULT '',
	proposed_start TEXT NOT NULL DEFAULT '',
	proposed_end TEXT NOT NULL DEFAULT '',
	comment TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'declined', 'noted')),
	raw TEXT NOT NULL DEFAULT ''
);
`,
	// 4: how to reach the user's mail and calendar servers (never their
	// passwords, which live in the system keyring) and where each series
	// was published.
	`
CREATE TABLE settings (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	smtp_host TEXT NOT NULL DEFAULT '',
	smtp_port INTEGER NOT NULL DEFAULT 0,
	smtp_security TEXT NOT NULL DEFAULT '' CHECK (smtp_security IN ('', 'tls', 'starttls', 'plain')),
	smtp_username TEXT NOT NULL DEFAULT '',
	smtp_from TEXT NOT NULL DEFAULT '',
	caldav_url TEXT NOT NULL DEFAULT '',
	caldav_username TEXT NOT NULL DEFAULT '',
	caldav_calendar TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE publication (
	partnership_id INTEGER PRIMARY KEY REFERENCES partnership(id) ON DELETE CASCADE,
	server_url TEXT NOT NULL,
	calendar_path TEXT NOT NULL,
	object_path TEXT NOT NULL,
	etag TEXT NOT NULL,
	published_at TEXT NOT NULL
);
`,
	// 5: the agenda of the next session, which goes into the invite.
	`ALTER TABLE partnership ADD COLUMN agenda TEXT NOT NULL DEFAULT '';`,
	// 6: what the pair agreed to learn from each other, the log of each
	// session and the action items it raised, and who leads next.
	`
ALTER TABLE partnership ADD COLUMN rotate_lead INTEGER NOT NULL DEFAULT 0;
ALTER TABLE partnership ADD COLUMN first_lead TEXT NOT NULL DEFAULT 'me' CHECK (first_lead IN ('me', 'partner'));
-- The topics the drafted agenda plans for the next session, space-separated
-- ids; copied into the session's log when it is held.
ALTER TABLE partnership ADD COLUMN agenda_topics TEXT NOT NULL DEFAULT '';
CREATE TABLE topic (
	id INTEGER PRIMARY KEY,
	partnership_id INTEGER NOT NULL REFERENCES partnership(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	title TEXT NOT NULL,
	teacher TEXT NOT NULL CHECK (teacher IN ('me', 'partner', 'both')),
	status TEXT NOT NULL CHECK (status IN ('proposed', 'agreed', 'in_progress', 'done', 'dropped')),
	notes TEXT NOT NULL DEFAULT '',
	resources TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX topic_by_partnership ON topic (partnership_id, position);
-- One row per session something was recorded for. Skips and moves live in
-- session_exception, which the invite is built from.
CREATE TABLE session_log (
	partnership_id INTEGER NOT NULL REFERENCES partnership(id) ON DELETE CASCADE,
	original_start TEXT NOT NULL,
	held INTEGER NOT NULL DEFAULT 0,
	leader TEXT NOT NULL DEFAULT '' CHECK (leader IN ('', 'me', 'partner')),
	minutes INTEGER NOT NULL DEFAULT 0,
	notes TEXT NOT NULL DEFAULT '',
	notes_shared INTEGER NOT NULL DEFAULT 0,
	my_reflection TEXT NOT NULL DEFAULT '',
	partner_reflection TEXT NOT NULL DEFAULT '',
	planned_topics TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL,
	PRIMARY KEY (partnership_id, original_start)
);
CREATE TABLE session_topic (
	partnership_id INTEGER NOT NULL,
	original_start TEXT NOT NULL,
	topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,
	led_by TEXT NOT NULL CHECK (led_by IN ('me', 'partner', 'both')),
	PRIMARY KEY (partnership_id, original_start, topic_id),
	FOREIGN KEY (partnership_id, original_start) REFERENCES session_log (partnership_id, original_start) ON DELETE CASCADE
);
CREATE INDEX session_topic_by_topic ON session_topic (topic_id);
CREATE TABLE action_item (
	id INTEGER PRIMARY KEY,
	partnership_id INTEGER NOT NULL REFERENCES partnership(id) ON DELETE CASCADE,
	raised_in TEXT NOT NULL DEFAULT '',
	text TEXT NOT NULL,
	owner TEXT NOT NULL CHECK (owner IN ('me', 'partner')),
	due TEXT NOT NULL DEFAULT '',
	done_in TEXT NOT NULL DEFAULT '',
	done INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);
CREATE INDEX action_item_by_partnership ON action_item (partnership_id, done);
`,
	// 7: how the last message reached the partner: by email from Twoway,
	// or as a file the user passes on (so the screen does not claim the
	// partner has it).
	`
ALTER TABLE invite ADD COLUMN sent_via TEXT NOT NULL DEFAULT '';
`,
	// 8: whether the user organizes the partnership or joined it from the
	// partner's invite (mentoring.Role).
	`
ALTER TABLE partnership ADD COLUMN role TEXT NOT NULL DEFAULT '' CHECK (role IN ('', 'attendee'));
`,
	// 9: the record the pair shares through a CalDAV collection: a UID
	// and author per topic and action item, the pair's shared notes of a
	// session while the user's own are private, where the record is kept,
	// and each object's last synced copy (the base of the next merge).
	`
ALTER TABLE topic ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE topic ADD COLUMN added_by TEXT NOT NULL DEFAULT '';
ALTER TABLE action_item ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE action_item ADD COLUMN added_by TEXT NOT NULL DEFAULT '';
ALTER TABLE action_item ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE session_log ADD COLUMN shared_notes TEXT NOT NULL DEFAULT '';
CREATE TABLE share (
	partnership_id INTEGER PRIMARY KEY REFERENCES partnership(id) ON DELETE CASCADE,
	server_url TEXT NOT NULL,
	username TEXT NOT NULL,
	calendar_path TEXT NOT NULL,
	component TEXT NOT NULL DEFAULT 'VJOURNAL' CHECK (component IN ('VJOURNAL', 'VTODO')),
	sync_token TEXT NOT NULL DEFAULT '',
	last_synced TEXT NOT NULL DEFAULT '',
	last_error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE shared_object (
	partnership_id INTEGER NOT NULL REFERENCES partnership(id) ON DELETE CASCADE,
	uid TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('profile', 'topic', 'action', 'session')),
	path TEXT NOT NULL,
	etag TEXT NOT NULL DEFAULT '',
	base TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (partnership_id, uid)
);
`,
	// 10: the mailbox Twoway reads the partner's answers from.
	`
ALTER TABLE settings ADD COLUMN imap_host TEXT NOT NULL DEFAULT '';
ALTER TABLE settings ADD COLUMN imap_port INTEGER NOT NULL DEFAULT 0;
ALTER TABLE settings ADD COLUMN imap_security TEXT NOT NULL DEFAULT '';
ALTER TABLE settings ADD COLUMN imap_username TEXT NOT NULL DEFAULT '';
ALTER TABLE settings ADD COLUMN imap_mailbox TEXT NOT NULL DEFAULT '';
`,
	// 11: pools of people to pair (issue 17): each member as the sign-up
	// form gave them, the pool's synonym groups, its pair rules (locked,
	// forbidden, past partners) and which partnership each accepted pair
	// became. Emails are kept as typed and compared by email_key (lower
	// case). Lists are one entry per line, in order: a want's rank is its
	// position.
	`
CREATE TABLE pool (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE TABLE pool_person (
	id INTEGER PRIMARY KEY,
	pool_id INTEGER NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	email TEXT NOT NULL,
	email_key TEXT NOT NULL,
	zone TEXT NOT NULL,
	hours_start INTEGER NOT NULL,
	hours_end INTEGER NOT NULL,
	offers TEXT NOT NULL DEFAULT '',
	wants TEXT NOT NULL DEFAULT '',
	languages TEXT NOT NULL DEFAULT '',
	UNIQUE (pool_id, email_key)
);
CREATE TABLE pool_synonym (
	pool_id INTEGER NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	words TEXT NOT NULL,
	PRIMARY KEY (pool_id, position)
);
-- email_a < email_b, both email keys.
CREATE TABLE pool_rule (
	pool_id INTEGER NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('locked', 'forbidden', 'past')),
	email_a TEXT NOT NULL,
	email_b TEXT NOT NULL,
	PRIMARY KEY (pool_id, kind, email_a, email_b)
);
CREATE TABLE pool_pair (
	partnership_id INTEGER PRIMARY KEY REFERENCES partnership(id) ON DELETE CASCADE,
	pool_id INTEGER NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
	email_a TEXT NOT NULL,
	email_b TEXT NOT NULL,
	ended_at TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX pool_pair_by_pool ON pool_pair (pool_id);
`,
	// 12: a count of the changes to each shared record, so a sync that
	// finds nothing new on the server and nothing changed here since it
	// last completed can stop after its one request instead of merging
	// every object again. Triggers keep it, so every writer counts: the
	// screens, the command line, a sync's own merges and an imported
	// record alike. record_version counts every write to a table the
	// shared record is made of (the partnership's columns, its lists,
	// topics, action items, session logs and what they covered, the
	// synced bases, the series UID that names sessions); synced_version is
	// the count the last completed sync left the record at (-1: none).
	`
ALTER TABLE share ADD COLUMN record_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE share ADD COLUMN synced_version INTEGER NOT NULL DEFAULT -1;
CREATE TRIGGER partnership_changes AFTER UPDATE ON partnership BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.id;
END;
CREATE TRIGGER partnership_item_added AFTER INSERT ON partnership_item BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.partnership_id;
END;
CREATE TRIGGER partnership_item_changed AFTER UPDATE ON partnership_item BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.partnership_id;
END;
CREATE TRIGGER partnership_item_removed AFTER DELETE ON partnership_item BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = OLD.partnership_id;
END;
CREATE TRIGGER topic_added AFTER INSERT ON topic BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.partnership_id;
END;
CREATE TRIGGER topic_changed AFTER UPDATE ON topic BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.partnership_id;
END;
CREATE TRIGGER topic_removed AFTER DELETE ON topic BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = OLD.partnership_id;
END;
CREATE TRIGGER action_item_added AFTER INSERT ON action_item BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.partnership_id;
END;
CREATE TRIGGER action_item_changed AFTER UPDATE ON action_item BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.partnership_id;
END;
CREATE TRIGGER action_item_removed AFTER DELETE ON action_item BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = OLD.partnership_id;
END;
CREATE TRIGGER session_log_added AFTER INSERT ON session_log BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.partnership_id;
END;
CREATE TRIGGER session_log_changed AFTER UPDATE ON session_log BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.partnership_id;
END;
CREATE TRIGGER session_log_removed AFTER DELETE ON session_log BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = OLD.partnership_id;
END;
CREATE TRIGGER session_topic_added AFTER INSERT ON session_topic BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.partnership_id;
END;
CREATE TRIGGER session_topic_changed AFTER UPDATE ON session_topic BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.partnership_id;
END;
CREATE TRIGGER session_topic_removed AFTER DELETE ON session_topic BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = OLD.partnership_id;
END;
CREATE TRIGGER shared_object_added AFTER INSERT ON shared_object BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.partnership_id;
END;
CREATE TRIGGER shared_object_changed AFTER UPDATE ON shared_object BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.partnership_id;
END;
CREATE TRIGGER shared_object_removed AFTER DELETE ON shared_object BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = OLD.partnership_id;
END;
CREATE TRIGGER invite_added AFTER INSERT ON invite BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.partnership_id;
END;
CREATE TRIGGER invite_uid_changed AFTER UPDATE OF uid ON invite BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = NEW.partnership_id;
END;
CREATE TRIGGER invite_removed AFTER DELETE ON invite BEGIN
	UPDATE share SET record_version = record_version + 1 WHERE partnership_id = OLD.partnership_id;
END;
`,
}
