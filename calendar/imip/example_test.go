package imip_test

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"mime"
	"net/mail"
	"os"
	"strings"
	"time"

	gomail "github.com/emersion/go-message/mail"
	"github.com/twoway-app/twoway/calendar/imip"
)

// Build wraps an invitation produced by calendar/ics; the result is passed
// to Send with the envelope of the message.
func ExampleBuild() {
	ics, err := os.ReadFile("testdata/request.ics")
	if err != nil {
		log.Fatal(err)
	}
	m := imip.Message{
		From:    mail.Address{Name: "Jürgen Müller", Address: "juergen@example.org"},
		To:      []mail.Address{{Name: "Ayşe Yılmaz", Address: "ayse@example.net"}},
		Subject: "Invitation: weekly mentoring call",
		Text:    "Mondays 18:00 Berlin / 20:00 Istanbul\nJoin: https://meet.example.org/x\n",
		ICS:     ics,
		Method:  imip.MethodRequest,
		Date:    time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC),
	}
	raw, err := imip.Build(m)
	if err != nil {
		log.Fatal(err)
	}

	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		log.Fatal(err)
	}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			log.Fatal(err)
		}
		t, params, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		body, _ := io.ReadAll(p.Body)
		fmt.Printf("%s method=%q same-as-ics=%v\n", t, params["method"], bytes.Equal(body, ics))
	}
	from, to := m.Envelope()
	fmt.Println("envelope:", from, "->", strings.Join(to, ", "))
	// Output:
	// text/plain method="" same-as-ics=false
	// text/calendar method="REQUEST" same-as-ics=true
	// application/ics method="" same-as-ics=true
	// envelope: juergen@example.org -> ayse@example.net
}
