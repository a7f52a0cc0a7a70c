// Package demo fills a new database with realistic demo partnerships: the
// eight handcrafted pairs the screenshots and documentation show, then as
// many generated ones as asked (the start-up and scale benchmarks use
// 1,000). Both front ends use it: `twoway demo --db FILE` and `twoway
// --demo`.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

// Bounds of `twoway demo --partnerships`. The upper one keeps a typo from
// filling the disk; 1,000 is what the start-up benchmark uses.
const (
	DefaultPartnerships = 8
	MaxPartnerships     = 100000
)

// Options says how much demo data to make. The first eight
// partnerships are always the same handcrafted ones, so screenshots and
// documentation stay stable; Seed picks the generated ones after them.
type Options struct {
	Partnerships int
	Seed         uint64
}

// Stats counts what a demo fill wrote, for the user and for tests.
type Stats struct {
	Partnerships, Scheduled, Sessions, Skipped, Moved, Agendas int
	Topics, Logged, Actions                                    int
}

// ErrNotEmpty is returned when the demo would be written into a database
// that already holds partnerships: demo pairs mixed into real ones could not
// be told apart afterwards, so there is deliberately no --force.
var ErrNotEmpty = errors.New("already holds partnerships; demo data only goes into a new database")

// NewDatabase writes a new database of demo partnerships at path. It
// refuses, changing nothing, a database that already holds partnerships
// (ErrNotEmpty).
//
// The partnerships are written into a scratch database in memory-backed
// /dev/shm when there is one, then copied to path in one step with
// Store.Backup: every write of the app's store waits for the disk
// (synchronous=FULL), and thousands of them take half a minute on a busy
// disk, a few seconds in memory. The copy is written beside path and renamed
// into place, so path never holds half a demo.
func NewDatabase(ctx context.Context, path string, opts Options) (Stats, error) {
	switch _, err := os.Stat(path); {
	case err == nil:
		if err := checkEmpty(ctx, path); err != nil {
			return Stats{}, err
		}
	case !errors.Is(err, os.ErrNotExist):
		return Stats{}, fmt.Errorf("demo: %w", err)
	}
	scratch, err := os.MkdirTemp("/dev/shm", "twoway-demo-")
	if err != nil { // not Linux, or no tmpfs there
		scratch, err = os.MkdirTemp("", "twoway-demo-")
	}
	if err != nil {
		return Stats{}, fmt.Errorf("demo: %w", err)
	}
	defer os.RemoveAll(scratch)
	s, err := storage.Open(ctx, filepath.Join(scratch, "demo.db"))
	if err != nil {
		return Stats{}, fmt.Errorf("demo: %w", err)
	}
	defer s.Close()
	st, err := Fill(ctx, s, opts)
	if err != nil {
		return st, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return st, fmt.Errorf("demo: %w", err)
	}
	if err := s.Backup(ctx, path); err != nil {
		return st, fmt.Errorf("demo: %w", err)
	}
	return st, nil
}

// checkEmpty refuses a database that holds partnerships, or a file that is
// not a Twoway database.
func checkEmpty(ctx context.Context, path string) error {
	s, err := storage.Open(ctx, path)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer s.Close()
	list, err := s.ListPartnerships(ctx)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if len(list) > 0 {
		return fmt.Errorf("demo: %s %w (it has %d): choose another --db", path, ErrNotEmpty, len(list))
	}
	return nil
}

// Fill writes opts.Partnerships demo partnerships into s through the
// same public API the app uses, so the demo exercises real validation,
// schedules and session exceptions. It is deterministic for a given
// Options, apart from the records' creation times.
func Fill(ctx context.Context, s *storage.Store, opts Options) (Stats, error) {
	var st Stats
	rng := rand.New(rand.NewPCG(opts.Seed, 0x7477_6f77_6465_6d6f)) // "twowdemo"
	for i := 0; i < opts.Partnerships; i++ {
		var plan demoPlan
		var history *rand.Rand
		if i < len(handcrafted) {
			// Their own stream, so the seed never changes them.
			plan, history = handcrafted[i], rand.New(rand.NewPCG(uint64(i), 0x68616e64)) // "hand"
		} else {
			plan = generatePlan(rng)
			history = rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64()))
		}
		if err := plan.write(ctx, s, history, &st); err != nil {
			return st, fmt.Errorf("demo partnership %d (%s): %w", i+1, plan.title, err)
		}
	}
	return st, nil
}

