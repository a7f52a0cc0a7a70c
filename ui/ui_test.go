package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

// newTestUI builds the main window over a real temporary database, with
// background work made synchronous so each step can be asserted at once.
func newTestUI(t *testing.T) (*UI, *storage.Store, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	store, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "twoway.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1100, 800))
	u := New(a, w, Options{Store: store})
	u.run = func(work, done func()) { work(); done() }
	u.detail.now = func() time.Time { return time.Date(2027, 3, 20, 12, 0, 0, 0, time.UTC) }
	return u, store, w
}

func shown(u *UI) fyne.CanvasObject {
	if len(u.content.Objects) != 1 {
		return nil
	}
	return u.content.Objects[0]
}

// labelsIn collects the text of every label under o.
func labelsIn(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			if w.Visible() {
				b.WriteString(w.Text + "\n")
			}
		case *widget.Button:
			b.WriteString("[" + w.Text + "]\n")
		case *widget.Card:
			b.WriteString(w.Title + "\n")
			if w.Content != nil {
				walk(w.Content)
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case *widget.Form:
			for _, it := range w.Items {
				walk(it.Widget)
			}
		case *container.Scroll:
			walk(w.Content)
		}
	}
	walk(o)
	return b.String()
}

func fillValid(f *pairForm) {
	// SetText, not typing: a new form may start with the user's own
	// details from the last partnership, and typing would add to them.
	f.title.SetText("Ana & Ben")
	f.me.name.SetText("Ana Ruiz")
	f.me.email.SetText("ana@example.org")
	f.me.zone.SetText("Europe/Berlin")
	f.me.hours.SetText("08:00-18:00")
	f.me.offers.SetText("Leadership\nNegotiation")
	f.me.wants.SetText("Social media")
	f.partner.name.SetText("Ben Okafor")
	f.partner.email.SetText("ben@example.com")
	f.partner.zone.SetText("America/New_York")
	f.partner.hours.SetText("09:00-17:00")
	f.partner.offers.SetText("Social media")
	f.partner.wants.SetText("Leadership")
}

func TestFirstRunCreateAndShow(t *testing.T) {
	u, store, _ := newTestUI(t)
	// Given an empty database, the welcome screen invites a first partnership
	u.Start()
	if txt := labelsIn(shown(u)); !strings.Contains(txt, "Welcome to Twoway") || !strings.Contains(txt, "[Create your first partnership]") {
		t.Fatalf("first run shows %q", txt)
	}
	// When the user creates one through the editor
	u.newPartnership()
	if shown(u) != u.form.object {
		t.Fatal("editor not shown")
	}
	if u.form.me.zone.Text == "" || !u.form.confidentiality.Checked || u.form.me.hours.Text != "09:00-17:00" {
		t.Errorf("new partnership defaults: zone %q, confidentiality %v, hours %q",
			u.form.me.zone.Text, u.form.confidentiality.Checked, u.form.me.hours.Text)
	}
	fillValid(u.form)
	test.Tap(u.form.jitsi)
	test.Tap(u.form.saveBtn)
	// Then it is stored, listed and shown
	list, _ := store.ListPartnerships(context.Background())
	if len(list) != 1 || list[0].Title != "Ana & Ben" {
		t.Fatalf("stored %+v", list)
	}
	p, _ := store.GetPartnership(context.Background(), list[0].ID)
	if !strings.HasPrefix(p.Link, "https://meet.jit.si/Twoway-") || len(p.Link) < len("https://meet.jit.si/Twoway-")+16 {
		t.Errorf("jitsi link %q", p.Link)
	}
	if len(p.Me.Offers) != 2 || p.Partner.Zone != "America/New_York" || p.Me.Hours.String() != "08:00-18:00" {
		t.Errorf("stored partnership %+v", p)
	}
	if shown(u) != u.detail.object || u.detail.title.Text != "Ana & Ben" {
		t.Fatalf("after save shows %v, title %q", shown(u), u.detail.title.Text)
	}
	over := labelsIn(u.detail.overview)
	// 08:00-18:00 in Berlin on 20 Mar 2027 (CET, New York already on EDT) is 03:00-13:00 in New York.
	for _, want := range []string{"Comfortable for calls 08:00-18:00 (03:00-13:00 for Ben)", "• Negotiation", mailtext.RuleText(mentoring.RuleConfidentiality), "New York · now Sat 08:00 (UTC-04)"} {
		if !strings.Contains(over, want) {
			t.Errorf("overview lacks %q:\n%s", want, over)
		}
	}
	if u.sidebar.list.Length() != 1 {
		t.Errorf("sidebar lists %d", u.sidebar.list.Length())
	}
}

