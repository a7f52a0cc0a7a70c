package mentoring_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// invite is the organizer's REQUEST for p and c with exc, as the partner
// receives it.
func invite(t *testing.T, p mentoring.Partnership, c calendar.Cadence, exc []mentoring.Exception) *ics.Message {
	t.Helper()
	out, err := mentoring.Prepare(p, c, exc, mentoring.InviteState{UID: "series-1@twoway.example", Sent: true, Sequence: 2, Fingerprint: "old"},
		mentoring.MethodRequest, nil, "Agenda: goals", fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := ics.ParseITIP(out.ICS)
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

func TestJoinMirrorsThePartnership(t *testing.T) {
	rotating := fixture.Pair()
	rotating.RotateLead, rotating.FirstLead = true, mentoring.SidePartner
	partnerAnchored := fixture.Weekly(fixture.Pair())
	partnerAnchored.Anchor = calendar.AnchorPartner
	utc := fixture.Weekly(fixture.Pair())
	utc.Anchor, utc.At = calendar.AnchorUTC, 15*60
	monthly := calendar.Cadence{Unit: calendar.Monthly, Interval: 1, Days: []time.Weekday{time.Tuesday}, Nth: 2, At: 18 * 60,
		Minutes: 90, From: calendar.Date{Year: 2027, Month: 1, Day: 12}, Count: 5}
	berlin := fixture.In(t, "Europe/Berlin", 2027, 1, 11, 17)
	tests := []struct {
		name string
		p    mentoring.Partnership
		c    calendar.Cadence
		exc  []mentoring.Exception
	}{
		{"weekly in the organizer's zone, with a skip and a move", fixture.Pair(), fixture.Weekly(fixture.Pair()), []mentoring.Exception{
			{Original: berlin.UTC(), Skipped: true},
			{Original: berlin.AddDate(0, 0, 7).UTC(), Start: berlin.AddDate(0, 0, 8).UTC(), End: berlin.AddDate(0, 0, 8).Add(time.Hour).UTC()},
		}},
		{"a rotating lead the partner starts", rotating, fixture.Weekly(rotating), nil},
		{"kept in the attendee's zone", fixture.Pair(), partnerAnchored, nil},
		{"kept in UTC", fixture.Pair(), utc, nil},
		{"monthly without offers, own rules or link", fixture.Plain(), monthly, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j, err := mentoring.Join(invite(t, tt.p, tt.c, tt.exc))
			if err != nil {
				t.Fatal(err)
			}
			wantP, wantC := fixture.Mirror(tt.p, tt.c)
			if !reflect.DeepEqual(j.Partnership, wantP) {
				t.Errorf("partnership\n got %+v\nwant %+v", j.Partnership, wantP)
			}
			if !reflect.DeepEqual(j.Cadence, wantC) {
				t.Errorf("cadence\n got %+v\nwant %+v", j.Cadence, wantC)
			}
			if j.UID != "series-1@twoway.example" || j.Sequence != 3 {
				t.Errorf("UID %q sequence %d, want the organizer's series at 3", j.UID, j.Sequence)
			}
			if len(j.Exceptions) != len(tt.exc) {
				t.Fatalf("exceptions %+v, want %+v", j.Exceptions, tt.exc)
			}
			for i, e := range tt.exc {
				g := j.Exceptions[i]
				if !g.Original.Equal(e.Original) || g.Skipped != e.Skipped || !g.Start.Equal(e.Start) || !g.End.Equal(e.End) {
					t.Errorf("exception %d: got %+v, want %+v", i, g, e)
				}
			}
			// The joined side's series is the organizer's, instant for instant.
			me, partner, _ := tt.p.People()
			jme, jpartner, _ := j.Partnership.People()
			want, _ := tt.c.Expand(tt.c.AnchorZone(me.Zone, partner.Zone))
			got, _ := j.Cadence.Expand(j.Cadence.AnchorZone(jme.Zone, jpartner.Zone))
			if len(got) != len(want) || !got[0].Start.Equal(want[0].Start) || !got[len(got)-1].Start.Equal(want[len(want)-1].Start) {
				t.Errorf("the joined series has %d sessions from %v, want %d from %v", len(got), got[0].Start, len(want), want[0].Start)
			}
		})
	}
}

func TestJoinRefuses(t *testing.T) {
	p, c := fixture.Pair(), fixture.Weekly(fixture.Pair())
	foreign := invite(t, p, c, nil)
	foreign.Extra = nil
	newer := invite(t, p, c, nil)
	newer.Extra[indexOf(newer.Extra, "X-TWOWAY-VERSION")].Value = "7"
	reply := invite(t, p, c, nil)
	reply.Method = ics.MethodReply
	badZone := invite(t, p, c, nil)
	for i, x := range badZone.Extra {
		if x.Name == "X-TWOWAY-ZONE" {
			badZone.Extra[i].Value = "Mars/Olympus"
		}
	}
	tests := []struct {
		name string
		msg  *ics.Message
		want error
		code mentoring.Code
	}{
		{"an invitation from another app", foreign, mentoring.ErrForeignInvite, ""},
		{"made by a newer Twoway", newer, mentoring.ErrNewerJoinFormat, ""},
		{"a reply, not an invitation", reply, mentoring.ErrNotInvite, ""},
		{"an unknown zone", badZone, nil, mentoring.CodeZone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mentoring.Join(tt.msg)
			if err == nil {
				t.Fatal("joined")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err %v, want %v", err, tt.want)
			}
			if tt.code != "" && !hasCode(err, tt.code) {
				t.Errorf("err %v, want code %s", err, tt.code)
			}
		})
	}
}

