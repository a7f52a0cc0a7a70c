// Package imip delivers iCalendar scheduling messages by email, following
// RFC 6047 (iMIP, the iCalendar Message-Based Interoperability Protocol)
// for the iTIP methods of RFC 5546.
//
// Build turns iCalendar bytes produced elsewhere (package calendar/ics) into
// a MIME message that Gmail, Outlook, Apple Mail and Thunderbird recognise as
// an invitation: a text/calendar part whose method parameter equals the
// METHOD inside the object, next to a readable text/plain part, plus the same
// object attached as invite.ics for clients that only look at attachments.
//
// Send and TestConnection talk SMTP (RFC 5321) with go-smtp's client. They
// bound every network step by SMTPConfig.Timeout and by the context, so a
// silent server cannot freeze the application, and they classify failures
// into the sentinel errors below (ErrConnection, ErrTimeout, ErrTLS, ErrAuth,
// ErrRecipientRejected, ErrServer, ErrInsecure) so the user interface can
// say what to check. No error ever contains the password.
package imip
