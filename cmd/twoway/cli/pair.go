package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/report"
	"github.com/twoway-app/twoway/storage"
)

func init() {
	register("pair", "add", "create a partnership; prints its id", pairAdd)
	register("pair", "list", "list partnerships [--json]", pairList)
	register("pair", "show", "show one partnership: ID [--json]", pairShow)
	register("pair", "delete", "delete a partnership: ID", pairDelete)
}

// fieldFlags maps storage's field names to the flags that set them, so an
// error names what the user typed.
var fieldFlags = map[string]string{
	"title": "--title", "link": "--link", "from": "--from", "until": "--until",
	"me.name": "--me", "me.email": "--me", "me.zone": "--me-tz", "me.hours": "--me-hours",
	"partner.name": "--partner", "partner.email": "--partner", "partner.zone": "--partner-tz",
	"partner.hours": "--partner-hours", "me.offers": "--me-offers", "me.wants": "--me-wants",
	"partner.offers": "--partner-offers", "partner.wants": "--partner-wants", "rules": "--rule",
	"moved_to": "--to",
}

// flagError rewrites a storage validation error in terms of flags.
func flagError(err error) error {
	ve, ok := err.(*mentoring.ValidationError)
	if !ok {
		return err
	}
	var msgs []string
	for _, f := range ve.Fields {
		name := fieldFlags[f.Field]
		if name == "" {
			name = f.Field
		}
		msgs = append(msgs, name+": "+report.FieldText(f))
	}
	return usageError{strings.Join(msgs, "; ")}
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func pairAdd(env *Env, args []string) error {
	fs := flag.NewFlagSet("pair add", flag.ContinueOnError)
	title := fs.String("title", "", "title of the partnership")
	me := fs.String("me", "", `me, as "Name <email>"`)
	meTZ := fs.String("me-tz", calendar.SystemZone(), "my time zone: "+zoneFlagHelp+" (default: this computer's zone)")
	meHours := fs.String("me-hours", "09:00-17:00", "my comfortable hours, HH:MM-HH:MM")
	partner := fs.String("partner", "", `the partner, as "Name <email>"`)
	partnerTZ := fs.String("partner-tz", "", "the partner's time zone: "+zoneFlagHelp)
	partnerHours := fs.String("partner-hours", "09:00-17:00", "the partner's comfortable hours")
	link := fs.String("link", "", "video-call link")
	from := fs.String("from", "", "programme start, YYYY-MM-DD")
	until := fs.String("until", "", "programme end, YYYY-MM-DD")
	var meOffers, meWants, partnerOffers, partnerWants, rules listFlag
	fs.Var(&meOffers, "me-offers", "what I can teach (repeatable)")
	fs.Var(&meWants, "me-wants", "what I want to learn (repeatable)")
	fs.Var(&partnerOffers, "partner-offers", "what the partner can teach (repeatable)")
	fs.Var(&partnerWants, "partner-wants", "what the partner wants to learn (repeatable)")
	fs.Var(&rules, "rule", "a ground rule beyond the usual three (repeatable)")
	noUsual := fs.Bool("no-usual-rules", false, "do not agree the usual three ground rules")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("pair add: unexpected argument %q", pos[0])
	}

	if *meTZ, err = resolveZoneFlag(env, "--me-tz", *meTZ); err != nil {
		return err
	}
	if *partnerTZ, err = resolveZoneFlag(env, "--partner-tz", *partnerTZ); err != nil {
		return err
	}
	p := mentoring.Partnership{
		Title: *title, Link: *link,
		Rules: mentoring.GroundRules{Confidentiality: !*noUsual, PositiveTone: !*noUsual, NoTimeWasting: !*noUsual, Custom: rules},
	}
	if err := setPerson(&p.Me, "--me", *me, *meTZ, *meHours); err != nil {
		return err
	}
	if err := setPerson(&p.Partner, "--partner", *partner, *partnerTZ, *partnerHours); err != nil {
		return err
	}
	p.Me.Offers, p.Me.Wants = meOffers, meWants
	p.Partner.Offers, p.Partner.Wants = partnerOffers, partnerWants
	if p.From, err = optionalDate("--from", *from); err != nil {
		return err
	}
	if p.Until, err = optionalDate("--until", *until); err != nil {
		return err
	}
	// Validate before opening the database, so bad input never creates a file.
	p.Normalize()
	if err := p.Validate(); err != nil {
		return flagError(err)
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	id, err := s.CreatePartnership(env.Ctx, &p)
	if err != nil {
		return flagError(err)
	}
	fmt.Fprintln(env.Stdout, id)
	return nil
}

func setPerson(p *mentoring.Person, flagName, addr, zone, hours string) error {
	if strings.TrimSpace(addr) == "" {
		return usagef(`%s: required, as "Name <email>"`, flagName)
	}
	if !utf8.ValidString(addr) {
		return usagef("%s: contains invalid characters (not UTF-8)", flagName)
	}
	a, err := mail.ParseAddress(addr)
	if err != nil || strings.TrimSpace(a.Name) == "" {
		return usagef(`%s: %q is not "Name <email>"`, flagName, addr)
	}
	p.Name, p.Email, p.Zone = a.Name, a.Address, zone
	w, err := calendar.ParseWindow(hours)
	if err != nil {
		return usagef("%s-hours: %v", flagName, err)
	}
	p.Hours = w
	return nil
}

func optionalDate(flagName, s string) (calendar.Date, error) {
	if s == "" {
		return calendar.Date{}, nil
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return d, usagef("%s: %v", flagName, err)
	}
	return d, nil
}

func pairList(env *Env, args []string) error {
	fs := flag.NewFlagSet("pair list", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.ListPartnerships(env.Ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]summaryJSON, 0, len(list))
		for _, p := range list {
			out = append(out, summaryJSON{p.ID, p.Title, p.MeName, p.PartnerName, p.PartnerZone})
		}
		return writeJSON(env, out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tME\tPARTNER\tPARTNER ZONE")
	for _, p := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", p.ID, p.Title, p.MeName, p.PartnerName, p.PartnerZone)
	}
	return tw.Flush()
}

type summaryJSON struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	Me          string `json:"me"`
	Partner     string `json:"partner"`
	PartnerZone string `json:"partner_zone"`
}

