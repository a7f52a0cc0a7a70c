package shared_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/twoway-app/twoway/internal/shared"
)

// Ana and Ben both edited a topic since their last sync: Ana its status,
// Ben its title and, a minute later than Ana, its notes, which Ana had
// changed too. Each machine merges the same three copies and gets the
// same topic, with Ana's notes handed back as a conflict.
func ExampleMerge() {
	synced := time.Date(2025, 9, 18, 17, 0, 0, 0, time.UTC)
	base := shared.Topic{UID: "topic-1", Title: "Speaking", Status: shared.StatusAgreed,
		Notes: "Start small.", Teacher: "ben@example.org", Modified: synced}

	ana := base
	ana.Status, ana.Notes = shared.StatusInProgress, "Start small: 3 minutes."
	ana.Modified, ana.EditedBy = synced.Add(time.Hour), "ana@example.org"

	ben := base
	ben.Title, ben.Notes = "Public speaking", "Start small, then a meetup talk."
	ben.Modified, ben.EditedBy = synced.Add(61*time.Minute), "ben@example.org"

	onAnas, conflicts := shared.Merge(&base, ana, ben)
	onBens, _ := shared.Merge(&base, ben, ana)
	fmt.Println(onAnas.Title, "|", onAnas.Status, "|", onAnas.Notes)
	fmt.Println("same on both machines:", shared.Equal(onAnas, onBens))
	for _, c := range conflicts {
		fmt.Printf("%s: kept %q, other %q\n", c.Field, c.Kept, c.Other)
	}
	// Output:
	// Public speaking | in_progress | Start small, then a meetup talk.
	// same on both machines: true
	// notes: kept "Start small, then a meetup talk.", other "Start small: 3 minutes."
}

func ExampleEncode() {
	a := shared.Action{UID: "action-1", Text: "Send the slides, with notes", Owner: "ana@example.org",
		Due: "2025-09-25", AddedBy: "ben@example.org", Modified: time.Date(2025, 9, 18, 17, 0, 0, 0, time.UTC)}
	data, err := shared.Encode(a)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The lines end in CRLF; shown here with LF.
	fmt.Print(strings.ReplaceAll(string(data), "\r\n", "\n"))
	// Output:
	// BEGIN:VCALENDAR
	// PRODID:-//Twoway//Twoway//EN
	// VERSION:2.0
	// BEGIN:VTODO
	// DTSTAMP:20250918T170000Z
	// DUE;VALUE=DATE:20250925
	// LAST-MODIFIED:20250918T170000Z
	// STATUS:NEEDS-ACTION
	// SUMMARY:Send the slides\, with notes
	// UID:action-1
	// X-TWOWAY-ADDED-BY:mailto:ben@example.org
	// X-TWOWAY-KIND:action
	// X-TWOWAY-OWNER:mailto:ana@example.org
	// END:VTODO
	// END:VCALENDAR
}
