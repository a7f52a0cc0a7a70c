package cli

import (
	"flag"
	"fmt"
	"math"

	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/report"
	"github.com/twoway-app/twoway/storage"
)

func init() {
	register("status", "", "how the pair is doing: sessions held or missed, who led how much: ID [--json]", statusCmd)
}

type statusJSON struct {
	Health      string `json:"health"`
	Warning     bool   `json:"warning"`
	Past        int    `json:"past"`
	Held        int    `json:"held"`
	Skipped     int    `json:"skipped"`
	Unlogged    int    `json:"unlogged"`
	Missed      int    `json:"missed"`
	Next        string `json:"next_utc"`
	Ends        string `json:"ends"`
	Ended       bool   `json:"ended"`
	OpenActions int    `json:"open_actions"`
	Reciprocity struct {
		MeMinutes       float64 `json:"me_minutes"`
		PartnerMinutes  float64 `json:"partner_minutes"`
		MeSessions      int     `json:"me_sessions"`
		PartnerSessions int     `json:"partner_sessions"`
		MeTopics        int     `json:"me_topics"`
		PartnerTopics   int     `json:"partner_topics"`
		MeDone          int     `json:"me_done"`
		PartnerDone     int     `json:"partner_done"`
		// MeShare is null until someone has led (JSON has no NaN).
		MeShare *float64 `json:"me_share"`
		OneWay  bool     `json:"one_way"`
		Hint    string   `json:"hint"`
	} `json:"reciprocity"`
}

func statusCmd(env *Env, args []string) error {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := idArg("status", pos)
	if err != nil {
		return err
	}
	return withStore(env, func(s *storage.Store) error {
		h, err := s.History(env.Ctx, id)
		if err != nil {
			return err
		}
		at := now()
		hl, r, open := h.Health(at), h.Reciprocity(), len(h.OpenActions())
		if *asJSON {
			var out statusJSON
			out.Health, out.Warning, out.Ended, out.OpenActions = report.HealthText(hl, mentoring.ZoneOrUTC(h.Partnership.Me.Zone)), hl.Warning, hl.Ended, open
			out.Past, out.Held, out.Skipped, out.Unlogged, out.Missed = hl.Past, hl.Held, hl.Skipped, hl.Unlogged, hl.Missed
			out.Next, out.Ends = utcOrEmpty(hl.Next), hl.Ends.String()
			rj := &out.Reciprocity
			rj.MeMinutes, rj.PartnerMinutes = math.Round(r.MeMinutes), math.Round(r.PartnerMinutes)
			rj.MeSessions, rj.PartnerSessions = r.MeSessions, r.PartnerSessions
			rj.MeTopics, rj.PartnerTopics, rj.MeDone, rj.PartnerDone = r.MeTopics, r.PartnerTopics, r.MeDone, r.PartnerDone
			if !math.IsNaN(r.MeShare) {
				share := math.Round(r.MeShare*1000) / 1000
				rj.MeShare = &share
			}
			rj.OneWay, rj.Hint = r.OneWay, report.HintText(h.Partnership, r)
			return writeJSON(env, out)
		}
		p := h.Partnership
		w := env.Stdout
		fmt.Fprintf(w, "%s (#%d)\n%s\n", p.Title, p.ID, report.HealthText(hl, mentoring.ZoneOrUTC(p.Me.Zone)))
		if !hl.Next.IsZero() {
			me, partner, err := p.People()
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "Next session: %s (%s for %s).\n", hl.Next.In(me.Zone).Format("Mon 2 Jan 2006 15:04 MST"),
				hl.Next.In(partner.Zone).Format("Mon 2 Jan 15:04 MST"), partner.Name)
		}
		if open > 0 {
			fmt.Fprintf(w, "Open action items: %d (see `twoway session actions %d --open`).\n", open, p.ID)
		}
		for _, side := range []struct {
			who          mentoring.Side
			mins         float64
			sessions     int
			topics, done int
		}{{mentoring.SideMe, r.MeMinutes, r.MeSessions, r.MeTopics, r.MeDone},
			{mentoring.SidePartner, r.PartnerMinutes, r.PartnerSessions, r.PartnerTopics, r.PartnerDone}} {
			fmt.Fprintf(w, "%s led %s in %s and teaches %s (%d done).\n", mailtext.SideName(p, side.who),
				report.CountNoun(int(math.Round(side.mins)), "minute"), report.CountNoun(side.sessions, "session"),
				report.CountNoun(side.topics, "topic"), side.done)
		}
		fmt.Fprintln(w, report.HintText(p, r))
		return nil
	})
}
