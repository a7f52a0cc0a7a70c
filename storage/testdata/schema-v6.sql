-- Frozen: schema version 6 (topics, session log, action items, lead rotation), with data written by it.
-- Never edit; storage tests open a copy and check it upgrades to the current schema.
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
, agenda TEXT NOT NULL DEFAULT '', rotate_lead INTEGER NOT NULL DEFAULT 0, first_lead TEXT NOT NULL DEFAULT 'me' CHECK (first_lead IN ('me', 'partner')), agenda_topics TEXT NOT NULL DEFAULT '');
INSERT INTO partnership VALUES(1,'Ana & Ben','Ana Ruiz','ana@example.org','Europe/Berlin',480,1080,'Ben Okafor','ben@example.com','America/New_York',540,1020,1,1,1,'2027-01-04','2027-06-30','','2026-11-23T18:32:40.351868667Z','2026-11-23T18:57:22.352530997Z','Review Ben''s first post',1,'partner','1 2');
CREATE TABLE partnership_item (
	partnership_id INTEGER NOT NULL REFERENCES partnership(id) ON DELETE CASCADE,
	list TEXT NOT NULL CHECK (list IN ('me_offers', 'me_wants', 'partner_offers', 'partner_wants', 'rule')),
	position INTEGER NOT NULL,
	text TEXT NOT NULL,
	PRIMARY KEY (partnership_id, list, position)
);
INSERT INTO partnership_item VALUES(1,'me_wants',0,'Social media');
INSERT INTO partnership_item VALUES(1,'partner_offers',0,'Social media');
INSERT INTO partnership_item VALUES(1,'rule',0,'Cameras on');
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
INSERT INTO schedule VALUES(1,'week',1,'MO',0,1020,60,'2027-01-04',0,'2027-06-30','me','2026-11-23T18:32:40.366141517Z');
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
INSERT INTO invite VALUES(1,'d74f5e7001a3cc5cd25d137b8294f8c9@twoway.app',1,0,'REQUEST','ad10379fb0c3a416afa4c4b434af1e4a0699781881f5670d534a16202549c9e3','2026-11-23T18:32:40.414294063Z',replace(replace('BEGIN:VCALENDAR\r\012CALSCALE:GREGORIAN\r\012METHOD:REQUEST\r\012PRODID:-//Twoway//Twoway//EN\r\012VERSION:2.0\r\012BEGIN:VTIMEZONE\r\012TZID:Europe/Berlin\r\012BEGIN:STANDARD\r\012DTSTART:19701025T030000\r\012RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\012TZNAME:CET\r\012TZOFFSETFROM:+0200\r\012TZOFFSETTO:+0100\r\012END:STANDARD\r\012BEGIN:DAYLIGHT\r\012DTSTART:19700329T020000\r\012RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\012TZNAME:CEST\r\012TZOFFSETFROM:+0100\r\012TZOFFSETTO:+0200\r\012END:DAYLIGHT\r\012END:VTIMEZONE\r\012BEGIN:VEVENT\r\012ATTENDEE;CN=Ben Okafor;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PAR\r\012 TICIPANT;RSVP=TRUE:mailto:ben@example.com\r\012DESCRIPTION:Reciprocal mentoring: Ana Ruiz and Ben Okafor teach each other.\r\012 \nBen offers: Social media.\n\nAgenda for the next session:\nReview Ben''s \r\012 first post\n\nOur ground rules:\n- What we share stays between us\n- Keep \r\012 a positive\, constructive tone\n- Respect each other''s time: start on time\r\012 \, come prepared\n- Cameras on\r\012DTEND;TZID=Europe/Berlin:20270104T180000\r\012DTSTAMP:20261123T183240Z\r\012DTSTART;TZID=Europe/Berlin:20270104T170000\r\012EXDATE;TZID=Europe/Berlin:20270301T170000\r\012ORGANIZER;CN=Ana Ruiz:mailto:ana@example.org\r\012RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20270630T160000Z;WKST=MO\r\012SEQUENCE:0\r\012STATUS:CONFIRMED\r\012SUMMARY:Ana & Ben\r\012TRANSP:OPAQUE\r\012UID:d74f5e7001a3cc5cd25d137b8294f8c9@twoway.app\r\012BEGIN:VALARM\r\012ACTION:DISPLAY\r\012DESCRIPTION:Ana & Ben\r\012TRIGGER:-PT15M\r\012END:VALARM\r\012END:VEVENT\r\012END:VCALENDAR\r\012','\r',char(13)),'\012',char(10)),0,'','');
CREATE TABLE session_exception (
	partnership_id INTEGER NOT NULL REFERENCES partnership(id) ON DELETE CASCADE,
	original_start TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('skipped', 'moved')),
	new_start TEXT NOT NULL DEFAULT '',
	new_end TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (partnership_id, original_start)
);
INSERT INTO session_exception VALUES(1,'2027-03-01T16:00:00Z','skipped','','');
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
INSERT INTO settings VALUES(1,'127.0.0.1',2525,'plain','','ana@example.org','','','','2026-11-23T18:32:40.426896552Z');
CREATE TABLE publication (
	partnership_id INTEGER PRIMARY KEY REFERENCES partnership(id) ON DELETE CASCADE,
	server_url TEXT NOT NULL,
	calendar_path TEXT NOT NULL,
	object_path TEXT NOT NULL,
	etag TEXT NOT NULL,
	published_at TEXT NOT NULL
);
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
INSERT INTO topic VALUES(1,1,0,'Social media','partner','in_progress','','https://example.com/reels','2026-11-23T18:57:22.350698755Z','2026-11-23T18:57:22.353693393Z');
INSERT INTO topic VALUES(2,1,1,'Leadership','me','agreed','Start with 1:1s','','2026-11-23T18:57:22.352057173Z','2026-11-23T18:57:22.352057173Z');
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
INSERT INTO session_log VALUES(1,'2027-01-04T16:00:00Z',1,'partner',55,'Private note',0,'Useful','Fun','1 2','2026-11-23T18:57:22.353693393Z');
CREATE TABLE session_topic (
	partnership_id INTEGER NOT NULL,
	original_start TEXT NOT NULL,
	topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,
	led_by TEXT NOT NULL CHECK (led_by IN ('me', 'partner', 'both')),
	PRIMARY KEY (partnership_id, original_start, topic_id),
	FOREIGN KEY (partnership_id, original_start) REFERENCES session_log (partnership_id, original_start) ON DELETE CASCADE
);
INSERT INTO session_topic VALUES(1,'2027-01-04T16:00:00Z',1,'partner');
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
INSERT INTO action_item VALUES(1,1,'2027-01-04T16:00:00Z','Post one Reel','me','2027-01-10','',0,'2026-11-23T18:57:22.353693393Z');
CREATE INDEX topic_by_partnership ON topic (partnership_id, position);
CREATE INDEX session_topic_by_topic ON session_topic (topic_id);
CREATE INDEX action_item_by_partnership ON action_item (partnership_id, done);
PRAGMA user_version = 6;
