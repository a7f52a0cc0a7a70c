package ui

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/pool"
)

// buttonIn returns the button labelled text under o, or nil.
func buttonIn(o fyne.CanvasObject, text string) *widget.Button {
	for _, x := range test.LaidOutObjects(o) {
		if b, ok := x.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

// TestPoolFromCSVToPartnership: a Google Forms export is imported through
// the dialog, the pool paired with reasons, a pair accepted into a
// partnership that the cohort lists, and "Not a fit" sends both back.
func TestPoolFromCSVToPartnership(t *testing.T) {
	ctx := context.Background()
	u, store, w := newTestUI(t)
	u.Start()
	data, err := os.ReadFile("../cmd/twoway/cli/testdata/pool/signup.csv")
	if err != nil {
		t.Fatal(err)
	}

	// The dry run reads all twelve without a problem, and Import commits them
	u.askImport("signup", data, pool.CSVOptions{})
	if u.importing == nil || !strings.Contains(overlayText(w), "12 people read, all fine.") {
		t.Fatalf("import dialog: %q", overlayText(w))
	}
	imp := buttonIn(w.Canvas().Overlays().Top(), "Import")
	if imp == nil || imp.Disabled() {
		t.Fatal("no enabled Import button")
	}
	test.Tap(imp)
	s := u.pools
	if s.current.Name != "signup" || len(s.current.People) != 12 {
		t.Fatalf("pool %q with %d people", s.current.Name, len(s.current.People))
	}
	if txt := labelsIn(s.people); !strings.Contains(txt, "Ana Ruiz <ana@example.org>") || !strings.Contains(txt, "wants 1. Budgeting, 2. Social media") {
		t.Errorf("people: %q", txt)
	}

	// Proposing pairs explains each: who teaches whom what, at which rank
	s.runMatch()
	if len(s.proposal.Pairs) == 0 {
		t.Fatalf("no pairs: %q", labelsIn(s.pairs))
	}
	txt := labelsIn(s.pairs)
	if !strings.Contains(txt, "teaches") || !strings.Contains(txt, "wish no. 1") || !strings.Contains(txt, "min a day suit both") {
		t.Errorf("reasons: %q", txt)
	}
	first := s.proposal.Pairs[0]

	// Accepting makes a ready partnership of the two
	s.accept(first.Score)
	list, err := store.ListPartnerships(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("partnerships after Accept: %v %v", list, err)
	}
	if len(u.sidebar.all) != 1 {
		t.Errorf("the sidebar lists %d partnerships", len(u.sidebar.all))
	}
	if !strings.Contains(overlayText(w), "is ready to invite") {
		t.Errorf("after Accept: %q", overlayText(w))
	}
	dismissTop(w.Canvas())
	for _, pr := range s.proposal.Pairs {
		if pr.Pair() == first.Pair() && pr.Status != pool.StatusAccepted {
			t.Errorf("the accepted pair is %s in the new proposal", pr.Status)
		}
	}

	// The cohort lists it with its health, and Not a fit returns both to the pool
	s.tabs.SelectIndex(2)
	if len(s.rows) != 1 || !strings.Contains(labelsIn(s.cohort), list[0].Title) {
		t.Fatalf("cohort: %d rows, %q", len(s.rows), labelsIn(s.cohort))
	}
	// (from the partnership itself: Partnership › Not a Fit…)
	u.reload(list[0].ID)
	u.notAFitShown()
	test.Tap(buttonIn(w.Canvas().Overlays().Top(), "Not a Fit"))
	p, err := u.deliver().Pool(ctx, s.current.ID)
	if err != nil || len(p.Paired) != 0 || len(p.Forbidden) != 1 || p.Forbidden[0] != first.Pair() {
		t.Errorf("after Not a fit: paired %v, forbidden %v (%v)", p.Paired, p.Forbidden, err)
	}
}

// TestPoolImportShowsProblemsAndColumns: a bad zone is named on its line
// with suggestions and blocks the import; a column the app cannot place is
// offered to be mapped, and mapping it makes the file importable.
func TestPoolImportShowsProblemsAndColumns(t *testing.T) {
	u, _, w := newTestUI(t)
	u.Start()
	bad := "Name,Email,Zone,Hours,Offers,Wants\nAna Ruiz,ana@example.org,Europe/Berlim,09:00-17:00,Leadership,Social media\n" +
		"Ben Okafor,ben@example.com,America/New_York,09:00-17:00,Social media,Leadership\n"
	u.askImport("p", []byte(bad), pool.CSVOptions{})
	txt := overlayText(w)
	if !strings.Contains(txt, "Line 2 (ana@example.org)") || !strings.Contains(txt, "Europe/Berlin") {
		t.Errorf("problems: %q", txt)
	}
	if b := buttonIn(w.Canvas().Overlays().Top(), "Import"); b == nil || !b.Disabled() {
		t.Error("Import is enabled with a problem row")
	}
	dismissTop(w.Canvas())

	odd := "Name,Contact,Zone,Hours,Offers,Wants\nAna Ruiz,ana@example.org,Europe/Berlin,09:00-17:00,Leadership,Social media\n"
	u.askImport("p", []byte(odd), pool.CSVOptions{})
	if txt := overlayText(w); !strings.Contains(txt, "No column is read as Email") {
		t.Fatalf("unmapped email: %q", txt)
	}
	// When the user reads Contact as Email
	var contact *widget.Select
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				if it.Text == "Contact" {
					contact = it.Widget.(*widget.Select)
				}
			}
		}
	}
	if contact == nil {
		t.Fatal("no choice for the Contact column")
	}
	contact.SetSelected("Email")
	if txt := overlayText(w); !strings.Contains(txt, "1 person read, all fine.") {
		t.Errorf("after mapping Contact: %q", txt)
	}
	if b := buttonIn(w.Canvas().Overlays().Top(), "Import"); b == nil || b.Disabled() {
		t.Error("Import stays disabled after mapping the column")
	}
}

