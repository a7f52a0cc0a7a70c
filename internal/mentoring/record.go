package mentoring

import (
	"errors"
	"time"
)

// Record is everything of a partnership that the pair shares, as this
// side stores it (sides are "me" and "partner" here; the shared objects
// name people by email). Private notes are in it only so the rules can
// tell them apart: LogRecord.Notes leaves the machine only when
// NotesShared is set.
type Record struct {
	Partnership Partnership
	Topics      []Topic
	Actions     []ActionItem
	Logs        []LogRecord
}

// LogRecord is one logged session as the shared record needs it.
type LogRecord struct {
	Original    time.Time
	Held        bool
	Leader      Side
	Minutes     int
	Notes       string
	NotesShared bool
	// SharedNotes are the pair's shared notes of the session while the
	// user's own Notes are private (the partner may have written some).
	SharedNotes       string
	MyReflection      string
	PartnerReflection string
	Covered           []Coverage
	Updated           time.Time
}

// Share is where a pair keeps its shared record: a calendar collection on
// a CalDAV server both can write.
type Share struct {
	PartnershipID int64
	ServerURL     string
	Username      string
	Calendar      string // the collection's path, ending in "/"
	// Component is the component sessions and the profile are stored as:
	// "VJOURNAL", or "VTODO" on a server that refuses journals.
	Component  string
	SyncToken  string
	LastSynced time.Time
	LastError  string
}

// SyncObject is one shared object as last synced: where it is, its entity
// tag, and the copy both sides agreed on (the base of the next merge).
type SyncObject struct {
	UID  string
	Kind string // "profile", "topic", "action", "session"
	Path string
	ETag string
	Base []byte
}

// RecordChange is what a sync changes in the local record, applied in one
// transaction: rows put or deleted (by UID, sessions by original start),
// the profile, and the sync state.
type RecordChange struct {
	Profile       *Partnership
	PutTopics     []Topic
	DeleteTopics  []string
	PutActions    []ActionItem
	DeleteActions []string
	PutLogs       []LogRecord
	DeleteLogs    []time.Time
	PutObjects    []SyncObject
	DeleteObjects []string
}

// ErrNotShared is returned when syncing a partnership that has no shared
// calendar yet.
var ErrNotShared = errors.New("this partnership is not shared yet: choose a calendar both partners can write")
