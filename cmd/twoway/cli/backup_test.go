package cli

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
	"github.com/twoway-app/twoway/storage"
)

// titlesIn lists the partnership titles in db through the CLI.
func titlesIn(t *testing.T, db string) []string {
	t.Helper()
	out, errOut, code := run(t, db, "pair", "list", "--json")
	var list []summaryJSON
	if code != ExitOK || json.Unmarshal([]byte(out), &list) != nil {
		t.Fatalf("pair list: code %d, %q, %q", code, out, errOut)
	}
	var titles []string
	for _, p := range list {
		titles = append(titles, p.Title)
	}
	return titles
}

func TestBackupThenRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "twoway.db")
	saved := filepath.Join(dir, "saved.db")
	// Given a database with one partnership, backed up
	if _, e, code := run(t, db, addArgs...); code != ExitOK {
		t.Fatalf("pair add: %d %s", code, e)
	}
	out, errOut, code := run(t, db, "backup", saved)
	if code != ExitOK || errOut != "" || out != fmt.Sprintf("backed up %s to %s\n", db, saved) {
		t.Fatalf("backup: code %d, out %q, err %q", code, out, errOut)
	}
	if fi, err := os.Stat(saved); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, %v; want mode 0600", fi, err)
	}
	// And a second partnership added afterwards
	if _, e, code := run(t, db, with("--title", "Later")...); code != ExitOK {
		t.Fatalf("pair add: %d %s", code, e)
	}

	// When the backup is restored, asking nothing
	out, errOut, code = run(t, db, "restore", saved)

	// Then the database is the backed-up one, and the output says where the
	// replaced one went, which still holds both partnerships
	keep := db + storage.RestoreKeepSuffix
	want := fmt.Sprintf("restored %s to %s\nthe previous database is kept at %s\n", saved, db, keep)
	if code != ExitOK || errOut != "" || out != want {
		t.Fatalf("restore: code %d, out %q, err %q; want %q", code, out, errOut, want)
	}
	if got := titlesIn(t, db); len(got) != 1 || got[0] != "Ana & Ben" {
		t.Errorf("after restore: %q", got)
	}
	if got := titlesIn(t, keep); len(got) != 2 {
		t.Errorf("kept database: %q, want both partnerships", got)
	}
}

func TestRestoreWithoutPreviousDatabase(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	if _, e, code := run(t, src, addArgs...); code != ExitOK {
		t.Fatalf("pair add: %d %s", code, e)
	}
	db := filepath.Join(dir, "fresh", "twoway.db")
	out, errOut, code := run(t, db, "restore", src)
	if code != ExitOK || !strings.HasSuffix(out, "there was no previous database\n") {
		t.Fatalf("restore: code %d, out %q, err %q", code, out, errOut)
	}
	if got := titlesIn(t, db); len(got) != 1 {
		t.Errorf("after restore: %q", got)
	}
}

func TestBackupRestoreErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "twoway.db")
	if _, e, code := run(t, db, addArgs...); code != ExitOK {
		t.Fatalf("pair add: %d %s", code, e)
	}
	notDB := filepath.Join(dir, "notes.txt")
	os.WriteFile(notDB, []byte(strings.Repeat("hello\n", 100)), 0o600)
	songs := filepath.Join(dir, "songs.db")
	sdb, _ := sql.Open("sqlite3", songs)
	sdb.Exec(`CREATE TABLE songs (title TEXT)`)
	sdb.Close()
	newer := filepath.Join(dir, "newer.db")
	run(t, newer, addArgs...)
	ndb, _ := sql.Open("sqlite3", newer)
	ndb.Exec(`PRAGMA user_version = 999`)
	ndb.Close()
	missingDB := filepath.Join(dir, "none", "twoway.db")
	unwritable := filepath.Join(dir, "no-such-folder", "copy.db")

	tests := []struct {
		name string
		db   string
		args []string
		code int
		msg  string
	}{
		{"backup without file", db, []string{"backup"}, ExitUsage, "backup: want one FILE"},
		{"backup with two files", db, []string{"backup", "a.db", "b.db"}, ExitUsage, "backup: want one FILE"},
		{"backup unknown flag", db, []string{"backup", "--force", "a.db"}, ExitUsage, "--force"},
		{"backup onto the database", db, []string{"backup", db}, ExitUsage, "is the database itself"},
		{"backup of no database", missingDB, []string{"backup", filepath.Join(dir, "x.db")}, ExitError, "no database at"},
		{"backup into a missing folder", db, []string{"backup", unwritable}, ExitError, "no such file"},
		{"restore without file", db, []string{"restore"}, ExitUsage, "restore: want one FILE"},
		{"restore a missing file", db, []string{"restore", filepath.Join(dir, "gone.db")}, ExitUsage, "no such file"},
		{"restore a text file", db, []string{"restore", notDB}, ExitUsage, "not a Twoway database"},
		{"restore another app's database", db, []string{"restore", songs}, ExitUsage, "not a Twoway database"},
		{"restore a newer database", db, []string{"restore", newer}, ExitUsage, "newer version of Twoway"},
		{"restore the database onto itself", db, []string{"restore", db}, ExitUsage, "same database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(db)
			out, errOut, code := run(t, tt.db, tt.args...)
			if code != tt.code {
				t.Errorf("code = %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tt.msg) {
				t.Errorf("stderr = %q, want one line with %q", errOut, tt.msg)
			}
			if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
				t.Error("the database changed")
			}
			if _, err := os.Stat(db + storage.RestoreKeepSuffix); !os.IsNotExist(err) {
				t.Errorf("a refused restore kept a copy (stat err %v)", err)
			}
		})
	}
	if _, err := os.Stat(missingDB); !os.IsNotExist(err) {
		t.Errorf("backup created a database where there was none (stat err %v)", err)
	}
}

func TestBackupRestoreListedInUsage(t *testing.T) {
	var b bytes.Buffer
	Usage(&b)
	for _, want := range []string{"backup ", "restore "} {
		if !strings.Contains(b.String(), "\n  "+want) {
			t.Errorf("usage lacks %q:\n%s", want, b.String())
		}
	}
}
