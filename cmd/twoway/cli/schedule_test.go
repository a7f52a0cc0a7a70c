package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// newPair adds the Berlin/New York pair and returns the database path.
func newPair(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "t.db")
	if _, e, code := run(t, db, addArgs...); code != 0 {
		t.Fatalf("pair add: %s", e)
	}
	return db
}

func TestScheduleSetShowJSON(t *testing.T) {
	db := newPair(t)
	// Given a weekly Monday 17:00 Berlin call through the programme (Jan 4 - Jun 30 2027)
	out, e, code := run(t, db, "schedule", "set", "1", "--every", "1", "--unit", "week", "--days", "MO",
		"--at", "17:00", "--minutes", "60", "--from", "2027-01-04")
	if code != 0 {
		t.Fatalf("schedule set: %d %s", code, e)
	}
	// Then the summary names the weeks New York is already on summer time
	if !strings.Contains(out, "26 sessions") || !strings.Contains(out, "Mar 15, Mar 22") {
		t.Errorf("schedule set printed %q", out)
	}
	out, e, code = run(t, db, "schedule", "show", "1", "--json")
	if code != 0 {
		t.Fatalf("schedule show: %d %s", code, e)
	}
	var occ []occurrenceJSON
	if err := json.Unmarshal([]byte(out), &occ); err != nil {
		t.Fatal(err)
	}
	if len(occ) != 26 {
		t.Fatalf("%d occurrences, want 26 Mondays from Jan 4 to Jun 28", len(occ))
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	ny, _ := time.LoadLocation("America/New_York")
	for _, o := range occ {
		start, err := time.Parse(time.RFC3339, o.StartUTC)
		if err != nil || !strings.HasSuffix(o.StartUTC, "Z") {
			t.Fatalf("start_utc %q: %v", o.StartUTC, err)
		}
		me, _ := time.Parse(time.RFC3339, o.MeLocal)
		partner, _ := time.Parse(time.RFC3339, o.PartnerLocal)
		// The three fields name one instant, with each zone's own offset
		if !me.Equal(start) || !partner.Equal(start) {
			t.Errorf("n=%d: %s / %s / %s are not one instant", o.N, o.StartUTC, o.MeLocal, o.PartnerLocal)
		}
		if me.Format(time.RFC3339) != start.In(berlin).Format(time.RFC3339) || partner.Format(time.RFC3339) != start.In(ny).Format(time.RFC3339) {
			t.Errorf("n=%d: local offsets %s %s", o.N, o.MeLocal, o.PartnerLocal)
		}
		if start.In(berlin).Hour() != 17 || start.In(berlin).Weekday() != time.Monday {
			t.Errorf("n=%d not Monday 17:00 in Berlin: %s", o.N, start.In(berlin))
		}
		// Ben's hours are 09:00-17:00: 11:00 or 12:00 both fit
		if len(o.OutsideHours) != 0 {
			t.Errorf("n=%d outside %v", o.N, o.OutsideHours)
		}
		wantShift := 0
		if d := start.In(ny).Format("01-02"); d == "03-15" || d == "03-22" {
			wantShift = 60
		}
		if o.PartnerShiftMinutes != wantShift || o.MeShiftMinutes != 0 {
			t.Errorf("n=%d (%s): shifts me %d partner %d, want partner %d", o.N, o.PartnerLocal, o.MeShiftMinutes, o.PartnerShiftMinutes, wantShift)
		}
	}
}

func TestScheduleOutsideHoursAndAnchor(t *testing.T) {
	db := newPair(t)
	// An 08:00 New York call anchored in the partner's zone: 13:00/14:00 in Berlin,
	// but before Ben's 09:00 start every time.
	_, e, code := run(t, db, "schedule", "set", "1", "--days", "TU", "--at", "08:00", "--anchor", "partner",
		"--from", "2027-03-01", "--count", "4")
	if code != 0 {
		t.Fatalf("schedule set: %s", e)
	}
	out, _, _ := run(t, db, "schedule", "show", "1", "--json")
	var occ []occurrenceJSON
	json.Unmarshal([]byte(out), &occ)
	if len(occ) != 4 {
		t.Fatalf("%d occurrences", len(occ))
	}
	for _, o := range occ {
		if !strings.HasPrefix(o.PartnerLocal[11:], "08:00") || strings.Join(o.OutsideHours, ",") != "partner" {
			t.Errorf("%s: partner %s outside %v", o.StartUTC, o.PartnerLocal, o.OutsideHours)
		}
	}
}

func TestScheduleBadInput(t *testing.T) {
	db := newPair(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"zero interval", []string{"--days", "MO", "--at", "17:00", "--every", "0"}, "--every"},
		{"absurd interval", []string{"--days", "MO", "--at", "17:00", "--every", "500"}, "--every"},
		{"bad weekday", []string{"--days", "XX", "--at", "17:00"}, "--days"},
		{"bad time", []string{"--days", "MO", "--at", "25:00"}, "--at"},
		{"bad unit", []string{"--days", "MO", "--at", "17:00", "--unit", "fortnight"}, "--unit"},
		{"bad anchor", []string{"--days", "MO", "--at", "17:00", "--anchor", "mars"}, "--anchor"},
		{"end before start", []string{"--days", "MO", "--at", "17:00", "--from", "2027-05-01", "--until", "2027-04-01"}, "--until"},
		{"monthly two days", []string{"--unit", "month", "--nth", "2", "--days", "MO,TU", "--at", "17:00"}, "--days"},
		{"sixth weekday", []string{"--unit", "month", "--nth", "6", "--days", "MO", "--at", "17:00"}, "--nth"},
		{"count and until", []string{"--days", "MO", "--at", "17:00", "--count", "3", "--until", "2027-06-01"}, "--"},
		{"zero minutes", []string{"--days", "MO", "--at", "17:00", "--minutes", "0"}, "--minutes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, e, code := run(t, db, append([]string{"schedule", "set", "1"}, tt.args...)...)
			if code != ExitUsage || !strings.Contains(e, tt.want) || strings.Count(e, "\n") != 1 {
				t.Errorf("code %d stderr %q, want exit 2 naming %s", code, e, tt.want)
			}
		})
	}
	// Nothing was stored by the refused commands
	if _, e, code := run(t, db, "schedule", "show", "1"); code != ExitError || !strings.Contains(e, "no schedule yet") {
		t.Errorf("after refusals: %d %q", code, e)
	}
}