func TestInvalidInputIsRefusedNextToTheField(t *testing.T) {
	u, store, _ := newTestUI(t)
	u.Start()
	u.newPartnership()
	fillValid(u.form)
	// Given several bad fields
	u.form.partner.email.SetText("ben at example")
	u.form.partner.zone.SetText("Mars/Olympus")
	u.form.me.hours.SetText("08:00-25:00")
	u.form.from.SetDate(dateTime(calendar.Date{Year: 2027, Month: 6, Day: 1}))
	u.form.until.SetDate(dateTime(calendar.Date{Year: 2027, Month: 1, Day: 1}))
	u.form.link.SetText("not a link")
	// When saving
	test.Tap(u.form.saveBtn)
	// Then each field shows its own error, and nothing is stored
	want := map[string]string{
		"partner.email": "not an email address",
		"partner.zone":  "Unknown time zone",
		"me.hours":      "hours run 00-23",
		"until":         "before it starts",
		"link":          "not a web link",
	}
	for field, msg := range want {
		l := u.form.errs[field]
		if !l.Visible() || !strings.Contains(l.Text, msg) {
			t.Errorf("%s error = %q (visible %v), want %q", field, l.Text, l.Visible(), msg)
		}
	}
	if l := u.form.errs["me.email"]; l.Visible() {
		t.Errorf("valid field me.email shows %q", l.Text)
	}
	if !u.form.summary.Visible() || !strings.Contains(u.form.summary.Text, "5 fields") {
		t.Errorf("summary = %q", u.form.summary.Text)
	}
	if list, _ := store.ListPartnerships(context.Background()); len(list) != 0 {
		t.Fatalf("stored %d partnerships from invalid input", len(list))
	}
	// When the user fixes a field, its error goes away
	u.form.partner.email.SetText("ben@example.com")
	if u.form.errs["partner.email"].Visible() {
		t.Error("error stayed after editing the field")
	}
}

func TestEditDeleteAndSearch(t *testing.T) {
	u, store, w := newTestUI(t)
	ctx := context.Background()
	a := mentoring.NewPartnership()
	a.Title, a.Me.Name, a.Me.Email, a.Me.Zone = "Ana & Ben", "Ana", "ana@example.org", "Europe/Berlin"
	a.Partner.Name, a.Partner.Email, a.Partner.Zone = "Ben", "ben@example.com", "America/New_York"
	b := a
	b.Title, b.Partner.Name, b.Partner.Zone = "Cleo & Dev", "Dev Patel", "Asia/Kolkata"
	store.CreatePartnership(ctx, &a)
	store.CreatePartnership(ctx, &b)
	u.Start()
	// The first partnership (by title) is opened
	if u.detail.p.ID != a.ID {
		t.Fatalf("opened %d, want %d", u.detail.p.ID, a.ID)
	}
	// Search filters the sidebar by partner or zone
	test.Type(u.sidebar.search, "kolkata")
	if len(u.sidebar.shown) != 1 || u.sidebar.shown[0].ID != b.ID {
		t.Fatalf("search shows %+v", u.sidebar.shown)
	}
	u.sidebar.search.SetText("")
	u.sidebar.list.Select(1)
	if u.detail.p.ID != b.ID {
		t.Fatalf("selecting row 1 opened %d", u.detail.p.ID)
	}
	// Edit renames it
	u.editSelected()
	if u.form.title.Text != "Cleo & Dev" {
		t.Fatalf("editor title %q", u.form.title.Text)
	}
	u.form.title.SetText("Cleo & Dev (2027)")
	test.Tap(u.form.saveBtn)
	got, _ := store.GetPartnership(ctx, b.ID)
	if got.Title != "Cleo & Dev (2027)" || u.detail.title.Text != got.Title {
		t.Fatalf("after edit: stored %q, shown %q", got.Title, u.detail.title.Text)
	}
	// Delete asks first; cancelling keeps it
	u.deleteSelected()
	confirm := topDialogButtons(w)
	if confirm["Cancel"] == nil || confirm["Delete"] == nil {
		t.Fatalf("no confirmation dialog with a verb: %v", confirm)
	}
	test.Tap(confirm["Cancel"])
	if list, _ := store.ListPartnerships(ctx); len(list) != 2 {
		t.Fatalf("cancelled delete removed it: %d left", len(list))
	}
	u.deleteSelected()
	test.Tap(topDialogButtons(w)["Delete"])
	if _, err := store.GetPartnership(ctx, b.ID); err == nil {
		t.Fatal("confirmed delete kept it")
	}
	if u.detail.p.ID != a.ID || u.sidebar.list.Length() != 1 {
		t.Errorf("after delete shows %d with %d listed", u.detail.p.ID, u.sidebar.list.Length())
	}
}

