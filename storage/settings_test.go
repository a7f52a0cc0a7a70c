package storage

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/twoway-app/twoway/internal/mentoring"
)

func TestMailSettingsValidateAndRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	// Given nothing saved, the settings are empty
	if m, err := s.MailSettings(ctx); err != nil || m.Configured() {
		t.Fatalf("fresh: %+v %v", m, err)
	}
	// Bad input names each field and saves nothing
	bad := mentoring.MailSettings{Host: "smtp.example.org", Port: 70000, Security: mentoring.SecurityPlain, From: "ana"}
	err := s.SetMailSettings(ctx, bad)
	var ve *mentoring.ValidationError
	if !errors.As(err, &ve) || msgFor(ve, "smtp.port") == "" || !strings.Contains(msgFor(ve, "smtp.security"), "localhost") ||
		msgFor(ve, "smtp.from") == "" || msgFor(ve, "smtp.host") != "" {
		t.Fatalf("validation: %v", err)
	}
	for _, tt := range []mentoring.MailSettings{
		{Host: "", Port: 587, Security: mentoring.SecurityStartTLS, From: "a@example.org"},
		{Host: "smtp.example.org:587", Port: 587, Security: mentoring.SecurityStartTLS, From: "a@example.org"},
		{Host: "smtp.example.org", Port: 0, Security: mentoring.SecurityStartTLS, From: "a@example.org"},
		{Host: "smtp.example.org", Port: 587, Security: "ssl", From: "a@example.org"},
	} {
		if err := tt.Validate(); !mentoring.IsValidation(err) {
			t.Errorf("%+v accepted", tt)
		}
	}
	if m, _ := s.MailSettings(ctx); m.Configured() {
		t.Fatal("invalid settings were saved")
	}
	// Plain to this computer is fine; settings round-trip
	local := mentoring.MailSettings{Host: "127.0.0.1", Port: 2525, Security: mentoring.SecurityPlain, From: "ana@example.org"}
	if err := s.SetMailSettings(ctx, local); err != nil {
		t.Fatal(err)
	}
	good := mentoring.MailSettings{Host: " smtp.example.org ", Port: 465, Security: mentoring.SecurityTLS, Username: "ana", From: "ana@example.org"}
	if err := s.SetMailSettings(ctx, good); err != nil {
		t.Fatal(err)
	}
	got, err := s.MailSettings(ctx)
	good.Host = "smtp.example.org"
	if err != nil || got != good {
		t.Fatalf("read back %+v %v", got, err)
	}
}

func TestCalDAVSettingsAndPublication(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	for _, tt := range []mentoring.CalDAVSettings{
		{URL: "", Username: "ana"},
		{URL: "dav.example.org", Username: "ana"},
		{URL: "http://dav.example.org/", Username: "ana"},
		{URL: "https://ana:pw@dav.example.org/", Username: "ana"},
		{URL: "https://dav.example.org/", Username: ""},
		{URL: "https://dav.example.org/", Username: "ana", Calendar: "ana/work"},
	} {
		if err := s.SetCalDAVSettings(ctx, tt); !mentoring.IsValidation(err) {
			t.Errorf("%+v accepted: %v", tt, err)
		}
	}
	c := mentoring.CalDAVSettings{URL: "https://dav.example.org/", Username: "ana", Calendar: "/ana/work/"}
	if err := s.SetCalDAVSettings(ctx, c); err != nil {
		t.Fatal(err)
	}
	// Mail and calendar settings live side by side
	s.SetMailSettings(ctx, mentoring.MailSettings{Host: "localhost", Port: 25, Security: mentoring.SecurityPlain, From: "ana@example.org"})
	if got, _ := s.CalDAVSettings(ctx); got != c {
		t.Fatalf("read back %+v", got)
	}
	// Publications are per partnership, and go with it
	p := validPair()
	id, _ := s.CreatePartnership(ctx, &p)
	if _, err := s.Publication(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("no publication yet: %v", err)
	}
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	pub := mentoring.Publication{PartnershipID: id, ServerURL: c.URL, Calendar: c.Calendar, ObjectPath: "/ana/work/x.ics", ETag: "e1", PublishedAt: at}
	if err := s.SetPublication(ctx, pub); err != nil {
		t.Fatal(err)
	}
	pub.ETag = "e2"
	s.SetPublication(ctx, pub)
	if got, err := s.Publication(ctx, id); err != nil || got != pub {
		t.Fatalf("publication %+v %v", got, err)
	}
	if err := s.SetPublication(ctx, mentoring.Publication{PartnershipID: 999}); !errors.Is(err, ErrNotFound) {
		t.Errorf("publication of a missing partnership: %v", err)
	}
	s.DeletePartnership(ctx, id)
	if _, err := s.Publication(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("publication outlived its partnership: %v", err)
	}
}