func indexOf(x []ics.XProp, name string) int {
	for i, p := range x {
		if p.Name == name {
			return i
		}
	}
	return -1
}

func hasCode(err error, code mentoring.Code) bool {
	var ve *mentoring.ValidationError
	if errors.As(err, &ve) {
		for _, e := range ve.Fields {
			if e.Code == code {
				return true
			}
		}
	}
	return false
}

func TestAttendeeAnswers(t *testing.T) {
	j, err := mentoring.Join(invite(t, fixture.Pair(), fixture.Weekly(fixture.Pair()), nil))
	if err != nil {
		t.Fatal(err)
	}
	st := mentoring.InviteState{UID: j.UID, Sent: true, Sequence: j.Sequence}
	first := fixture.In(t, "Europe/Berlin", 2027, 1, 4, 17)
	out, err := mentoring.Answer(j.Partnership, j.Cadence, j.Exceptions, st, ics.PartStatAccepted, nil, "", fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ics.ParseITIP(out.ICS)
	if err != nil {
		t.Fatal(err)
	}
	if m.Method != ics.MethodReply || m.Organizer.Email != "ana@example.org" || m.Attendee.Email != "ben@example.com" ||
		m.Sequence != j.Sequence || m.PartStat != ics.PartStatAccepted || !m.Start.Equal(first) {
		t.Errorf("reply %+v", m)
	}
	later := first.Add(time.Hour)
	out, err = mentoring.Propose(j.Partnership, j.Cadence, j.Exceptions, st, &first, later, later.Add(time.Hour), "", fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	if m, _ = ics.ParseITIP(out.ICS); m.Method != ics.MethodCounter || !m.RecurrenceID.Equal(first) || !m.Start.Equal(later) {
		t.Errorf("counter %+v", m)
	}
	// The roles do not mix: the attendee sends no invite, the organizer no answer.
	if _, err := mentoring.Prepare(j.Partnership, j.Cadence, nil, st, mentoring.MethodRequest, nil, "", fixture.Now); !errors.Is(err, mentoring.ErrNotOrganizer) {
		t.Errorf("attendee's REQUEST: err %v", err)
	}
	if _, err := mentoring.Answer(fixture.Pair(), fixture.Weekly(fixture.Pair()), nil, st, ics.PartStatAccepted, nil, "", fixture.Now); !errors.Is(err, mentoring.ErrNotAttendee) {
		t.Errorf("organizer's REPLY: err %v", err)
	}
	if strings.Contains(string(out.ICS), "X-TWOWAY") {
		t.Errorf("an answer repeats no joining data")
	}
}