// topDialogButtons returns the buttons of the top overlay (a dialog) by text.
func topDialogButtons(w fyne.Window) map[string]*widget.Button {
	out := map[string]*widget.Button{}
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return out
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok {
			out[b.Text] = b
		}
	}
	return out
}

func TestSaveMenuItemSavesTheEditor(t *testing.T) {
	u, store, w := newTestUI(t)
	u.Start()
	u.newPartnership()
	fillValid(u.form)
	// The File menu has Save with Ctrl+S, which Fyne offers before a focused entry
	var save *fyne.MenuItem
	for _, it := range w.MainMenu().Items[0].Items {
		if it.Label == "Save" {
			save = it
		}
	}
	if save == nil || save.Shortcut == nil || save.Shortcut.ShortcutName() != shortcutSave.ShortcutName() {
		t.Fatalf("no File › Save with Ctrl+S: %+v", save)
	}
	save.Action()
	if list, _ := store.ListPartnerships(context.Background()); len(list) != 1 {
		t.Fatalf("File › Save stored %d partnerships", len(list))
	}
}

func TestReopensTheLastPartnership(t *testing.T) {
	u, store, w := newTestUI(t)
	ctx := context.Background()
	a, b := berlinNewYork(), berlinNewYork()
	a.Title, b.Title = "Alpha", "Beta"
	store.CreatePartnership(ctx, &a)
	store.CreatePartnership(ctx, &b)
	u.Start()
	if u.selected != a.ID {
		t.Fatalf("first start shows %d, want the first in the list (%d)", u.selected, a.ID)
	}
	u.sidebar.selectID(b.ID)
	// A new window over the same app (and so the same preferences) starts on Beta.
	again := New(u.app, w, Options{Store: store})
	again.run = u.run
	again.Start()
	if again.selected != b.ID {
		t.Errorf("restart shows %d, want the last one shown (%d)", again.selected, b.ID)
	}
	// A deleted partnership falls back to the first.
	store.DeletePartnership(ctx, b.ID)
	third := New(u.app, w, Options{Store: store})
	third.run = u.run
	third.Start()
	if third.selected != a.ID {
		t.Errorf("after deleting the last one shown: %d, want %d", third.selected, a.ID)
	}
}

func TestLoadFontsFinishesAndMeasuresLikeNew(t *testing.T) {
	test.NewTempApp(t)
	select {
	case <-LoadFonts():
	case <-time.After(20 * time.Second):
		t.Fatal("LoadFonts never finished")
	}
	// And both styles measure afterwards, bold wider than regular (the
	// test driver's fonts are Fyne's own, as in the app).
	size := fyne.CurrentApp().Settings().Theme().Size("text")
	regular := fyne.MeasureText("Partnership", size, fyne.TextStyle{})
	bold := fyne.MeasureText("Partnership", size, fyne.TextStyle{Bold: true})
	if regular.Width <= 0 || bold.Width <= regular.Width {
		t.Errorf("regular %v, bold %v", regular, bold)
	}
}

