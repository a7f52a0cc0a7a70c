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
}
