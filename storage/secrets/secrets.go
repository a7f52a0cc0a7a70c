// Package secrets keeps the passwords of the user's mail and calendar
// accounts in the operating system's keyring (Secret Service on Linux,
// Keychain on macOS, Credential Manager on Windows), never in Twoway's
// database, logs or exports.
//
// Code takes a Store so that tests use Memory instead of the real keyring.
package secrets

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// Service is the name the passwords are filed under in the keyring.
const Service = "Twoway"

// ErrNoKeyring means the computer has no usable keyring (on Linux: no
// Secret Service such as GNOME Keyring or KWallet on the session bus), so the
// password must be asked for each time.
var ErrNoKeyring = errors.New("no system keyring found, so Twoway cannot remember your password")

// ErrNotStored means the keyring works but holds no password for the account.
var ErrNotStored = errors.New("no password saved for this account")

// Store keeps one password per account key.
type Store interface {
	// Get returns the password for key, ErrNotStored, or an error wrapping
	// ErrNoKeyring.
	Get(key string) (string, error)
	// Set saves the password for key.
	Set(key, password string) error
	// Delete forgets key's password; forgetting a missing one is no error.
	Delete(key string) error
}

// Key names an account: the kind ("smtp" or "caldav"), the user and the
// server, so that a password never goes to another server.
func Key(kind, user, server string) string { return kind + ":" + user + "@" + server }

// timeout bounds a keyring call: a Secret Service that never answers (a
// locked keyring whose prompt nobody sees) must not hang a send.
const timeout = 15 * time.Second

// System is the operating system's keyring.
func System() Store { return system{} }

type system struct{}

func (system) Get(key string) (string, error) {
	var pw string
	err := withTimeout(func() (err error) { pw, err = keyring.Get(Service, key); return err })
	return pw, err
}

func (system) Set(key, password string) error {
	return withTimeout(func() error { return keyring.Set(Service, key, password) })
}

func (system) Delete(key string) error {
	err := withTimeout(func() error { return keyring.Delete(Service, key) })
	if errors.Is(err, ErrNotStored) {
		return nil
	}
	return err
}

// withTimeout runs a keyring call and classifies its error.
func withTimeout(call func() error) error {
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		return Classify(err)
	case <-time.After(timeout):
		return &Error{Err: fmt.Errorf("the keyring did not answer within %v", timeout)}
	}
}

// Classify turns an error from go-keyring into ErrNotStored, a
// too-long-password message, or an *Error (errors.Is(err, ErrNoKeyring))
// for anything that means the keyring cannot be used: no session bus, no
// Secret Service, a locked or refused collection.
func Classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return ErrNotStored
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return errors.New("secrets: the password is too long for the system keyring")
	}
	return &Error{Err: err}
}

// Error is a keyring that cannot be used; it matches ErrNoKeyring.
type Error struct{ Err error }

func (e *Error) Error() string { return ErrNoKeyring.Error() + " (" + e.Err.Error() + ")" }

// Unwrap exposes ErrNoKeyring and the cause.
func (e *Error) Unwrap() []error { return []error{ErrNoKeyring, e.Err} }

// Memory is a Store in memory, for tests. With Unavailable set it behaves
// like a computer without a keyring.
type Memory struct {
	mu          sync.Mutex
	m           map[string]string
	Unavailable bool
}

// NewMemory returns an empty in-memory Store.
func NewMemory() *Memory { return &Memory{m: map[string]string{}} }

func (s *Memory) Get(key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Unavailable {
		return "", &Error{Err: errors.New("in-memory keyring switched off")}
	}
	pw, ok := s.m[key]
	if !ok {
		return "", ErrNotStored
	}
	return pw, nil
}

func (s *Memory) Set(key, password string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Unavailable {
		return &Error{Err: errors.New("in-memory keyring switched off")}
	}
	s.m[key] = password
	return nil
}

func (s *Memory) Delete(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Unavailable {
		return &Error{Err: errors.New("in-memory keyring switched off")}
	}
	delete(s.m, key)
	return nil
}
