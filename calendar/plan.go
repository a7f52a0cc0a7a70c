package calendar

// Plan expands c in its anchor zone and checks every session against both
// partners' hours: what the Schedule screen and `twoway schedule show` list.
func Plan(c Cadence, me, partner Person) ([]Check, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	occs, err := c.Expand(c.AnchorZone(me.Zone, partner.Zone))
	if err != nil {
		return nil, err
	}
	return CheckSeries(occs, me, partner), nil
}
