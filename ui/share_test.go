package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/internal/shared"
	"github.com/twoway-app/twoway/internal/testservers"
	twstorage "github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/storage/secrets"
)

func TestShareFromTheOverviewAndSeeThePartnersChanges(t *testing.T) {
	ctx := context.Background()
	rad := testservers.StartRadicaleShared(t, map[string]string{"ana": "ana-pw", "ben": "ben-pw"},
		map[string][]string{"/ana/pair/": {"ana", "ben"}})
	u, store, w := newTestUI(t)
	u.secrets = secrets.NewMemory()
	u.core.Secrets = u.secrets
	id := fixture.Scheduled(t, store)
	u.Start()
	card := u.detail.share
	if !strings.Contains(card.status.Text, "Not shared yet") || card.syncNow.Visible() {
		t.Fatalf("before sharing: %q, sync now visible %v", card.status.Text, card.syncNow.Visible())
	}

	// When Ana shares through the dialog, a wrong address is explained and the dialog comes back with what she typed
	test.Tap(card.share)
	entries := dialogEntries(w)
	test.Type(entries[0], "dav.example.org/ana/pair")
	test.Type(entries[1], "ana")
	test.Type(entries[2], "ana-pw")
	test.Tap(topDialogButtons(w)["Share"])
	if text := topDialogText(w); !strings.Contains(text, "full address") {
		t.Fatalf("a bad address: %q", text)
	}
	test.Tap(topDialogButtons(w)["OK"])
	entries = dialogEntries(w)
	if entries[0].Text != "dav.example.org/ana/pair" || entries[1].Text != "ana" {
		t.Fatalf("the dialog came back without what was typed: %q %q", entries[0].Text, entries[1].Text)
	}
	entries[0].SetText(strings.TrimSuffix(rad.URL, "/") + "/ana/pair/")
	test.Tap(topDialogButtons(w)["Share"])

	// Then the card says where it is shared and that it synced
	if !strings.Contains(card.status.Text, "Shared with Ben in /ana/pair/") || !strings.Contains(card.status.Text, "Last synced") {
		t.Fatalf("after sharing: %q (problem %q)", card.status.Text, card.problem.Text)
	}

	// When Ben, on his own machine, joins, shares and adds a topic
	benDB, err := twstorage.Open(ctx, filepath.Join(t.TempDir(), "ben.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer benDB.Close()
	ben := &service.Core{Store: benDB, Secrets: secrets.NewMemory()}
	out, err := u.core.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	j, err := ben.Join(ctx, out.ICS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ben.StartSharing(ctx, mentoring.Share{PartnershipID: j.ID, ServerURL: rad.URL, Username: "ben", Calendar: "/ana/pair/"}, "ben-pw"); err != nil {
		t.Fatal(err)
	}
	reels := mentoring.Topic{PartnershipID: j.ID, Title: "Reels", Teacher: mentoring.SideMe, Status: mentoring.TopicProposed}
	if _, err := benDB.AddTopic(ctx, &reels); err != nil {
		t.Fatal(err)
	}
	if _, err := ben.Sync(ctx, j.ID, ""); err != nil {
		t.Fatal(err)
	}

	// Then Ana's next sync shows his topic, taught by him
	u.syncNow(0)
	ts, _ := store.Topics(ctx, id)
	if len(ts) != 1 || ts[0].Title != "Reels" || ts[0].Teacher != mentoring.SidePartner {
		t.Fatalf("Ana's topics after syncing: %+v", ts)
	}
	if !strings.EqualFold(ts[0].AddedBy, "ben@example.com") || !u.detail.shared {
		t.Errorf("added by %q, shared %v", ts[0].AddedBy, u.detail.shared)
	}
	if h := u.detail.history; len(h.Topics) != 1 {
		t.Errorf("the screens were not reloaded: %d topics shown", len(h.Topics))
	}

	// And a conflict is shown with the other text, until dismissed
	card.synced(id, service.SyncReport{Conflicts: []service.SyncConflict{{UID: "t1", Kind: "topic",
		Conflict: shared.Conflict{Field: "notes", Kept: "Ben's notes", Other: "Ana's notes"}}}})
	card.showConflicts()
	if len(card.conflicts.Objects) != 1 || !strings.Contains(labelsIn(card.conflicts), "Ana's notes") {
		t.Fatalf("conflict shown: %q", labelsIn(card.conflicts))
	}
	for _, o := range test.LaidOutObjects(card.conflicts) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Dismiss" {
			test.Tap(b)
			break
		}
	}
	if len(card.conflicts.Objects) != 0 {
		t.Errorf("the conflict stayed after Dismiss")
	}
}

// dialogEntries are the entries of the top dialog, in order.
func dialogEntries(w fyne.Window) []*widget.Entry {
	var out []*widget.Entry
	if top := w.Canvas().Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if e, ok := o.(*widget.Entry); ok {
				out = append(out, e)
			}
		}
	}
	return out
}
