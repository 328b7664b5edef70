package agenda

import (
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"bob/model"
	"bob/termsafe"
)

// ProductID names bob in the calendar files it writes.
const ProductID = "-//bob//book of business//EN"

// UID is the stable identifier of an item's calendar event: the same
// renewal or step gets the same UID in every file, so importing a newer
// file updates the event instead of adding a second one.
func UID(kind, id string) string { return kind + "-" + id + "@bob" }

// WriteICS writes the agenda's renewals and due steps, tasks and
// commitments (overdue ones included) as an iCalendar file: one all-day
// VEVENT per item on its day. Events, not VTODOs, because every calendar
// program shows events and some ignore to-dos. stamp is the DTSTAMP of
// every event (when the file was made).
func WriteICS(w io.Writer, ag model.Agenda, stamp time.Time) error {
	cal := ics.NewCalendar()
	cal.SetProductId(ProductID)
	cal.SetMethod(ics.MethodPublish)
	cal.SetName("bob: what is due")
	stamp = stamp.UTC()
	add := func(uid string, day model.Date, summary, description string) {
		e := cal.AddEvent(uid)
		e.SetDtStampTime(stamp)
		e.SetAllDayStartAt(day.Time())
		e.SetAllDayEndAt(day.AddDays(1).Time())
		e.SetSummary(summary)
		e.SetDescription(description)
		e.SetTimeTransparency(ics.TransparencyTransparent)
	}
	for _, r := range ag.Renewals {
		desc := fmt.Sprintf("%s renews on %s.\nHealth: %s. ARR: %s.\n%s; %s.", r.Account, r.Renewal,
			OrDash(string(r.Health)), OrDash(r.ARR.String()), yesNo("active success plan", r.ActivePlan),
			yesNo("renewal checklist", r.RenewalChecklist))
		add(UID("renewal", r.AccountID), r.Renewal, "Renewal: "+r.Account, desc)
	}
	// Objectives are goals, not a day's work: they stay out.
	for _, items := range [][]model.AgendaDue{ag.Overdue, ag.DueToday, ag.Coming} {
		for _, it := range items {
			desc := fmt.Sprintf("%s of %s", it.Kind, it.Account)
			if it.Parent != "" {
				desc += ", in " + it.Parent
			}
			if it.Who != "" {
				desc += ", " + Who(it.DueItem) + " " + it.Who
			}
			desc += fmt.Sprintf(".\nState: %s. ID: %s.", it.State, it.ID)
			add(UID(string(it.Kind), it.ID), it.Due, it.Account+": "+it.Title, desc)
		}
	}
	var buf strings.Builder
	if err := cal.SerializeTo(&buf, ics.WithNewLineWindows); err != nil {
		return fmt.Errorf("write the calendar: %w", err)
	}
	_, err := io.WriteString(w, termsafe.CRLFLines(buf.String()))
	return err
}