// demoPlan is one partnership to create, with how its series is shaped.
// The series' day and time are not written down: they are found with
// calendar.FindSlots, as a user of the Schedule screen would, so every
// demo series is comfortable for both partners.
type demoPlan struct {
	title       string
	me, partner mentoring.Person
	rules       []string
	from, until calendar.Date
	link        string

	// unit, interval, nth (monthly) and minutes shape the series; days are
	// the weekdays preferred (the first gets the best slot, the others reuse
	// its time); anchor is whose clock stays fixed. A zero unit leaves the
	// partnership unscheduled, as a freshly agreed pair is.
	unit     calendar.Unit
	interval int
	days     []time.Weekday
	nth      int
	minutes  int
	anchor   calendar.Anchor

	skip   []int // indexes of sessions that will not take place
	move   []int // indexes of sessions moved to the next day
	agenda string

	// rotate alternates who leads, partnerLeads first when set.
	rotate, partnerLeads bool
	// extraTopic is added to the topics seeded from the wants.
	extraTopic string
	// maxLogs bounds how many past sessions are logged (0: all).
	maxLogs int
}

func (d demoPlan) write(ctx context.Context, s *storage.Store, rng *rand.Rand, st *Stats) error {
	p := mentoring.Partnership{
		Title: d.title, Me: d.me, Partner: d.partner, From: d.from, Until: d.until, Link: d.link,
		Rules:      mentoring.GroundRules{Confidentiality: true, PositiveTone: true, NoTimeWasting: true, Custom: d.rules},
		RotateLead: d.rotate,
	}
	if d.partnerLeads {
		p.FirstLead = mentoring.SidePartner
	}
	var c calendar.Cadence
	if d.unit != "" {
		var err error
		c, err = d.cadence(p)
		if errors.Is(err, errNoSlot) {
			// Far-apart zones and office hours: these two agreed to stretch
			// their days, as real pairs do.
			p.Me.Hours, p.Partner.Hours = stretched, stretched
			c, err = d.cadence(p)
		}
		if errors.Is(err, errNoSlot) {
			d.unit = "" // still none: the pair is left to find a time
		} else if err != nil {
			return err
		}
	}
	id, err := s.CreatePartnership(ctx, &p)
	if err != nil {
		return err
	}
	st.Partnerships++
	if d.unit == "" {
		if d.agenda != "" {
			if err := s.SetAgenda(ctx, id, d.agenda); err != nil {
				return err
			}
			st.Agendas++
		}
		return nil
	}
	if err := s.SetSchedule(ctx, id, c); err != nil {
		return err
	}
	me, partner, err := p.People()
	if err != nil {
		return err
	}
	occs, err := c.Expand(c.AnchorZone(me.Zone, partner.Zone))
	if err != nil {
		return fmt.Errorf("expand schedule: %w", err)
	}
	st.Scheduled++
	st.Sessions += len(occs)
	used := map[int]bool{}
	for _, i := range d.skip {
		if i < len(occs) && !used[i] {
			used[i] = true
			if err := s.SkipSession(ctx, id, occs[i].Start); err != nil {
				return err
			}
			st.Skipped++
		}
	}
	for _, i := range d.move {
		if i < len(occs) && !used[i] {
			used[i] = true
			if err := s.MoveSession(ctx, id, occs[i].Start, occs[i].Start.AddDate(0, 0, 1)); err != nil {
				return err
			}
			st.Moved++
		}
	}
	return d.writeHistory(ctx, s, id, rng, st)
}

// errNoSlot means no weekly time fits inside both partners' hours.
var errNoSlot = errors.New("no time suits both partners")

// stretched are the hours a pair on opposite sides of the world agrees to
// when office hours never overlap.
var stretched = hours("07:00", "22:00")

// cadence picks the series' time with FindSlots: the best slot on the
// first preferred weekday that suits both partners every time, else the
// best slot overall.
func (d demoPlan) cadence(p mentoring.Partnership) (calendar.Cadence, error) {
	me, partner, err := p.People()
	if err != nil {
		return calendar.Cadence{}, err
	}
	c := calendar.Cadence{Unit: d.unit, Interval: d.interval, Nth: d.nth, Minutes: d.minutes,
		From: d.from, Until: d.until, Anchor: d.anchor}
	slots, err := calendar.FindSlots(me, partner, c, 0)
	if err != nil {
		return c, fmt.Errorf("find slots: %w", err)
	}
	if len(slots) == 0 {
		return c, errNoSlot
	}
	best := slots[0]
	for _, sl := range slots {
		if sl.Day == d.days[0] && sl.Fits == sl.Total {
			best = sl
			break
		}
	}
	c.At = best.At
	c.Days = []time.Weekday{best.Day}
	if d.unit == calendar.Weekly {
		for _, wd := range d.days[1:] {
			if wd != best.Day {
				c.Days = append(c.Days, wd)
			}
		}
	}
	return c, nil
}

