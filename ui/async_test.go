package ui

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/storage"
)

// asyncRunner runs work on a goroutine of its own, as the app does, and
// hands done to the test's goroutine, which plays the UI goroutine: settle
// runs each done as its work finishes, while other work may still run, until
// none is left. Between a step and settle the test can act on the window
// while the work runs, so `go test -race` sees work that reads the screens'
// state off the UI goroutine.
type asyncRunner struct {
	dones   chan func()
	pending int // work started and its done not yet run; the test's goroutine only
	works   int // work started in all
}

func (r *asyncRunner) run(work, done func()) {
	r.pending++
	r.works++
	go func() {
		work()
		r.dones <- done
	}()
}

func (r *asyncRunner) settle() {
	for r.pending > 0 {
		done := <-r.dones
		r.pending--
		done()
	}
}

// newAsyncTestUI is newTestUI with background work on real goroutines.
func newAsyncTestUI(t *testing.T) (*UI, *storage.Store, *asyncRunner) {
	t.Helper()
	u, store, _ := newTestUI(t)
	r := &asyncRunner{dones: make(chan func(), 64)}
	u.run = r.run
	return u, store, r
}

// TestBackgroundWorkOffTheUIGoroutine drives the screens whose work runs in
// the background (history, invite preview, delivery, restore) with that work
// on other goroutines, acting on the window while it runs.
func TestBackgroundWorkOffTheUIGoroutine(t *testing.T) {
	u, store, r := newAsyncTestUI(t)
	ctx := context.Background()
	id := fixture.Scheduled(t, store)
	other := fixture.Pair()
	other.Title = "Second pair"
	if _, err := store.CreatePartnership(ctx, &other); err != nil {
		t.Fatal(err)
	}

	// Given the window started, with its loads still running
	u.Start()
	u.showTab(tabInvites)
	// When the user types into the agenda while they run
	test.Type(u.detail.invites.agenda, "Reels")
	r.settle()
	if r.works < 2 {
		t.Fatalf("only %d pieces of work went to the background", r.works)
	}
	s := u.detail.invites
	if s.p.ID != id || !strings.Contains(s.preview.Text, "Every week on Monday at 17:00") {
		t.Fatalf("after the loads: partnership %d, preview %q", s.p.ID, s.preview.Text)
	}

	// When another partnership is shown while the preview still loads
	first, second := s.p, other
	second.ID = other.ID
	s.refresh()
	s.set(second)
	r.settle()
	if s.p.ID != other.ID {
		t.Fatalf("the invites screen shows %d, want %d", s.p.ID, other.ID)
	}
	s.set(first)
	r.settle()

	// When the invite is saved to a file while the user switches partnership
	var file bytes.Buffer
	s.deliver(s.out, func(b []byte) error { file.Write(b); return nil }, "saved")
	u.reload(other.ID)
	r.settle()
	if st, err := store.Invite(ctx, id); err != nil || !st.Sent || st.SentICS != file.String() {
		t.Fatalf("delivered in the background: sent %v (%v), %d bytes", st.Sent, err, file.Len())
	}

	// When File › Restore swaps the store while a history load is running
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := store.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	reopened, err := storage.Open(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reopened.Close() })
	u.reload(id)
	u.useStore(reopened)
	r.settle()
	if u.db() != Store(reopened) || u.deliver().Store != Store(reopened) {
		t.Fatal("the screens or the use cases still use the old store")
	}
	// Then the next work reads the new store
	u.reload(id)
	r.settle()
	if shownID := u.detail.p.ID; shownID != id {
		t.Errorf("after the swap the window shows %d, want %d", shownID, id)
	}
}
