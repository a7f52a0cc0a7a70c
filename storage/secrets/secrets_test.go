package secrets

import (
	"errors"
	"strings"
	"testing"
)

func TestMemory(t *testing.T) {
	s := NewMemory()
	key := Key("smtp", "ana@example.org", "smtp.example.org:587")
	if _, err := s.Get(key); !errors.Is(err, ErrNotStored) {
		t.Fatalf("Get before Set: %v", err)
	}
	if err := s.Set(key, "pw"); err != nil {
		t.Fatal(err)
	}
	if pw, err := s.Get(key); err != nil || pw != "pw" {
		t.Fatalf("Get = %q, %v", pw, err)
	}
	s.Delete(key)
	if _, err := s.Get(key); !errors.Is(err, ErrNotStored) {
		t.Fatalf("Get after Delete: %v", err)
	}
	s.Unavailable = true
	if err := s.Set(key, "pw"); !errors.Is(err, ErrNoKeyring) {
		t.Fatalf("Set without keyring: %v", err)
	}
}

// TestSystemKeyringWithoutSecretService uses the real go-keyring on a
// session without a Secret Service (this machine and CI have none) and
// checks that its error becomes the message the user sees.
func TestSystemKeyringWithoutSecretService(t *testing.T) {
	// Given a session bus address that leads nowhere, as on a server or a
	// desktop without GNOME Keyring or KWallet
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+t.TempDir()+"/no-bus")
	// When Twoway tries to remember and read a password
	s := System()
	setErr := s.Set(Key("smtp", "ana", "localhost:25"), "secret")
	_, getErr := s.Get(Key("smtp", "ana", "localhost:25"))
	// Then both fail with the explanation, never with the password
	for _, err := range []error{setErr, getErr} {
		if !errors.Is(err, ErrNoKeyring) {
			t.Fatalf("error %v does not match ErrNoKeyring", err)
		}
		if !strings.HasPrefix(err.Error(), "no system keyring found, so Twoway cannot remember your password") ||
			strings.Contains(err.Error(), "secret") {
			t.Errorf("message %q", err)
		}
	}
}

func TestClassify(t *testing.T) {
	if err := Classify(nil); err != nil {
		t.Error(err)
	}
	if err := Classify(errors.New("org.freedesktop.DBus.Error.ServiceUnknown")); !errors.Is(err, ErrNoKeyring) {
		t.Error(err)
	}
}