func hours(from, to string) calendar.Window {
	w, err := calendar.ParseWindow(from + "-" + to)
	if err != nil {
		panic(err) // only literals below
	}
	return w
}

func date(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err) // only literals below
	}
	return d
}

// handcrafted are the first eight demo partnerships: reverse mentoring
// between an executive and a younger colleague on another continent.
var handcrafted = []demoPlan{
	{
		title: "Katharina & Jamal: leadership ⇄ TikTok",
		me: mentoring.Person{Name: "Katharina Vogel", Email: "katharina.vogel@northwind.example", Zone: "Europe/Berlin",
			Hours:  hours("08:00", "19:00"),
			Offers: []string{"Leading a team through change", "Presenting to the board", "Negotiating budgets and contracts"},
			Wants:  []string{"Short-form video: TikTok and Reels", "What Gen Z expects from a workplace"}},
		partner: mentoring.Person{Name: "Jamal Washington", Email: "jamal.washington@northwind.example", Zone: "America/New_York",
			Hours:  hours("09:00", "18:00"),
			Offers: []string{"Short-form video: TikTok and Reels", "Building an audience on LinkedIn", "What Gen Z expects from a workplace"},
			Wants:  []string{"Presenting to the board", "Career strategy and promotions"}},
		rules: []string{"Cameras on", "Either of us can reschedule with 48 hours' notice"},
		from:  date("2026-09-07"), until: date("2027-06-30"), link: "https://meet.jit.si/Twoway-k7q2mzx4rt5vbw3d",
		unit: calendar.Weekly, interval: 1, days: []time.Weekday{time.Monday, time.Thursday}, minutes: 45,
		skip: []int{30, 31}, move: []int{12},
		rotate: true, extraTopic: "Our goals for the programme",
		agenda: "1. Jamal's first board-style update: what to cut\n2. Katharina posts her first Reel (draft together)\n3. Actions for next week",
	},
	{
		title: "Eleanor & Liam: board presentations ⇄ AI tools",
		me: mentoring.Person{Name: "Eleanor Whitfield", Email: "eleanor.whitfield@globex.example", Zone: "Europe/London",
			Hours:  hours("07:00", "19:00"),
			Offers: []string{"Presenting to the board", "Reading a P&L", "Managing up and stakeholder politics"},
			Wants:  []string{"Using AI assistants day to day", "Prompting AI tools for research"}},
		partner: mentoring.Person{Name: "Liam Nguyen", Email: "liam.nguyen@globex.example", Zone: "Australia/Sydney",
			Hours:  hours("07:00", "21:00"),
			Offers: []string{"Using AI assistants day to day", "Prompting AI tools for research", "Data dashboards without a data team"},
			Wants:  []string{"Presenting to the board", "Managing up and stakeholder politics"}},
		rules: []string{"Send the agenda the day before"},
		from:  date("2026-10-05"), until: date("2027-09-30"), link: "https://meet.jit.si/Twoway-3fp9wd2lx8ncqa7h",
		unit: calendar.Weekly, interval: 2, days: []time.Weekday{time.Tuesday}, minutes: 60,
		skip: []int{6}, move: []int{3},
		rotate: true, partnerLeads: true,
		agenda: "1. Liam demos three AI prompts for market research\n2. Eleanor: how a board paper is structured\n3. Pick next month's reading",
	},
	{
		title: "Rajesh & Sofía: career strategy ⇄ Instagram",
		me: mentoring.Person{Name: "Rajesh Iyer", Email: "rajesh.iyer@kestrel.example", Zone: "Asia/Kolkata",
			Hours:  hours("07:00", "22:30"),
			Offers: []string{"Career strategy and promotions", "Hiring and building a team", "Public speaking"},
			Wants:  []string{"Instagram for a personal brand", "How younger customers discover brands"}},
		partner: mentoring.Person{Name: "Sofía Ramírez", Email: "sofia.ramirez@kestrel.example", Zone: "America/Los_Angeles",
			Hours:  hours("07:00", "20:00"),
			Offers: []string{"Instagram for a personal brand", "How younger customers discover brands", "Remote collaboration tools (Slack, Notion, Miro)"},
			Wants:  []string{"Career strategy and promotions", "Public speaking"}},
		rules: []string{"Questions are never stupid"},
		from:  date("2026-03-02"), until: date("2027-02-26"), link: "https://meet.jit.si/Twoway-r2m8vz5hq1tk9xe4",
		unit: calendar.Monthly, interval: 1, nth: 2, days: []time.Weekday{time.Wednesday}, minutes: 60,
		skip: []int{9},
	},
	{
		title: "Beatriz & Haruto: social media ⇄ negotiation",
		me: mentoring.Person{Name: "Beatriz Costa", Email: "beatriz.costa@meridian.example", Zone: "America/Sao_Paulo",
			Hours:  hours("08:00", "21:30"),
			Offers: []string{"Building an audience on LinkedIn", "Short-form video: TikTok and Reels", "Discord communities"},
			Wants:  []string{"Negotiating budgets and contracts", "Giving hard feedback"}},
		partner: mentoring.Person{Name: "Haruto Sato", Email: "haruto.sato@meridian.example", Zone: "Asia/Tokyo",
			Hours:  hours("07:00", "23:00"),
			Offers: []string{"Negotiating budgets and contracts", "Giving hard feedback", "Running effective meetings"},
			Wants:  []string{"Building an audience on LinkedIn", "Short-form video: TikTok and Reels"}},
		rules: []string{"Reverse roles halfway through each session", "End five minutes early to note actions"},
		from:  date("2026-05-04"), until: date("2027-04-30"), link: "https://meet.jit.si/Twoway-x5b1nc8rk3pw6dzq",
		unit: calendar.Weekly, interval: 1, days: []time.Weekday{time.Thursday}, minutes: 60, anchor: calendar.AnchorPartner,
		skip: []int{33, 34}, move: []int{8, 20},
		rotate: true, extraTopic: "Working across time zones",
		agenda: "1. Role-play: Beatriz negotiates a vendor contract\n2. Haruto's LinkedIn post: feedback on the draft\n3. Agree a posting rhythm",
	},
	{
		title: "Wanjiru & Margaret: AI tools ⇄ managing up",
		me: mentoring.Person{Name: "Wanjiru Kamau", Email: "wanjiru.kamau@tidewater.example", Zone: "Africa/Nairobi",
			Hours:  hours("08:00", "20:00"),
			Offers: []string{"Using AI assistants day to day", "Data dashboards without a data team", "What Gen Z expects from a workplace"},
			Wants:  []string{"Managing up and stakeholder politics", "Building a professional network"}},
		partner: mentoring.Person{Name: "Margaret O'Brien", Email: "margaret.obrien@tidewater.example", Zone: "America/Toronto",
			Hours:  hours("07:30", "17:30"),
			Offers: []string{"Managing up and stakeholder politics", "Building a professional network", "Handling a crisis calmly"},
			Wants:  []string{"Using AI assistants day to day", "What Gen Z expects from a workplace"}},
		from: date("2026-01-12"), until: date("2026-12-18"), link: "https://meet.jit.si/Twoway-p4h7tg2ma9vc1ynl",
		unit: calendar.Weekly, interval: 2, days: []time.Weekday{time.Wednesday}, minutes: 60,
		skip: []int{11}, move: []int{5},
		rotate: true,
	},
	{
		title: "Mehmet & Valentina: hiring ⇄ hybrid work",
		me: mentoring.Person{Name: "Mehmet Yılmaz", Email: "mehmet.yilmaz@aurora-bank.example", Zone: "Europe/Istanbul",
			Hours:  hours("08:30", "20:00"),
			Offers: []string{"Hiring and building a team", "Reading a P&L", "Handling a crisis calmly"},
			Wants:  []string{"Hybrid work norms", "Remote collaboration tools (Slack, Notion, Miro)"}},
		partner: mentoring.Person{Name: "Valentina Herrera", Email: "valentina.herrera@aurora-bank.example", Zone: "America/Mexico_City",
			Hours:  hours("07:00", "17:00"),
			Offers: []string{"Hybrid work norms", "Remote collaboration tools (Slack, Notion, Miro)", "Podcasting and newsletters"},
			Wants:  []string{"Hiring and building a team", "Career strategy and promotions"}},
		rules: []string{"Share one article or video each week"},
		from:  date("2026-02-02"), until: date("2027-01-29"), link: "https://meet.jit.si/Twoway-c8n2vq6xj4rk0bst",
		unit: calendar.Monthly, interval: 1, nth: calendar.LastOfMonth, days: []time.Weekday{time.Friday}, minutes: 90,
		agenda:     "1. Valentina's team charter for hybrid days\n2. Mehmet: the three interview questions he always asks",
		extraTopic: "Feedback on how we work together",
	},
	{
		title: "Oluwaseun & Wei Ling: newsletters ⇄ public speaking",
		me: mentoring.Person{Name: "Oluwaseun Adeyemi", Email: "oluwaseun.adeyemi@lumen-health.example", Zone: "Africa/Lagos",
			Hours:  hours("08:00", "20:00"),
			Offers: []string{"Podcasting and newsletters", "Discord communities", "How younger customers discover brands"},
			Wants:  []string{"Public speaking", "Presenting to the board"}},
		partner: mentoring.Person{Name: "Wei Ling Tan", Email: "weiling.tan@lumen-health.example", Zone: "Asia/Singapore",
			Hours:  hours("08:00", "19:00"),
			Offers: []string{"Public speaking", "Presenting to the board", "Running effective meetings"},
			Wants:  []string{"Podcasting and newsletters", "How younger customers discover brands"}},
		rules: []string{"No phones during the call"},
		from:  date("2026-06-01"), until: date("2027-05-28"), link: "https://meet.jit.si/Twoway-m1z6kd9pf2wh5rxa",
		unit: calendar.Weekly, interval: 1, days: []time.Weekday{time.Tuesday}, minutes: 45,
		skip: []int{29}, move: []int{15},
		rotate: true, partnerLeads: true,
	},
	{
		title: "Fatima & Connor: crisis leadership ⇄ Discord",
		me: mentoring.Person{Name: "Fatima Al Hashimi", Email: "fatima.alhashimi@orbital.example", Zone: "Asia/Dubai",
			Hours:  hours("08:00", "18:00"),
			Offers: []string{"Handling a crisis calmly", "Negotiating budgets and contracts", "Building a professional network"},
			Wants:  []string{"Discord communities", "Short-form video: TikTok and Reels"}},
		partner: mentoring.Person{Name: "Connor Murphy", Email: "connor.murphy@orbital.example", Zone: "Europe/Dublin",
			Hours:  hours("09:00", "18:00"),
			Offers: []string{"Discord communities", "Short-form video: TikTok and Reels"},
			Wants:  []string{"Handling a crisis calmly", "Negotiating budgets and contracts"}},
		from: date("2027-01-11"), until: date("2027-12-17"),
		link: "https://meet.jit.si/Twoway-t9w3sx7ge5qm2ckv",
		// Not scheduled yet: the pair has just been matched.
	},
}

