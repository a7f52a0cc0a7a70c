package ics

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// attendeeSeries is the golden series as its attendee holds it after
// joining: the organizer's SEQUENCE, the organizer and the attendee.
func attendeeSeries(t *testing.T) Series {
	s := goldenSeries(t)
	s.Sequence = 4
	return s
}

func TestAttendeeMessages(t *testing.T) {
	s := attendeeSeries(t)
	second := s.Start.AddDate(0, 0, 14)
	later := second.Add(2 * time.Hour)
	tests := []struct {
		name  string
		build func() ([]byte, error)
		want  Message
	}{
		{"accept the series", func() ([]byte, error) { return Reply(s, PartStatAccepted, nil, "") },
			Message{Method: MethodReply, PartStat: PartStatAccepted, Start: s.Start}},
		{"decline one session", func() ([]byte, error) { return Reply(s, PartStatDeclined, &second, "Travelling that week") },
			Message{Method: MethodReply, PartStat: PartStatDeclined, RecurrenceID: second, Comment: "Travelling that week"}},
		{"propose another time for one session", func() ([]byte, error) {
			return Counter(s, &second, later, later.Add(s.Duration), "Two hours later?")
		}, Message{Method: MethodCounter, RecurrenceID: second, Start: later, End: later.Add(s.Duration), Comment: "Two hours later?"}},
		{"propose another time for the series", func() ([]byte, error) {
			return Counter(s, nil, s.Start.Add(time.Hour), s.Start.Add(time.Hour+s.Duration), "")
		}, Message{Method: MethodCounter, Start: s.Start.Add(time.Hour), End: s.Start.Add(time.Hour + s.Duration)}},
	}
	dir := t.TempDir()
	var files []string
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := tt.build()
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, data)
			m, err := ParseITIP(data)
			if err != nil {
				t.Fatal(err)
			}
			w := tt.want
			if m.Method != w.Method || m.UID != s.UID || m.Sequence != s.Sequence ||
				m.Organizer.Email != s.Organizer.Email || m.Attendee.Email != s.Attendee.Email ||
				len(m.Attendees) != 1 || !m.RecurrenceID.Equal(w.RecurrenceID) || m.Comment != w.Comment {
				t.Errorf("got %+v\nwant %+v", m, w)
			}
			if w.PartStat != "" && m.PartStat != w.PartStat {
				t.Errorf("PARTSTAT %s, want %s", m.PartStat, w.PartStat)
			}
			if !w.Start.IsZero() && !m.Start.Equal(w.Start) {
				t.Errorf("start %v, want %v", m.Start, w.Start)
			}
			if !w.End.IsZero() && !m.End.Equal(w.End) {
				t.Errorf("end %v, want %v", m.End, w.End)
			}
			if strings.Contains(string(data), "VALARM") || strings.Contains(string(data), "X-TWOWAY") {
				t.Errorf("an answer carries no reminder and no joining data:\n%s", data)
			}
			f := filepath.Join(dir, string(rune('a'+i))+".ics")
			if err := os.WriteFile(f, data, 0o600); err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		})
	}
	// libical (Evolution's engine) applies RFC 5546's table of what each
	// METHOD must and must not contain.
	if err := exec.Command(debianPython, "-c", `import gi; gi.require_version("ICalGLib", "3.0")`).Run(); err != nil {
		missingValidator(t, "libical missing: apt-get install python3-gi gir1.2-ical-3.0")
	}
	out, err := exec.Command(debianPython, append([]string{filepath.Join("testdata", "itip_check.py")}, files...)...).Output()
	if err != nil {
		t.Fatalf("libical: %v", err)
	}
	var res map[string]struct {
		OK     bool
		Errors []string
		Method string
		UID    string
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("libical output %q: %v", out, err)
	}
	if len(res) != len(tests) {
		t.Fatalf("libical read %d files, want %d", len(res), len(tests))
	}
	for f, r := range res {
		if !r.OK || r.UID != s.UID {
			t.Errorf("%s: libical: ok=%v uid=%q errors=%v", filepath.Base(f), r.OK, r.UID, r.Errors)
		}
	}
}

func TestAttendeeMessageErrors(t *testing.T) {
	s := attendeeSeries(t)
	notInstance := s.Start.Add(time.Hour)
	noOrganizer := s
	noOrganizer.Organizer.Email = ""
	tests := []struct {
		name string
		err  func() error
		want string
	}{
		{"unknown answer", func() error { _, err := Reply(s, "MAYBE", nil, ""); return err }, "ACCEPTED"},
		{"not a session", func() error { _, err := Reply(s, PartStatAccepted, &notInstance, ""); return err }, "not an instance"},
		{"no organizer", func() error { _, err := Reply(noOrganizer, PartStatAccepted, nil, ""); return err }, "organizer"},
		{"ends before it starts", func() error { _, err := Counter(s, nil, s.Start, s.Start, ""); return err }, "end after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "ics: ") {
				t.Errorf("err %v, want an ics: error mentioning %q", err, tt.want)
			}
		})
	}
}

func TestExtraPropsRoundTrip(t *testing.T) {
	s := goldenSeries(t)
	s.Extra = []XProp{
		{Name: "X-TWOWAY-OFFER", Params: map[string]string{"X-TWOWAY-WHO": "ORGANIZER"}, Value: "Leadership, strategy; and\nnew lines"},
		{Name: "X-TWOWAY-OFFER", Params: map[string]string{"X-TWOWAY-WHO": "ATTENDEE"}, Value: "Réseaux sociaux 📱"},
		{Name: "X-TWOWAY-VERSION", Value: "1"},
	}
	data, err := Request(s)
	if err != nil {
		t.Fatal(err)
	}
	checkWellFormed(t, data)
	m, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Extra) != 3 {
		t.Fatalf("extra %+v, want 3 properties", m.Extra)
	}
	for i, want := range []XProp{s.Extra[0], s.Extra[1], s.Extra[2]} {
		got := m.Extra[i]
		if got.Name != want.Name || got.Value != want.Value || got.Params["X-TWOWAY-WHO"] != want.Params["X-TWOWAY-WHO"] {
			t.Errorf("extra %d: got %+v, want %+v", i, got, want)
		}
	}
	s.Extra = []XProp{{Name: "DESCRIPTION", Value: "sneaky"}}
	if _, err := Request(s); err == nil || !strings.Contains(err.Error(), "X- name") {
		t.Errorf("a standard property as extra: err %v", err)
	}
}