type personJSON struct {
	Name   string   `json:"name"`
	Email  string   `json:"email"`
	Zone   string   `json:"zone"`
	Hours  string   `json:"hours"`
	Offers []string `json:"offers"`
	Wants  []string `json:"wants"`
}

type pairJSON struct {
	ID      int64      `json:"id"`
	Title   string     `json:"title"`
	Me      personJSON `json:"me"`
	Partner personJSON `json:"partner"`
	Rules   struct {
		Confidentiality bool     `json:"confidentiality"`
		PositiveTone    bool     `json:"positive_tone"`
		NoTimeWasting   bool     `json:"no_time_wasting"`
		Custom          []string `json:"custom"`
	} `json:"rules"`
	From  string `json:"from"`
	Until string `json:"until"`
	// Role is "organizer" (the user keeps the schedule) or "attendee" (joined from the partner's invite).
	Role string `json:"role"`
	Link string `json:"link"`
}

func toPersonJSON(p mentoring.Person) personJSON {
	return personJSON{p.Name, p.Email, p.Zone, p.Hours.String(), nonNil(p.Offers), nonNil(p.Wants)}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func idArg(cmd string, pos []string) (int64, error) {
	return oneID(cmd, "partnership ID", "(see `twoway pair list`)", pos)
}

// oneID reads the single positive ID a command takes.
func oneID(cmd, noun, hint string, pos []string) (int64, error) {
	if len(pos) != 1 {
		return 0, usagef("%s: want one %s %s", cmd, noun, hint)
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%s: %q is not a %s %s", cmd, pos[0], noun, hint)
	}
	return id, nil
}

func pairShow(env *Env, args []string) error {
	fs := flag.NewFlagSet("pair show", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := idArg("pair show", pos)
	if err != nil {
		return err
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	p, err := s.GetPartnership(env.Ctx, id)
	if err != nil {
		return err
	}
	if *asJSON {
		var out pairJSON
		out.ID, out.Title, out.Link = p.ID, p.Title, p.Link
		out.Me, out.Partner = toPersonJSON(p.Me), toPersonJSON(p.Partner)
		out.Rules.Confidentiality, out.Rules.PositiveTone, out.Rules.NoTimeWasting = p.Rules.Confidentiality, p.Rules.PositiveTone, p.Rules.NoTimeWasting
		out.Rules.Custom = nonNil(p.Rules.Custom)
		out.From, out.Until = p.From.String(), p.Until.String()
		out.Role = "organizer"
		if p.Role == mentoring.RoleAttendee {
			out.Role = "attendee"
		}
		return writeJSON(env, out)
	}
	w := env.Stdout
	fmt.Fprintf(w, "%s (#%d)\n", p.Title, p.ID)
	for _, side := range []struct {
		label string
		p     mentoring.Person
	}{{"Me", p.Me}, {"Partner", p.Partner}} {
		fmt.Fprintf(w, "%-8s %s, %s, comfortable %s\n", side.label+":", side.p.Address(), side.p.Zone, side.p.Hours)
		if len(side.p.Offers) > 0 {
			fmt.Fprintf(w, "         offers: %s\n", strings.Join(side.p.Offers, "; "))
		}
		if len(side.p.Wants) > 0 {
			fmt.Fprintf(w, "         wants:  %s\n", strings.Join(side.p.Wants, "; "))
		}
	}
	if rules := mailtext.Rules(p.Rules); len(rules) > 0 {
		fmt.Fprintf(w, "Rules:   %s\n", strings.Join(rules, "; "))
	}
	if !p.From.IsZero() || !p.Until.IsZero() {
		fmt.Fprintf(w, "Runs:    %s to %s\n", orDash(p.From.String()), orDash(p.Until.String()))
	}
	if p.Link != "" {
		fmt.Fprintf(w, "Link:    %s\n", p.Link)
	}
	if p.Role == mentoring.RoleAttendee {
		fmt.Fprintf(w, "Joined:  from %s's invite; %s keeps the schedule\n", mentoring.FirstName(p.Partner.Name), mentoring.FirstName(p.Partner.Name))
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func pairDelete(env *Env, args []string) error {
	fs := flag.NewFlagSet("pair delete", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := idArg("pair delete", pos)
	if err != nil {
		return err
	}
	return withStore(env, func(s *storage.Store) error { return s.DeletePartnership(env.Ctx, id) })
}

func writeJSON(env *Env, v any) error {
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	// Titles like "Ana & Ben" stay as written: the output is for scripts
	// and people, not for embedding in HTML.
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