// culture is a pool of names that go together, with the zones where such a
// person might live. region groups zones by continent (the IANA prefix,
// with Pacific counted as Australia), so a pair is never neighbours.
type culture struct {
	region         string
	zones          []string
	given, surname []string
}

var cultures = []culture{
	{"Europe", []string{"Europe/Berlin", "Europe/Vienna", "Europe/Zurich"},
		[]string{"Jonas", "Lena", "Felix", "Anke", "Matthias", "Sabine", "Lukas", "Jürgen", "Mareike"},
		[]string{"Müller", "Schmidt", "Becker", "Hoffmann", "Wagner", "Krüger", "Brandt", "Lehmann", "Seidel"}},
	{"Europe", []string{"Europe/London"},
		[]string{"Oliver", "Amelia", "Harry", "Charlotte", "George", "Imogen", "Rory", "Freya"},
		[]string{"Clarke", "Hughes", "Thompson", "Ashworth", "Bennett", "Fletcher", "Patel", "Osei"}},
	{"Europe", []string{"Europe/Dublin"},
		[]string{"Aoife", "Cian", "Siobhán", "Darragh", "Niamh", "Eoin"},
		[]string{"Kelly", "Byrne", "O'Sullivan", "Walsh", "Ó Briain", "Doyle"}},
	{"Europe", []string{"Europe/Paris"},
		[]string{"Chloé", "Théo", "Camille", "Hugo", "Léa", "Mathis", "Élodie", "Antoine"},
		[]string{"Martin", "Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine"}},
	{"Europe", []string{"Europe/Madrid"},
		[]string{"Lucía", "Alejandro", "Carmen", "Javier", "Marta", "Pablo"},
		[]string{"García", "Fernández", "López", "Martínez", "Sánchez", "Ortega"}},
	{"Europe", []string{"Europe/Warsaw"},
		[]string{"Zofia", "Jakub", "Agnieszka", "Piotr", "Małgorzata", "Kacper"},
		[]string{"Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Zając"}},
	{"Europe", []string{"Europe/Stockholm"},
		[]string{"Astrid", "Erik", "Linnea", "Oskar", "Maja", "Nils"},
		[]string{"Lindqvist", "Andersson", "Berg", "Johansson", "Sjöberg", "Ekström"}},
	{"Europe", []string{"Europe/Istanbul"},
		[]string{"Elif", "Emre", "Zeynep", "Burak", "Ayşe", "Kerem"},
		[]string{"Demir", "Şahin", "Çelik", "Aydın", "Öztürk", "Kaya"}},
	{"America", []string{"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"},
		[]string{"Emily", "Tyler", "Madison", "Marcus", "Hannah", "DeShawn", "Brooke", "Jordan"},
		[]string{"Johnson", "Miller", "Brooks", "Carter", "Reed", "Hayes", "Nguyen", "Rivera"}},
	{"America", []string{"America/Toronto", "America/Vancouver"},
		[]string{"Liam", "Ethan", "Avery", "Noah", "Isabelle", "Mathieu"},
		[]string{"Tremblay", "Gagnon", "MacDonald", "Campbell", "Roy", "Leblanc"}},
	{"America", []string{"America/Mexico_City"},
		[]string{"Diego", "Ximena", "Santiago", "Guadalupe", "Emiliano", "Renata"},
		[]string{"Hernández", "Castillo", "Flores", "Vázquez", "Morales", "Ruiz"}},
	{"America", []string{"America/Sao_Paulo"},
		[]string{"João", "Larissa", "Gustavo", "Camila", "Thiago", "Fernanda"},
		[]string{"Silva", "Oliveira", "Souza", "Pereira", "Carvalho", "Araújo"}},
	{"America", []string{"America/Argentina/Buenos_Aires"},
		[]string{"Martina", "Facundo", "Florencia", "Joaquín", "Agustina", "Tomás"},
		[]string{"González", "Rodríguez", "Romero", "Sosa", "Benítez", "Acosta"}},
	{"Africa", []string{"Africa/Nairobi"},
		[]string{"Otieno", "Achieng", "Njeri", "Kiprop", "Wambui", "Baraka"},
		[]string{"Mwangi", "Odhiambo", "Wekesa", "Chebet", "Njoroge", "Kamau"}},
	{"Africa", []string{"Africa/Lagos"},
		[]string{"Chiamaka", "Emeka", "Folake", "Tunde", "Ngozi", "Ifeoma"},
		[]string{"Okafor", "Balogun", "Eze", "Nwosu", "Adebayo", "Okonkwo"}},
	{"Africa", []string{"Africa/Johannesburg"},
		[]string{"Thandiwe", "Sipho", "Lerato", "Pieter", "Naledi", "Bongani"},
		[]string{"Dlamini", "Nkosi", "van der Merwe", "Mokoena", "Botha", "Khumalo"}},
	{"Africa", []string{"Africa/Cairo"},
		[]string{"Nour", "Omar", "Mariam", "Youssef", "Salma", "Karim"},
		[]string{"Hassan", "El-Sayed", "Mansour", "Farouk", "Abdelrahman", "Naguib"}},
	{"Asia", []string{"Asia/Kolkata"},
		[]string{"Priya", "Arjun", "Ananya", "Vikram", "Kavya", "Rohan", "Meera"},
		[]string{"Sharma", "Reddy", "Nair", "Gupta", "Menon", "Bose", "Kulkarni"}},
	{"Asia", []string{"Asia/Tokyo"},
		[]string{"Yui", "Sota", "Aoi", "Ren", "Hina", "Kenji", "Sakura"},
		[]string{"Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Nakamura"}},
	{"Asia", []string{"Asia/Seoul"},
		[]string{"Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yun", "Su-bin"},
		[]string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang"}},
	{"Asia", []string{"Asia/Shanghai", "Asia/Singapore"},
		[]string{"Wei", "Xinyi", "Hao", "Mei", "Jun", "Yan"},
		[]string{"Wang", "Li", "Zhang", "Chen", "Liu", "Tan"}},
	{"Asia", []string{"Asia/Ho_Chi_Minh"},
		[]string{"Linh", "Minh", "Trang", "Huy", "Thảo", "Quang"},
		[]string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"}},
	{"Asia", []string{"Asia/Dubai"},
		[]string{"Ahmed", "Layla", "Khalid", "Mariam", "Rashid", "Noura"},
		[]string{"Al Mansouri", "Al Nuaimi", "Haddad", "Khoury", "Al Suwaidi"}},
	{"Asia", []string{"Asia/Jakarta"},
		[]string{"Putri", "Budi", "Sari", "Agus", "Dewi", "Rizky"},
		[]string{"Santoso", "Wijaya", "Pratama", "Hidayat", "Kusuma", "Saputra"}},
	{"Asia", []string{"Asia/Manila"},
		[]string{"Andrea", "Miguel", "Bea", "Paolo", "Kristine", "Joshua"},
		[]string{"Santos", "Reyes", "Cruz", "Bautista", "Villanueva", "Mendoza"}},
	{"Australia", []string{"Australia/Sydney", "Australia/Melbourne", "Australia/Perth", "Australia/Brisbane"},
		[]string{"Olivia", "Jack", "Isla", "Lachlan", "Matilda", "Cooper"},
		[]string{"Smith", "Mitchell", "Walker", "Harris", "Papadopoulos", "Wu"}},
	{"Australia", []string{"Pacific/Auckland"},
		[]string{"Aroha", "Tama", "Ruby", "Nikau", "Mia", "Hemi"},
		[]string{"Ngata", "Parata", "Wilson", "Taylor", "Te Huia", "Walker"}},
}

// skill is something one side teaches, with the short label a title uses.
type skill struct{ text, label string }

// What executives teach and what their younger partners teach: reverse
// mentoring, where each side is expert in what the other lacks.
var (
	seniorSkills = []skill{
		{"Leading a team through change", "leadership"},
		{"Negotiating budgets and contracts", "negotiation"},
		{"Presenting to the board", "board presentations"},
		{"Career strategy and promotions", "career strategy"},
		{"Managing up and stakeholder politics", "managing up"},
		{"Running effective meetings", "meetings"},
		{"Giving hard feedback", "feedback"},
		{"Hiring and building a team", "hiring"},
		{"Reading a P&L", "finance"},
		{"Public speaking", "public speaking"},
		{"Building a professional network", "networking"},
		{"Handling a crisis calmly", "crisis leadership"},
	}
	juniorSkills = []skill{
		{"Short-form video: TikTok and Reels", "TikTok"},
		{"Building an audience on LinkedIn", "LinkedIn"},
		{"Using AI assistants day to day", "AI tools"},
		{"What Gen Z expects from a workplace", "Gen Z at work"},
		{"Instagram for a personal brand", "Instagram"},
		{"Prompting AI tools for research", "AI research"},
		{"Remote collaboration tools (Slack, Notion, Miro)", "collaboration tools"},
		{"Podcasting and newsletters", "newsletters"},
		{"How younger customers discover brands", "young customers"},
		{"Hybrid work norms", "hybrid work"},
		{"Discord communities", "Discord"},
		{"Data dashboards without a data team", "dashboards"},
	}
	customRules = []string{
		"Cameras on",
		"Either of us can reschedule with 48 hours' notice",
		"Reverse roles halfway through each session",
		"Send the agenda the day before",
		"No phones during the call",
		"Questions are never stupid",
		"Share one article or video each week",
		"End five minutes early to note actions",
	}
	// Agendas name the executive ({S}), the younger partner ({J}) and what
	// each teaches ({s}, {j}).
	agendas = []string{
		"1. {J} shows a first try at {s}\n2. {S}: a week of {j}, what worked\n3. Actions for next time",
		"1. Check-in: one win, one worry each\n2. {s}: {S}'s three rules of thumb\n3. {j}: {J} sets {S} a small exercise",
		"1. Review last session's actions\n2. {S} practises {j} live, {J} coaches\n3. {J}'s question about {s}",
		"1. {S}: a story about {s} that went wrong\n2. {J}: the {j} tools worth ten minutes a day\n3. Agree the next topic",
		"1. Mid-programme review: are we on track?\n2. {s} role-play\n3. {j} homework",
	}
	companies = []string{"northwind.example", "globex.example", "kestrel.example", "meridian.example",
		"tidewater.example", "aurora-bank.example", "lumen-health.example", "orbital.example",
		"bluepeak.example", "harbourline.example", "quanta-foods.example", "silverleaf.example"}
	comfortable = []calendar.Window{hours("07:00", "19:00"), hours("08:00", "18:00"), hours("08:00", "20:00"),
		hours("07:00", "21:00"), hours("09:00", "17:30"), hours("06:30", "16:00"), hours("10:00", "22:00")}
	sessionMinutes = []int{30, 45, 60, 60, 60, 90}
)

// generatePlan makes one more partnership from the pools: an executive and
// a younger colleague of the same company on different continents.
func generatePlan(rng *rand.Rand) demoPlan {
	pick := func(n int) int { return rng.IntN(n) }
	senior := cultures[pick(len(cultures))]
	junior := cultures[pick(len(cultures))]
	for junior.region == senior.region {
		junior = cultures[pick(len(cultures))]
	}
	domain := companies[pick(len(companies))]
	person := func(c culture) mentoring.Person {
		given, surname := c.given[pick(len(c.given))], c.surname[pick(len(c.surname))]
		return mentoring.Person{Name: given + " " + surname, Zone: c.zones[pick(len(c.zones))],
			Email: emailLocal(given) + "." + emailLocal(surname) + "@" + domain,
			Hours: comfortable[pick(len(comfortable))]}
	}
	s, j := person(senior), person(junior)
	sSkills := pickSkills(rng, seniorSkills, 2+pick(2))
	jSkills := pickSkills(rng, juniorSkills, 2+pick(2))
	// Each offers its own skills and wants (most of) the other's.
	s.Offers, j.Offers = texts(sSkills), texts(jSkills)
	s.Wants, j.Wants = texts(jSkills[:2]), texts(sSkills[:2])

	d := demoPlan{me: s, partner: j}
	meSkill, partnerSkill := sSkills[0].label, jSkills[0].label
	if rng.IntN(2) == 0 { // the younger partner organises half the time
		d.me, d.partner = j, s
		meSkill, partnerSkill = partnerSkill, meSkill
	}
	d.title = fmt.Sprintf("%s & %s: %s ⇄ %s", mentoring.FirstName(d.me.Name), mentoring.FirstName(d.partner.Name), meSkill, partnerSkill)
	for _, i := range rng.Perm(len(customRules))[:pick(3)] {
		d.rules = append(d.rules, customRules[i])
	}
	d.from = date("2026-01-05").AddDays(7*pick(52) + pick(5))
	months := []int{6, 9, 12}[pick(3)]
	d.until = d.from.AddDays(months*365/12 - 1)
	d.link = "https://meet.jit.si/Twoway-" + token(rng, 16)

	d.minutes = sessionMinutes[pick(len(sessionMinutes))]
	d.days = []time.Weekday{time.Weekday(1 + pick(5))}
	d.interval = 1
	switch r := pick(20); {
	case r == 0: // just matched, no schedule yet
	case r < 8:
		d.unit = calendar.Weekly
		if r == 1 {
			d.days = append(d.days, time.Weekday(1+(int(d.days[0])+1)%5))
		}
	case r < 14:
		d.unit, d.interval = calendar.Weekly, 2
	default:
		d.unit, d.nth = calendar.Monthly, []int{1, 2, 3, calendar.LastOfMonth}[pick(4)]
	}
	if pick(5) == 0 {
		d.anchor = calendar.AnchorPartner
	}
	for range pick(3) {
		d.skip = append(d.skip, pick(12))
	}
	if pick(3) == 0 {
		d.move = append(d.move, pick(12))
	}
	d.rotate, d.partnerLeads = pick(10) < 7, pick(2) == 0
	if pick(3) == 0 {
		d.extraTopic = extraTopics[pick(len(extraTopics))]
	}
	d.maxLogs = maxGeneratedLogs
	if pick(10) < 7 {
		r := strings.NewReplacer("{S}", mentoring.FirstName(s.Name), "{J}", mentoring.FirstName(j.Name), "{s}", sSkills[0].label, "{j}", jSkills[0].label)
		d.agenda = r.Replace(agendas[pick(len(agendas))])
	}
	return d
}

func pickSkills(rng *rand.Rand, pool []skill, n int) []skill {
	out := make([]skill, n)
	for i, k := range rng.Perm(len(pool))[:n] {
		out[i] = pool[k]
	}
	return out
}

func texts(ks []skill) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.text
	}
	return out
}

