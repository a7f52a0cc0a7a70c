package cli

import (
	"strings"
	"testing"
)

func TestStatus(t *testing.T) {
	db := loggedHistory(t)
	// Jan 4 held (Ben, 60 min), Jan 11 held (Ana, 60 min), Jan 18 skipped, Jan 25 not logged
	st := decode[statusJSON](t, db, "status", "1", "--json")
	r := st.Reciprocity
	if st.Past != 4 || st.Held != 2 || st.Skipped != 1 || st.Unlogged != 1 || st.Missed != 2 || !st.Warning ||
		st.Next != "2027-02-01T16:00:00Z" || st.Ends != "2027-06-30" || st.OpenActions != 1 ||
		!strings.HasPrefix(st.Health, "Not logged yet: 1 session since Jan 25 (2 of 4 held, 1 skipped, 1 not logged).") {
		t.Errorf("status --json = %+v", st)
	}
	if r.MeMinutes != 60 || r.PartnerMinutes != 60 || r.MeSessions != 1 || r.PartnerSessions != 1 ||
		r.MeTopics != 1 || r.PartnerTopics != 1 || r.MeShare == nil || *r.MeShare != 0.5 || r.OneWay ||
		!strings.HasPrefix(r.Hint, "A two-way exchange") {
		t.Errorf("reciprocity = %+v (share %v)", r, r.MeShare)
	}
	out := runOK(t, db, "status", "1")
	for _, want := range []string{"Ana & Ben (#1)", st.Health, "Next session: Mon 1 Feb 2027 17:00 CET (Mon 1 Feb 11:00 EST for Ben).",
		"Open action items: 1", "Ana led 60 minutes in 1 session and teaches 1 topic (0 done).", r.Hint} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}

	// A partnership with nothing logged has no share (null, not NaN)
	st = decode[statusJSON](t, db, "status", "2", "--json")
	if st.Reciprocity.MeShare != nil || !strings.HasPrefix(st.Health, "No schedule yet.") ||
		!strings.HasPrefix(st.Reciprocity.Hint, "Nothing logged yet") {
		t.Errorf("status of an empty partnership = %+v", st)
	}
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"status", "9"}, ExitError, "not found"},
		{[]string{"status"}, ExitUsage, "want one partnership ID"},
		{[]string{"status", "1", "--verbose"}, ExitUsage, "--verbose"},
	} {
		if _, e, code := run(t, db, tt.args...); code != tt.code || !strings.Contains(e, tt.msg) {
			t.Errorf("%v: exit %d %q, want %d with %q", tt.args, code, e, tt.code, tt.msg)
		}
	}
}
