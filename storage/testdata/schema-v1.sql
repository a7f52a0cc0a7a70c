-- Frozen: the schema (version 1) and some data as the first Twoway wrote them.
-- Never edit; tests open a copy and check it upgrades to the current schema.
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
CREATE TABLE partnership_item (
	partnership_id INTEGER NOT NULL REFERENCES partnership(id) ON DELETE CASCADE,
	list TEXT NOT NULL CHECK (list IN ('me_offers', 'me_wants', 'partner_offers', 'partner_wants', 'rule')),
	position INTEGER NOT NULL,
	text TEXT NOT NULL,
	PRIMARY KEY (partnership_id, list, position)
);
INSERT INTO partnership VALUES (7, 'Ana & Ben', 'Ana Ruiz', 'ana@example.org', 'Europe/Berlin', 480, 1080,
	'Ben Okafor', 'ben@example.com', 'America/New_York', 540, 1020, 1, 1, 0, '2027-01-04', '2027-06-30',
	'https://meet.jit.si/Twoway-ana-ben', '2026-11-23T18:00:00Z', '2026-11-23T18:00:00Z');
INSERT INTO partnership_item VALUES (7, 'me_wants', 0, 'Social media'), (7, 'partner_wants', 0, 'Leadership');
PRAGMA user_version = 1;
