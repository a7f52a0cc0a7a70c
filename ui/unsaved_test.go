package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// TestLeavingTheEditorAsksFirst: an edited partnership is not dropped by
// New partnership, another partnership in the sidebar, Cancel or Quit; the
// question offers Save, Discard and Cancel, and Cancel keeps what was typed.
func TestLeavingTheEditorAsksFirst(t *testing.T) {
	u, store, w := newTestUI(t)
	ctx := context.Background()
	first := fixture.Scheduled(t, store)
	other := fixture.Plain()
	other.Title = "Second pair"
	if _, err := store.CreatePartnership(ctx, &other); err != nil {
		t.Fatal(err)
	}
	u.reload(first)
	u.editSelected()
	if u.pendingEditor() != nil {
		t.Fatal("an editor just opened counts as changed")
	}

	// Given a changed title
	u.form.title.SetText("Ana & Ben (2027)")

	// When the user clicks New partnership, they are asked
	u.newPartnership()
	buttons := topDialogButtons(w)
	for _, b := range []string{"Save", "Discard changes", "Cancel"} {
		if buttons[b] == nil {
			t.Fatalf("the question lacks %q: %v", b, buttons)
		}
	}
	// Cancel keeps the editor with the text typed
	test.Tap(buttons["Cancel"])
	if shown(u) != u.form.object || u.form.title.Text != "Ana & Ben (2027)" {
		t.Fatalf("after Cancel: editor shown %v, title %q", shown(u) == u.form.object, u.form.title.Text)
	}

	// When another partnership is picked in the sidebar and the change discarded
	clickSidebar(u, other.ID)
	test.Tap(topDialogButtons(w)["Discard changes"])
	if u.selected != other.ID || shown(u) != u.detail.object {
		t.Fatalf("after Discard: showing %d, want %d", u.selected, other.ID)
	}
	if p, _ := store.GetPartnership(ctx, first); p.Title != "Ana & Ben" {
		t.Errorf("a discarded change was stored: %q", p.Title)
	}

	// When the editor's own Cancel is pressed with a change, and Save chosen
	u.editSelected()
	u.form.title.SetText("Second pair renamed")
	test.Tap(u.form.cancel)
	test.Tap(topDialogButtons(w)["Save"])
	if p, _ := store.GetPartnership(ctx, other.ID); p.Title != "Second pair renamed" {
		t.Errorf("Save in the question stored %q", p.Title)
	}
	if shown(u) != u.detail.object {
		t.Error("after Save the editor is still shown")
	}

	// Quit with a change asks too; nothing changed means no question
	u.editSelected()
	u.form.title.SetText("Second pair renamed!")
	u.Quit()
	if topDialogButtons(w)["Discard changes"] == nil {
		t.Fatal("Quit with unsaved changes did not ask")
	}
	test.Tap(topDialogButtons(w)["Cancel"])
	if u.form.title.Text != "Second pair renamed!" {
		t.Errorf("Cancel on quit lost the text: %q", u.form.title.Text)
	}
}

// TestChangingTopicOrSessionAsksFirst: a topic's unsaved status, or a
// session's unsaved notes, survive clicking another item unless discarded.
func TestChangingTopicOrSessionAsksFirst(t *testing.T) {
	u, store, w := newTestUI(t)
	ctx := context.Background()
	id := fixture.Scheduled(t, store)
	for _, title := range []string{"Social media", "Leadership"} {
		if _, err := store.AddTopic(ctx, &mentoring.Topic{PartnershipID: id, Title: title, Teacher: mentoring.SideMe, Status: mentoring.TopicAgreed}); err != nil {
			t.Fatal(err)
		}
	}
	u.reload(id)
	u.showTab(tabTopics)
	s := u.detail.topics
	s.list.Select(0)
	editing := s.editing.ID
	s.status.SetSelected(statusLabel(mentoring.TopicDone))

	// When another topic is clicked and the user stays
	s.list.Select(1)
	test.Tap(topDialogButtons(w)["Cancel"])
	if s.editing.ID != editing || s.status.Selected != statusLabel(mentoring.TopicDone) {
		t.Fatalf("after Cancel: editing %d with status %q", s.editing.ID, s.status.Selected)
	}
	// When clicked again and saved, the status is stored and the other topic opens
	s.list.Select(1)
	test.Tap(topDialogButtons(w)["Save"])
	if got, _ := store.GetTopic(ctx, editing); got.Status != mentoring.TopicDone {
		t.Errorf("saved status %q", got.Status)
	}
	if s.editing.ID == editing {
		t.Error("the other topic did not open after saving")
	}

	// A session's notes typed but not saved
	u.showTab(tabSessions)
	ss := u.detail.sessions
	ss.list.Select(0)
	ss.notes.SetText("We talked about reels")
	ss.list.Select(1)
	test.Tap(topDialogButtons(w)["Cancel"])
	if ss.notes.Text != "We talked about reels" || !ss.current.Original.Equal(u.detail.sessions.h.Sessions[0].Original) {
		t.Fatalf("after Cancel: notes %q", ss.notes.Text)
	}
	ss.list.Select(1)
	test.Tap(topDialogButtons(w)["Discard changes"])
	if ss.notes.Text != "" || !ss.current.Original.Equal(ss.h.Sessions[1].Original) {
		t.Errorf("after Discard: notes %q", ss.notes.Text)
	}
}

// clickSidebar selects partnership id in the sidebar as a click does.
func clickSidebar(u *UI, id int64) {
	for i, p := range u.sidebar.shown {
		if p.ID == id {
			u.sidebar.list.Select(i)
			return
		}
	}
}

// TestMenusNeedAPartnership: without a partnership shown (the welcome
// screen, or the editor open) the items that act on one are disabled.
func TestMenusNeedAPartnership(t *testing.T) {
	u, store, w := newTestUI(t)
	u.Start()
	disabled := func() (n int) {
		for _, it := range u.pairItems {
			if it.Disabled {
				n++
			}
		}
		return n
	}
	if len(u.pairItems) < 9 || disabled() != len(u.pairItems) {
		t.Fatalf("welcome screen: %d of %d partnership items disabled", disabled(), len(u.pairItems))
	}
	id := fixture.Scheduled(t, store)
	u.reload(id)
	if disabled() != 0 {
		t.Fatalf("partnership shown: %d items still disabled", disabled())
	}
	u.editSelected()
	if disabled() != len(u.pairItems) {
		t.Errorf("editor open: %d of %d disabled", disabled(), len(u.pairItems))
	}
	// Ctrl+Q is in the File menu as Quit
	var quit *fyne.MenuItem
	for _, it := range w.MainMenu().Items[0].Items {
		if it.IsQuit {
			quit = it
		}
	}
	if quit == nil || quit.Shortcut == nil || quit.Shortcut.ShortcutName() != shortcutQuit.ShortcutName() {
		t.Errorf("File menu Quit: %+v", quit)
	}
}
