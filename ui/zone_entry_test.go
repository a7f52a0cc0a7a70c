package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// typeZone focuses a zone entry and types into it as the user would.
func typeZone(w fyne.Window, pf personFields, text string) {
	pf.zone.SetText("")
	w.Canvas().Focus(pf.zone)
	test.Type(pf.zone, text)
}

func TestZoneEntrySuggestsWhileTyping(t *testing.T) {
	u, _, w := newTestUI(t)
	u.Start()
	u.newPartnership()
	pf := u.form.partner

	// Given the editor, when the user types "Tok" into the partner's zone,
	// then the list under the entry shows Tokyo first with its IANA name.
	typeZone(w, pf, "Tok")
	if !pf.suggest.visible() {
		t.Fatal("no suggestions show while typing")
	}
	if got := pf.suggest.labels[0]; got != "Tokyo — Asia/Tokyo" {
		t.Errorf("first suggestion = %q, want Tokyo — Asia/Tokyo (all: %q)", got, pf.suggest.labels)
	}
	if pf.zone.Text != "Tok" {
		t.Errorf("typing reached the entry as %q", pf.zone.Text)
	}

	// When they press Down and Enter, the entry holds the IANA name and
	// the list closes.
	pf.suggest.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	pf.suggest.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if pf.zone.Text != "Asia/Tokyo" || pf.suggest.visible() {
		t.Errorf("after choosing: entry %q, list shown %v", pf.zone.Text, pf.suggest.visible())
	}

	// A generic name is suggested with its zone, and tapping it chooses it.
	typeZone(w, pf, "Pacific Ti")
	if got := pf.suggest.labels[0]; got != "Pacific Time — America/Los_Angeles" {
		t.Errorf("first suggestion = %q", got)
	}
	pf.suggest.Select(0)
	if pf.zone.Text != "America/Los_Angeles" {
		t.Errorf("tapping a suggestion set %q", pf.zone.Text)
	}

	// Filling the form by code shows no list.
	u.form.me.zone.SetText("Berlin")
	if u.form.me.suggest.visible() {
		t.Error("SetText by code opened the suggestions")
	}
}

func TestZoneEntryResolvesOnSave(t *testing.T) {
	u, store, w := newTestUI(t)
	u.Start()
	u.newPartnership()
	fillValid(u.form)

	// Given "Springfield" for the partner, saving refuses and names the
	// candidates under the field, and the drop-down offers them.
	u.form.partner.zone.SetText("Springfield")
	test.Tap(u.form.saveBtn)
	l := u.form.errs["partner.zone"]
	if !l.Visible() || !strings.Contains(l.Text, "America/New_York") || !strings.Contains(l.Text, "America/Chicago") {
		t.Fatalf("error line for Springfield = %q (shown %v)", l.Text, l.Visible())
	}
	if n := len(u.form.partner.suggest.labels); n != 2 {
		t.Errorf("drop-down offers %d zones, want the 2 candidates", n)
	}
	ps, _ := store.ListPartnerships(context.Background())
	if len(ps) != 0 {
		t.Fatalf("an ambiguous zone was saved: %+v", ps)
	}

	// When they type "Tokyo" instead and save, the partnership keeps
	// Asia/Tokyo.
	typeZone(w, u.form.partner, "Tokyo")
	test.Tap(u.form.saveBtn)
	ps, err := store.ListPartnerships(context.Background())
	if err != nil || len(ps) != 1 {
		t.Fatalf("after saving: %v, %v", ps, err)
	}
	p, err := store.GetPartnership(context.Background(), ps[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Partner.Zone; got != "Asia/Tokyo" {
		t.Errorf("saved zone %q, want Asia/Tokyo", got)
	}
}

func TestZoneEntryInGerman(t *testing.T) {
	useLocale(t, "de_DE.UTF-8")
	u, _, w := newTestUI(t)
	u.Start()
	u.newPartnership()
	pf := u.form.me

	// Given German, the suggestions use CLDR's German names.
	typeZone(w, pf, "Tok")
	if got := pf.suggest.labels[0]; got != "Tokio — Asia/Tokyo" {
		t.Errorf("first suggestion = %q, want Tokio — Asia/Tokyo", got)
	}
	typeZone(w, pf, "Mitteleuropäische Z")
	if got := pf.suggest.labels[0]; got != "Mitteleuropäische Zeit — Europe/Paris" {
		t.Errorf("first suggestion = %q", got)
	}
}
