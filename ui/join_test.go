package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	twstorage "github.com/twoway-app/twoway/storage"
)

// anasInvite is the REQUEST Ana's Twoway (its own database) delivers for
// the fixture's partnership.
func anasInvite(t *testing.T) []byte {
	t.Helper()
	ctx := context.Background()
	ana, err := twstorage.Open(ctx, filepath.Join(t.TempDir(), "ana.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer ana.Close()
	id := fixture.Scheduled(t, ana)
	out, err := (&service.Core{Store: ana}).PrepareInvite(ctx, id, mentoring.MethodRequest, nil, fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	return out.ICS
}

func TestJoinFromADroppedInvite(t *testing.T) {
	u, store, w := newTestUI(t)
	ctx := context.Background()
	u.Start()
	invite := filepath.Join(t.TempDir(), "invite.ics")
	if err := os.WriteFile(invite, anasInvite(t), 0o600); err != nil {
		t.Fatal(err)
	}

	// Given a file that is no calendar file, dropping it explains and joins nothing
	u.onDropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(filepath.Join(t.TempDir(), "notes.txt"))})
	if !strings.Contains(topDialogText(w), "Drop an invitation") {
		t.Fatalf("dropping a .txt: %q", topDialogText(w))
	}
	test.Tap(topDialogButtons(w)["OK"])

	// When Ben drops Ana's invite on the window
	u.onDropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(invite)})

	// Then his partnership exists, shown, with Ana as the partner, and he is told who keeps the schedule
	list, _ := store.ListPartnerships(ctx)
	if len(list) != 1 || list[0].PartnerName != "Ana Ruiz" || list[0].MeName != "Ben Okafor" || u.selected != list[0].ID {
		t.Fatalf("after the drop: %+v, shown %d", list, u.selected)
	}
	if text := topDialogText(w); !strings.Contains(text, "Ana keeps the schedule") {
		t.Errorf("after joining: %q", text)
	}
	test.Tap(topDialogButtons(w)["OK"])

	// And the Invites tab offers answers, not invites; the Schedule tab is read-only
	s := u.detail.invites
	s.now = func() time.Time { return fixture.Now }
	s.refresh()
	if !s.answer.card.Visible() || s.organizerCards[0].Visible() {
		t.Fatalf("answer card visible %v, invite card visible %v", s.answer.card.Visible(), s.organizerCards[0].Visible())
	}
	if !strings.Contains(s.answer.status.Text, "You have not answered yet") {
		t.Errorf("answer status %q", s.answer.status.Text)
	}
	if sch := u.detail.schedule; !sch.save.Disabled() || !sch.at.Disabled() || !strings.Contains(sch.saved.Text, "Ana keeps this schedule") {
		t.Errorf("schedule of a joined partnership: save disabled %v, at disabled %v, note %q", sch.save.Disabled(), sch.at.Disabled(), sch.saved.Text)
	}

	// When Ben accepts, the answer is offered by email or as a file; email without a server asks to set one up
	test.Tap(s.answer.accept)
	if text := topDialogText(w); !strings.Contains(text, "Accepted: Ana & Ben") {
		t.Fatalf("delivery dialog: %q", text)
	}
	test.Tap(topDialogButtons(w)["Send by email"])
	if text := topDialogText(w); !strings.Contains(text, "Set up email first") && !strings.Contains(text, "mail account") {
		t.Errorf("email without a mail server: %q", text)
	}
	if st, _ := store.Invite(ctx, u.selected); st.PartStat != "" {
		t.Errorf("an answer that did not leave was recorded: %+v", st)
	}
	// Saving it to a file records it, and the card says so
	out, err := u.deliver().PrepareAnswer(ctx, u.selected, ics.PartStatAccepted, nil, "", fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	s.answer.save(out, func(b []byte) error { buf.Write(b); return nil })
	if m, err := ics.ParseITIP(buf.Bytes()); err != nil || m.Method != ics.MethodReply || m.Attendee.Email != "ben@example.com" {
		t.Fatalf("saved answer: %+v %v", m, err)
	}
	if !strings.Contains(s.answer.status.Text, "You accepted") {
		t.Errorf("after saving: %q", s.answer.status.Text)
	}

	// And dropping the same invite again updates, never duplicates
	u.onDropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(invite)})
	if list, _ := store.ListPartnerships(ctx); len(list) != 1 {
		t.Errorf("after a second drop: %d partnerships", len(list))
	}
	if !strings.Contains(topDialogText(w), "latest schedule") {
		t.Errorf("second drop: %q", topDialogText(w))
	}
}

func TestJoinRefusalIsExplained(t *testing.T) {
	u, store, w := newTestUI(t)
	u.Start()
	foreign, err := os.ReadFile(filepath.Join("..", "calendar", "ics", "testdata", "seeds", "outlook-request-custom-tzid.ics"))
	if err != nil {
		t.Fatal(err)
	}
	u.openCalendarFile(foreign)
	if text := topDialogText(w); !strings.Contains(text, "not made by Twoway") || !strings.Contains(text, "New Partnership") {
		t.Errorf("foreign invite: %q", text)
	}
	if list, _ := store.ListPartnerships(context.Background()); len(list) != 0 {
		t.Errorf("a refused join left %d partnerships", len(list))
	}
}

func TestOpeningAMailedRecordMergesIt(t *testing.T) {
	ctx := context.Background()
	u, store, w := newTestUI(t)
	u.Start()
	ana, err := twstorage.Open(ctx, filepath.Join(t.TempDir(), "ana.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer ana.Close()
	id := fixture.Scheduled(t, ana)
	core := &service.Core{Store: ana}
	out, err := core.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	u.openCalendarFile(out.ICS)
	test.Tap(topDialogButtons(w)["OK"])
	topic := mentoring.Topic{PartnershipID: id, Title: "Negotiation", Teacher: mentoring.SideMe, Status: mentoring.TopicAgreed}
	if _, err := ana.AddTopic(ctx, &topic); err != nil {
		t.Fatal(err)
	}
	record, err := core.ExportRecord(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	// When Ben opens the record Ana mailed, her topic is in his partnership, taught by her
	u.openCalendarFile(record)
	if text := topDialogText(w); !strings.Contains(text, "1 change from your partner is in") {
		t.Errorf("after opening the record: %q", text)
	}
	ts, _ := store.Topics(ctx, u.selected)
	if len(ts) != 1 || ts[0].Title != "Negotiation" || ts[0].Teacher != mentoring.SidePartner {
		t.Errorf("Ben's topics: %+v", ts)
	}
}
