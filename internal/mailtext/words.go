package mailtext

import (
	"strings"

	"github.com/twoway-app/twoway/internal/mentoring"
)

// Direction spells out who teaches whom: "Ana teaches Ben". (Words, not
// arrows: not every font has an arrow glyph.)
func Direction(p mentoring.Partnership, teacher mentoring.Side) string {
	me, partner := mentoring.FirstName(p.Me.Name), mentoring.FirstName(p.Partner.Name)
	switch teacher {
	case mentoring.SideMe:
		return me + " teaches " + partner
	case mentoring.SidePartner:
		return partner + " teaches " + me
	}
	return me + " and " + partner + " teach each other"
}

// SideName is who s is in a sentence about partnership p: a first name,
// or "Both".
func SideName(p mentoring.Partnership, s mentoring.Side) string {
	switch s {
	case mentoring.SideMe:
		return mentoring.FirstName(p.Me.Name)
	case mentoring.SidePartner:
		return mentoring.FirstName(p.Partner.Name)
	case mentoring.SideBoth:
		return "Both"
	}
	return ""
}

// StatusLabel is a topic status as people read it: "In progress".
func StatusLabel(t mentoring.TopicStatus) string {
	switch t {
	case mentoring.TopicInProgress:
		return "In progress"
	case "":
		return ""
	}
	return strings.ToUpper(string(t[:1])) + string(t[1:])
}

// RuleText is one of the usual ground rules as a sentence.
func RuleText(r mentoring.UsualRule) string {
	switch r {
	case mentoring.RuleConfidentiality:
		return "What we share stays between us"
	case mentoring.RulePositiveTone:
		return "Keep a positive, constructive tone"
	case mentoring.RuleNoTimeWasting:
		return "Respect each other's time: start on time, come prepared"
	}
	return string(r)
}

// Rules lists every rule the pair agreed as a sentence, the usual ones
// first.
func Rules(g mentoring.GroundRules) []string {
	var out []string
	for _, r := range g.Usual() {
		out = append(out, RuleText(r))
	}
	return append(out, g.Custom...)
}