// TestPoolKeepTogetherAndSynonyms: a candidate pair the matching did not
// choose is kept together on request and comes back locked; the words that
// match are edited one group a line.
func TestPoolKeepTogetherAndSynonyms(t *testing.T) {
	ctx := context.Background()
	u, _, w := newTestUI(t)
	u.Start()
	data, err := os.ReadFile("../cmd/twoway/cli/testdata/pool/signup.csv")
	if err != nil {
		t.Fatal(err)
	}
	res, err := u.deliver().ImportPool(ctx, "signup", bytes.NewReader(data), pool.CSVOptions{}, true)
	if err != nil {
		t.Fatal(err)
	}
	u.showPools()
	s := u.pools
	s.refresh(res.PoolID)
	s.runMatch()
	chosen := map[pool.Pair]bool{}
	for _, pr := range s.proposal.Pairs {
		chosen[pr.Pair()] = true
	}
	var other *pool.Score
	for i, e := range s.proposal.Edges {
		if !chosen[e.Pair()] {
			other = &s.proposal.Edges[i]
			break
		}
	}
	if other == nil {
		t.Fatal("every candidate edge was chosen: the fixture cannot test a lock")
	}
	s.setLock(*other, true)
	found := false
	for _, pr := range s.proposal.Pairs {
		if pr.Pair() == other.Pair() {
			found = pr.Status == pool.StatusLocked
		}
	}
	if !found || !strings.Contains(labelsIn(s.pairs), "Locked together.") {
		t.Errorf("the kept pair %v is not locked in the new proposal", other.Pair())
	}

	s.askSynonyms()
	var text *widget.Entry
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if e, ok := o.(*widget.Entry); ok && e.MultiLine {
			text = e
		}
	}
	if text == nil {
		t.Fatal("no text to edit the words in")
	}
	text.SetText("excel, spreadsheets\nsocial media, instagram, tiktok\nalone")
	test.Tap(buttonIn(w.Canvas().Overlays().Top(), "Save"))
	got := map[string]bool{}
	for _, g := range s.current.Synonyms {
		got[strings.Join(g, "|")] = true
	}
	if len(s.current.Synonyms) != 2 || !got["social media|instagram|tiktok"] {
		t.Errorf("synonyms %v", s.current.Synonyms)
	}
}

// TestNotAFitOnAPartnershipMadeByHand says there is no pool to go back to
// and changes nothing.
func TestNotAFitOnAPartnershipMadeByHand(t *testing.T) {
	u, store, w := newTestUI(t)
	id := fixture.Scheduled(t, store)
	u.Start()
	u.reload(id)
	u.notAFitShown()
	if txt := overlayText(w); !strings.Contains(txt, "made by hand, not from a pool") {
		t.Errorf("shown: %q", txt)
	}
}

// TestAddPersonSaysWhatIsWrongBesideEachField: a person with a zone that
// does not exist and hours that do not parse is refused with each message
// under its field, the dialog keeps what was typed, and fixing both adds
// them.
func TestAddPersonSaysWhatIsWrongBesideEachField(t *testing.T) {
	u, _, w := newTestUI(t)
	u.Start()
	id, err := u.deliver().CreatePool(u.ctx, "Spring")
	if err != nil {
		t.Fatal(err)
	}
	u.showPools()
	s := u.pools
	s.refresh(id)
	s.askPerson(nil)
	var es []*widget.Entry
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if e, ok := o.(*widget.Entry); ok {
			es = append(es, e)
		}
	}
	if len(es) != 7 {
		t.Fatalf("%d entries in the dialog, want 7", len(es))
	}
	for i, v := range []string{"Raj Patel", "raj@example.in", "Europe/Berlim", "nine to five", "Leadership", "Social media", "English"} {
		es[i].SetText(v)
	}
	test.Tap(buttonIn(w.Canvas().Overlays().Top(), "Add"))
	n := s.personNotes
	if !strings.Contains(n.text("zone"), "Europe/Berlin") || n.text("hours") == "" || n.text("name") != "" {
		t.Errorf("under zone %q, hours %q, name %q", n.text("zone"), n.text("hours"), n.text("name"))
	}
	if es[2].Text != "Europe/Berlim" || len(s.current.People) != 0 {
		t.Errorf("typed zone %q, people %d", es[2].Text, len(s.current.People))
	}
	es[2].SetText("Mumbai") // a city names its zone
	es[3].SetText("09:00-17:00")
	test.Tap(buttonIn(w.Canvas().Overlays().Top(), "Add"))
	if len(s.current.People) != 1 || s.current.People[0].Zone != "Asia/Kolkata" {
		t.Errorf("after fixing: %+v", s.current.People)
	}
}