const tokenChars = "abcdefghijklmnopqrstuvwxyz0123456789"

// token makes the unguessable part of a Jitsi room name: anyone who knows a
// room's name can join it.
func token(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = tokenChars[rng.IntN(len(tokenChars))]
	}
	return string(b)
}

// foldGroups lists, for each ASCII letter, the accented letters of the
// pools' names that people write as that letter in an email address.
var foldGroups = map[rune]string{
	'a': "áàâäãåāăąạảấầẩẫậắằẳẵặ", 'c': "çć", 'd': "đ", 'e': "éèêëēęẹẻẽếềểễệ", 'g': "ğ",
	'i': "íìîïıĩịỉ", 'l': "ł", 'n': "ñń", 'o': "óòôöõøōơọỏốồổỗộớờởỡợ", 's': "şśš",
	'u': "úùûüũūưụủứừửữự", 'y': "ýỳỷỹỵ", 'z': "źżž",
}

var asciiFold = func() map[rune]rune {
	m := map[rune]rune{}
	for base, accented := range foldGroups {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

// emailLocal turns a name into an address part: "Nguyễn" is "nguyen",
// "Ó Briain" is "obriain", "El-Sayed" is "el-sayed".
func emailLocal(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if base, ok := asciiFold[r]; ok {
			r = base
		}
		if r == 'ß' {
			b.WriteString("ss")
		} else if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Handcrafted is how many partnerships every demo starts with, the same
// whatever the seed.
func Handcrafted() int { return len(handcrafted) }
