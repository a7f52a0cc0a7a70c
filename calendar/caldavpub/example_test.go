package caldavpub_test

import (
	"fmt"

	"github.com/twoway-app/twoway/calendar/caldavpub"
)

// Each series lives at a name derived from its UID, so re-publishing an
// updated series replaces the same resource.
func ExampleObjectPath() {
	fmt.Println(caldavpub.ObjectPath("/alice/mentoring/", "twoway-3f1c@twoway.app"))
	fmt.Println(caldavpub.ObjectPath("/alice/mentoring", "a b/c"))
	// Output:
	// /alice/mentoring/twoway-3f1c@twoway.app.ics
	// /alice/mentoring/a%20b%2Fc.ics
}