// TestSearchIgnoresAccentsAndCase: "sofia" finds "Sofía", "SAO PAULO" a
// pair in São Paulo; a search that matches nothing says so.
func TestSearchIgnoresAccentsAndCase(t *testing.T) {
	u, store, _ := newTestUI(t)
	ctx := context.Background()
	p := fixture.Plain()
	p.Title, p.Partner.Name, p.Partner.Zone = "Rajesh & Sofía", "Sofía Ramírez", "America/Sao_Paulo"
	if _, err := store.CreatePartnership(ctx, &p); err != nil {
		t.Fatal(err)
	}
	other := fixture.Plain()
	if _, err := store.CreatePartnership(ctx, &other); err != nil {
		t.Fatal(err)
	}
	u.Start()
	for _, tc := range []struct {
		query string
		want  int
	}{{"sofia", 1}, {"SOFÍA", 1}, {"ramirez sao", 1}, {"ana", 2}, {"Zoë", 0}} {
		test.Type(u.sidebar.search, tc.query)
		if got := len(u.sidebar.shown); got != tc.want {
			t.Errorf("%q lists %d partnerships, want %d", tc.query, got, tc.want)
		}
		if none := u.sidebar.none.Visible(); none != (tc.want == 0) || tc.want == 0 && !strings.Contains(u.sidebar.none.Text, tc.query) {
			t.Errorf("%q: no-match line shown %v: %q", tc.query, none, u.sidebar.none.Text)
		}
		u.sidebar.search.SetText("")
	}
}

// TestNewPartnershipRemembersMe: a second partnership starts from the user
// as the last one described them, with the partner's side empty (issue
// 14, reading 3).
func TestNewPartnershipRemembersMe(t *testing.T) {
	u, store, _ := newTestUI(t)
	u.Start()
	u.newPartnership()
	if u.form.me.name.Text != "" {
		t.Fatalf("first partnership starts with me = %q", u.form.me.name.Text)
	}
	fixture.Scheduled(t, store)
	u.reload(0)
	u.newPartnership()
	f := u.form
	if f.me.name.Text != "Ana Ruiz" || f.me.email.Text != "ana@example.org" || f.me.zone.Text != "Europe/Berlin" ||
		f.me.hours.Text != "08:00-18:00" || f.partner.name.Text != "" || f.title.Text != "" || f.me.offers.Text != "" {
		t.Errorf("new form: me %q %q %q %q, partner %q, title %q, offers %q", f.me.name.Text, f.me.email.Text, f.me.zone.Text,
			f.me.hours.Text, f.partner.name.Text, f.title.Text, f.me.offers.Text)
	}
	if u.pendingEditor() != nil {
		t.Error("a form prefilled from the last partnership counts as changed")
	}
}

// TestOverviewClocksKeepTime: the "now" lines follow the clock as minutes
// pass instead of showing when the partnership was opened (issue 14, bug 8).
func TestOverviewClocksKeepTime(t *testing.T) {
	u, store, _ := newTestUI(t)
	id := fixture.Scheduled(t, store)
	u.reload(id)
	if !strings.Contains(labelsIn(u.detail.overview), "Berlin · now Sat 13:00 (UTC+01)") {
		t.Fatalf("overview before: %s", labelsIn(u.detail.overview))
	}
	u.detail.now = func() time.Time { return time.Date(2027, 3, 20, 12, 47, 0, 0, time.UTC) }
	u.Tick()
	got := labelsIn(u.detail.overview)
	if !strings.Contains(got, "Berlin · now Sat 13:47 (UTC+01)") || !strings.Contains(got, "New York · now Sat 08:47 (UTC-04)") {
		t.Errorf("after a tick: %s", got)
	}
}
