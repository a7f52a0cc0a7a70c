package mentoring

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Side names one partner, or both, from the user's point of view.
type Side string

// ParseSide accepts the stored names and the words people type.
func ParseSide(s string) (Side, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "me", "i", "mine":
		return SideMe, nil
	case "partner", "them", "they":
		return SidePartner, nil
	case "both":
		return SideBoth, nil
	}
	return "", fmt.Errorf("%q is not me, partner or both", s)
}

// Other is the partner of s (both stays both).
func (s Side) Other() Side {
	switch s {
	case SideMe:
		return SidePartner
	case SidePartner:
		return SideMe
	}
	return s
}

// TopicStatus is where an agreed topic stands.
type TopicStatus string

// TopicStatuses lists the statuses in the order a topic moves through them.
var TopicStatuses = []TopicStatus{TopicProposed, TopicAgreed, TopicInProgress, TopicDone, TopicDropped}

// Open reports whether the topic still needs time in sessions.
func (t TopicStatus) Open() bool {
	return t == TopicProposed || t == TopicAgreed || t == TopicInProgress
}

// ParseTopicStatus accepts the stored names, the labels and "in progress".
func ParseTopicStatus(s string) (TopicStatus, error) {
	k := strings.ReplaceAll(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "_"), "-", "_")
	for _, t := range TopicStatuses {
		if k == string(t) {
			return t, nil
		}
	}
	return "", fmt.Errorf("%q is not a topic status (proposed, agreed, in progress, done, dropped)", s)
}

// Topic is something one partner teaches the other.
type Topic struct {
	ID            int64
	PartnershipID int64
	Title         string
	// Teacher is who teaches: me (to the partner), the partner (to me), or both.
	Teacher Side
	Status  TopicStatus
	Notes   string
	// Resources are links or references (articles, feeds, videos) for
	// the learner, one per entry.
	Resources []string
	Created   time.Time
	Updated   time.Time
	// UID names the topic in the record shared with the partner; AddedBy
	// is the email of who added it.
	UID     string
	AddedBy string
}

// Limits on topics, so one partnership cannot swamp the file or the UI.
const (
	MaxTopics     = 500
	MaxNotes      = 20000
	maxResources  = 50
	maxActionText = 500
)

// Validate checks t and returns a *ValidationError naming each bad field.
func (t *Topic) Validate() error {
	var errs problems
	t.Title = strings.TrimSpace(t.Title)
	t.Notes = NormalizeText(t.Notes)
	t.Resources = cleanList(t.Resources)
	errs.add("title", checkText(t.Title, maxShortText, true))
	switch t.Teacher {
	case SideMe, SidePartner, SideBoth:
	default:
		errs.code("teacher", CodeSide, Args{"Value": string(t.Teacher)})
	}
	if _, err := ParseTopicStatus(string(t.Status)); err != nil {
		errs.code("status", CodeStatus, Args{"Value": string(t.Status)})
	}
	errs.add("notes", checkLong(t.Notes, MaxNotes))
	errs.add("resources", checkList(t.Resources, maxResources))
	return errs.err()
}

// checkLong checks multi-line free text such as notes.
func checkLong(s string, max int) *Problem {
	switch {
	case !utf8.ValidString(s):
		return &Problem{Code: CodeInvalidText}
	case strings.ContainsRune(s, 0):
		return &Problem{Code: CodeNUL}
	case utf8.RuneCountInString(s) > max:
		return &Problem{Code: CodeTooLong, Args: Args{"Max": max}}
	}
	return nil
}

const (
	SideMe      Side = "me"
	SidePartner Side = "partner"
	SideBoth    Side = "both"
)

const (
	TopicProposed   TopicStatus = "proposed"
	TopicAgreed     TopicStatus = "agreed"
	TopicInProgress TopicStatus = "in_progress"
	TopicDone       TopicStatus = "done"
	TopicDropped    TopicStatus = "dropped"
)
