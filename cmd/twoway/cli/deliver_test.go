package cli

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/twoway-app/twoway/internal/testservers"
	"github.com/twoway-app/twoway/storage/secrets"
)

// runWith runs a command with a keyring and standard input.
func runWith(t *testing.T, db string, keys secrets.Store, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(&Env{Ctx: context.Background(), DBPath: db, Stdout: &out, Stderr: &errb,
		Stdin: strings.NewReader(stdin), Secrets: keys}, args)
	if strings.Contains(out.String()+errb.String(), "s3cret") {
		t.Errorf("output shows the password: %q %q", out.String(), errb.String())
	}
	return out.String(), errb.String(), code
}

func TestSettingsValidation(t *testing.T) {
	db := newPair(t)
	keys := secrets.NewMemory()
	for _, tt := range []struct {
		args []string
		flag string
	}{
		{[]string{"settings", "smtp", "--host", "smtp.example.org", "--port", "0", "--security", "tls", "--from", "ana@example.org"}, "--port"},
		{[]string{"settings", "smtp", "--host", "smtp.example.org", "--port", "25", "--security", "plain", "--from", "ana@example.org"}, "--security"},
		{[]string{"settings", "smtp", "--host", "smtp.example.org", "--port", "465", "--security", "tls", "--from", "ana"}, "--from"},
		{[]string{"settings", "smtp", "--host", "smtp.example.org", "--port", "465", "--security", "ssl", "--from", "ana@example.org"}, "--security"},
		{[]string{"settings", "caldav", "--url", "dav.example.org", "--user", "ana"}, "--url"},
		{[]string{"settings", "caldav", "--url", "https://dav.example.org/", "--user", "ana", "--calendar", "work"}, "--calendar"},
	} {
		_, e, code := runWith(t, db, keys, "", tt.args...)
		if code != ExitUsage || !strings.Contains(e, tt.flag) || strings.Count(e, "\n") != 1 {
			t.Errorf("%v: code %d, %q (want exit 2 naming %s)", tt.args, code, e, tt.flag)
		}
	}
	// A valid setting is saved, the password goes to the keyring only
	out, e, code := runWith(t, db, keys, "s3cret\n", "settings", "smtp", "--host", "smtp.example.org", "--port", "587",
		"--security", "starttls", "--user", "ana", "--from", "ana@example.org", "--password-stdin")
	if code != 0 {
		t.Fatalf("settings smtp: %d %q", code, e)
	}
	if pw, _ := keys.Get(secrets.Key("smtp", "ana", "smtp.example.org:587")); pw != "s3cret" {
		t.Errorf("keyring holds %q", pw)
	}
	out, _, _ = runWith(t, db, keys, "", "settings", "show")
	if !strings.Contains(out, "smtp.example.org:587 starttls") || !strings.Contains(out, "caldav: not set") {
		t.Errorf("settings show: %q", out)
	}
	// Without a keyring, saving the password says why it cannot be kept
	keys.Unavailable = true
	_, e, code = runWith(t, db, keys, "s3cret\n", "settings", "smtp", "--host", "smtp.example.org", "--port", "587",
		"--security", "starttls", "--user", "ana", "--from", "ana@example.org", "--password-stdin")
	if code != ExitError || !strings.Contains(e, "no system keyring found, so Twoway cannot remember your password") {
		t.Errorf("no keyring: %d %q", code, e)
	}
}

func TestInviteSendAndPublishHeadless(t *testing.T) {
	db := newPair(t)
	run(t, db, "schedule", "set", "1", "--days", "MO", "--at", "17:00", "--from", "2027-01-04")
	srv := testservers.StartSMTP(t, testservers.SMTPOptions{Username: "ana@example.org", Password: "s3cret"})
	keys := secrets.NewMemory()
	keys.Unavailable = true
	if _, e, code := runWith(t, db, keys, "", "settings", "smtp", "--host", srv.Host, "--port", strconv.Itoa(srv.Port),
		"--security", "plain", "--user", "ana@example.org", "--from", "ana@example.org"); code != 0 {
		t.Fatalf("settings smtp: %s", e)
	}
	// Without a keyring and without --password-stdin: exit 2 naming the flag and why
	_, e, code := runWith(t, db, keys, "", "invite", "send", "1")
	if code != ExitUsage || !strings.Contains(e, "--password-stdin: No system keyring found, so Twoway cannot remember your password") {
		t.Fatalf("send without password: %d %q", code, e)
	}
	// A wrong password: exit 1, the server's refusal explained, nothing sent
	_, e, code = runWith(t, db, keys, "wrong\n", "invite", "send", "1", "--password-stdin")
	if code != ExitError || !strings.Contains(e, "rejected the login") {
		t.Fatalf("wrong password: %d %q", code, e)
	}
	// The right one: sent, sequence 0
	out, e, code := runWith(t, db, keys, "s3cret\n", "invite", "send", "1", "--password-stdin")
	if code != 0 || !strings.Contains(out, "sent REQUEST (sequence 0) to ben@example.com") {
		t.Fatalf("send: %d %q %q", code, out, e)
	}
	if got := srv.Messages(t); len(got) != 1 || !bytes.Contains(got[0].Raw, []byte("method=REQUEST")) {
		t.Fatalf("server got %d messages", len(got))
	}
	// A cancellation of one session goes out with the next sequence
	out, e, code = runWith(t, db, keys, "s3cret\n", "invite", "send", "1", "--method", "cancel", "--session", "2027-03-15", "--password-stdin")
	if code != 0 || !strings.Contains(out, "sent CANCEL (sequence 1)") {
		t.Fatalf("cancel: %d %q %q", code, out, e)
	}
	if _, e, code := runWith(t, db, keys, "", "invite", "send", "1", "--method", "maybe"); code != ExitUsage || !strings.Contains(e, "--method") {
		t.Errorf("bad method: %d %q", code, e)
	}

	// Publishing into Radicale, then again in place
	rad := testservers.StartRadicale(t, map[string]string{"ana": "s3cret"})
	rad.MakeCalendar(t, "ana", "s3cret", "/ana/mentoring/", "Mentoring", "VEVENT")
	keys.Unavailable = false
	if _, e, code := runWith(t, db, keys, "s3cret\n", "settings", "caldav", "--url", rad.URL, "--user", "ana",
		"--calendar", "/ana/mentoring/", "--password-stdin"); code != 0 {
		t.Fatalf("settings caldav: %s", e)
	}
	out, e, code = runWith(t, db, keys, "", "invite", "publish", "1")
	if code != 0 || !strings.Contains(out, "published /ana/mentoring/") {
		t.Fatalf("publish: %d %q %q", code, out, e)
	}
	run(t, db, "session", "skip", "1", "--date", "2027-03-01")
	out2, e, code := runWith(t, db, keys, "", "invite", "publish", "1")
	if code != 0 || strings.Fields(out2)[1] != strings.Fields(out)[1] || out2 == out {
		t.Fatalf("republish: %d %q after %q, %q", code, out2, out, e)
	}
}