func TestSlots(t *testing.T) {
	db := newPair(t)
	out, e, code := run(t, db, "slots", "1", "--json", "--limit", "5")
	if code != 0 {
		t.Fatalf("slots: %d %s", code, e)
	}
	var slots []slotJSON
	if err := json.Unmarshal([]byte(out), &slots); err != nil || len(slots) != 5 {
		t.Fatalf("slots = %q (%v)", out, err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	ny, _ := time.LoadLocation("America/New_York")
	for i, s := range slots {
		// Every suggested slot must fit both windows on an ordinary winter day:
		// Berlin 08:00-18:00 and New York 09:00-17:00 overlap 15:00-18:00 Berlin.
		at, _ := time.ParseInLocation("15:04", s.At, berlin)
		start := time.Date(2027, 1, 4, at.Hour(), at.Minute(), 0, 0, berlin)
		nyStart := start.In(ny)
		if start.Hour() < 15 || start.Add(time.Hour).After(time.Date(2027, 1, 4, 18, 0, 0, 0, berlin)) || nyStart.Hour() < 9 {
			t.Errorf("slot %d %s %s does not fit both (NY %s)", i+1, s.Day, s.At, nyStart.Format("15:04"))
		}
		if s.Total != 26 || s.Fits > s.Total || s.Fits < 24 {
			t.Errorf("slot %d fits %d/%d", i+1, s.Fits, s.Total)
		}
		if i > 0 && s.Fits > slots[i-1].Fits {
			t.Errorf("slot %d ranked below a slot that fits fewer sessions", i+1)
		}
	}
	// With a schedule set, slots without flags use its template, and bad flags are refused
	if _, e, code := run(t, db, "slots", "1", "--minutes", "0"); code != ExitUsage {
		t.Errorf("slots --minutes 0: %d %q", code, e)
	}
}
