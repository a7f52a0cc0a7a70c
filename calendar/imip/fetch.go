package imip

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset" // registers charsets beyond UTF-8 for go-message
)

// Keywords Fetch sets on the messages it has dealt with (RFC 3501 keywords:
// invisible in most mail clients, kept by the server, shared by every
// device reading the mailbox). A message with either is never fetched again;
// removing the keyword in a mail client makes Twoway read it once more.
const (
	// ImportedKeyword marks a message whose calendar parts the handler
	// accepted.
	ImportedKeyword = "$TwowayImported"
	// IgnoredKeyword marks a message that the server's search found but
	// that has nothing to import: no text/calendar or .ics part, only
	// methods other than those Fetch hands on, calendar parts without
	// METHOD or over 1 MiB, or a message over 32 MiB (not downloaded).
	// Without it, such a message (say, one that merely mentions
	// "METHOD:REPLY" in its text) would be downloaded again on every Fetch.
	IgnoredKeyword = "$TwowayIgnored"
)

// fetchedMethods are the iTIP methods Fetch hands to its handler: the
// answers an organizer receives (REPLY, COUNTER), shared records (PUBLISH)
// and, from Twoway only, the organizer's invitations and cancellations
// (REQUEST, CANCEL) the partner receives.
var fetchedMethods = map[string]bool{MethodReply: true, MethodCounter: true, MethodPublish: true,
	MethodRequest: true, MethodCancel: true}

// twowayProdID starts the PRODID Twoway writes (calendar/ics.ProdID):
// REQUEST and CANCEL are searched with it, so that the meeting invitations
// of other calendars in the mailbox are never downloaded.
const twowayProdID = "PRODID:-//Twoway//"

// maxCalendarSize matches calendar/ics's input limit; larger parts are not
// handed on. maxMessageSize keeps Fetch from downloading huge messages that
// happen to mention a method (a calendar reply is a few kilobytes).
const (
	maxCalendarSize = 1 << 20
	maxMessageSize  = 32 << 20
)

// More sentinel errors, for the incoming side. Errors of Fetch, TestIMAP
// and Idle are *Error values like Send's: errors.Is(err, ErrAuth),
// ErrConnection, ErrTimeout, ErrTLS, ErrInsecure and ErrServer work the same
// for SMTP and IMAP. Kind is then ErrAuth or ErrConnection itself, or, for
// the others, an IMAP-worded variant (ports 993/143 rather than 465/587)
// that errors.Is matches to the sentinel.
var (
	// ErrMailbox: the configured mailbox (folder) does not exist or cannot
	// be opened.
	ErrMailbox = errors.New("imip: the mail folder was not found on the incoming mail server; check its name (usually INBOX)")
	// ErrNoKeywords: the mailbox does not keep custom keywords, so Fetch
	// could not remember what it imported. Fetch checks the mailbox's
	// PERMANENTFLAGS before handing anything on; a server that accepts the
	// keyword but drops it is caught at the first message.
	ErrNoKeywords = errors.New("imip: the incoming mail server cannot mark messages with keywords, so Twoway cannot remember which replies it has read; choose another folder or mail account")
	// ErrNoIdle: the server does not offer IDLE (RFC 2177); poll with Fetch
	// instead.
	ErrNoIdle = errors.New("imip: the incoming mail server does not support IDLE (push); check for new mail at intervals instead")
)

// imapKind is a sentinel error worded for IMAP that errors.Is matches to
// the shared one (base).
type imapKind struct {
	msg  string
	base error
}

func (k *imapKind) Error() string        { return k.msg }
func (k *imapKind) Is(target error) bool { return target == k.base }

var (
	errIMAPInsecure = &imapKind{"imip: unencrypted IMAP is only allowed to this computer (localhost); choose SSL/TLS or STARTTLS", ErrInsecure}
	errIMAPTimeout  = &imapKind{"imip: the incoming mail server did not answer in time; check the port and security setting (993 is SSL/TLS, 143 is STARTTLS) and your network", ErrTimeout}
	errIMAPTLS      = &imapKind{"imip: secure connection to the incoming mail server failed; check the security setting (993 is SSL/TLS, 143 is STARTTLS) and the server's certificate", ErrTLS}
	errIMAPServer   = &imapKind{"imip: the incoming mail server refused a request; try again later", ErrServer}
)

// IMAPConfig describes the user's incoming mail server (IMAP4rev1, RFC
// 3501, or IMAP4rev2, RFC 9051).
type IMAPConfig struct {
	Host string
	Port int
	// Security is ImplicitTLS (usually port 993), StartTLS (usually 143;
	// a server without STARTTLS is an error) or Plain (this computer only).
	// The zero value is ImplicitTLS.
	Security Security
	// Username and Password are sent with LOGIN; an empty Username is an
	// error (IMAP has no anonymous access to a personal mailbox).
	Username, Password string
	// Mailbox is the folder to read; "" means INBOX.
	Mailbox string
	// Since limits Fetch to messages that arrived on or after this day
	// (IMAP SINCE: the server's date of arrival, day granularity, time and
	// zone ignored); zero means every message. Use it so that a first
	// Fetch on an old mailbox does not read years of replies.
	Since time.Time
	// Timeout bounds the connection and every command separately (not the
	// whole session, and not the wait for news in Idle); 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// TLSConfig overrides the TLS settings. ServerName defaults to Host.
	TLSConfig *tls.Config
}

func (cfg IMAPConfig) addr() string { return net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)) }

func (cfg IMAPConfig) timeout() time.Duration {
	if cfg.Timeout > 0 {
		return cfg.Timeout
	}
	return DefaultTimeout
}

func (cfg IMAPConfig) mailbox() string {
	if cfg.Mailbox == "" {
		return "INBOX"
	}
	return cfg.Mailbox
}

func (cfg IMAPConfig) tlsConfig() *tls.Config {
	c := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.TLSConfig != nil {
		c = cfg.TLSConfig.Clone()
	}
	if c.ServerName == "" {
		c.ServerName = cfg.Host
	}
	return c
}

func (cfg IMAPConfig) validate() error {
	if cfg.Host == "" {
		return errors.New("imip: no IMAP server name configured")
	}
	if cfg.Port <= 0 || cfg.Port > 65535 {
		return fmt.Errorf("imip: invalid IMAP port %d", cfg.Port)
	}
	if cfg.Username == "" {
		return errors.New("imip: no IMAP user name configured")
	}
	switch cfg.Security {
	case ImplicitTLS, StartTLS:
	case Plain:
		if !isLocalHost(cfg.Host) {
			return &Error{Kind: errIMAPInsecure, Op: "connect", Server: cfg.addr(),
				Err: errors.New("refused before connecting")}
		}
	default:
		return fmt.Errorf("imip: unknown security setting %v", cfg.Security)
	}
	return nil
}

// Incoming is one calendar part of a message in the mailbox.
type Incoming struct {
	UID       uint32 // the message's IMAP UID in the mailbox
	MessageID string // Message-ID without angle brackets, "" when absent
	From      string // the sender's address (From header), e.g. "ayse@example.net"
	Subject   string // decoded
	// Date is the message's Date header, or its arrival time when it has
	// none.
	Date time.Time
	// Calendar is the iCalendar object exactly as sent, with the transfer
	// encoding (base64, quoted-printable) undone and a text/calendar
	// charset other than UTF-8 converted: bytes for calendar/ics.ParseITIP.
	Calendar []byte
	// Method is the METHOD inside Calendar, upper case: REPLY, COUNTER,
	// PUBLISH, REQUEST or CANCEL.
	Method string
}

// FetchReport counts what one Fetch did with the messages its search found.
type FetchReport struct {
	// Found is the number of messages the search returned: not yet marked
	// with either keyword and mentioning a method Fetch hands on.
	Found int
	// Imported messages had every calendar part accepted by the handler and
	// now carry ImportedKeyword.
	Imported int
	// Failed messages had a calendar part the handler returned an error
	// for; they stay unmarked and are handed again by the next Fetch.
	Failed int
	// Ignored messages had nothing to hand on and now carry
	// IgnoredKeyword.
	Ignored int
	// Errors holds one *HandleError per failed message.
	Errors []error
}

// HandleError is the handler's error for one message.
type HandleError struct {
	UID uint32
	Err error
}

func (e *HandleError) Error() string {
	return fmt.Sprintf("imip: importing message UID %d: %v", e.UID, e.Err)
}

func (e *HandleError) Unwrap() error { return e.Err }

// Fetch reads the scheduling messages that arrived in cfg's mailbox and
// hands each calendar part to handle, oldest first.
//
// It logs in, opens the mailbox and asks the server (UID SEARCH) for the
// messages that carry neither ImportedKeyword nor IgnoredKeyword and whose
// body contains METHOD:REPLY, METHOD:COUNTER or METHOD:PUBLISH, or
// METHOD:REQUEST or METHOD:CANCEL with Twoway's PRODID; the server
// decodes base64 and quoted-printable parts for BODY searches, so this
// finds calendar parts in any encoding without downloading the mailbox. Each
// message found is downloaded (BODY.PEEK: it is not marked as read) and
// every text/calendar or application/ics part (also an attachment named
// *.ics), at any depth of multipart/alternative and multipart/mixed, is
// decoded. Identical parts (Thunderbird and Twoway send the invitation
// twice, inline and as invite.ics) are handed once.
//
// When handle returns nil for every part of a message, the message gets
// ImportedKeyword and is never handed again. When it returns an error, the
// error is counted in the report and the message stays unmarked so that
// the next Fetch hands it again, with all its parts; the other messages are
// handed all the same.
// A message with no part to hand on (see IgnoredKeyword) gets
// IgnoredKeyword. Messages the search does not find (ordinary mail,
// other calendars' invitations) are never downloaded or marked. The
// server's search decides what is found: Dovecot 2.3 looks into text/*
// parts only (RFC 3501 leaves this to the server), so an .ics that arrives
// solely as an application/* attachment (a forwarded file) is not found;
// Gmail, Outlook, Thunderbird and Twoway all send a text/calendar part.
//
// handle runs between IMAP commands on the calling goroutine; it should
// import idempotently, since a message is handed again when marking it
// fails, and two devices fetching at the same moment may both see it.
//
// The error is a server or connection failure (*Error, see ErrAuth and
// friends, ErrMailbox, ErrNoKeywords); the report then counts what was done
// before it. A cancelled ctx stops Fetch between steps with an error
// wrapping context.Canceled.
func Fetch(ctx context.Context, cfg IMAPConfig, handle func(Incoming) error) (FetchReport, error) {
	var rep FetchReport
	if handle == nil {
		return rep, errors.New("imip: Fetch needs a handler")
	}
	s, err := dialIMAP(ctx, cfg, nil)
	if err != nil {
		return rep, err
	}
	defer s.close()

	sel, err := s.selectMailbox(false)
	if err != nil {
		return rep, err
	}
	if !keywordsAllowed(sel) {
		return rep, &Error{Kind: ErrNoKeywords, Op: "select", Server: cfg.addr(),
			Err: fmt.Errorf("mailbox %q does not accept new keywords (PERMANENTFLAGS %v)", cfg.mailbox(), sel.PermanentFlags)}
	}

	criteria := &imap.SearchCriteria{
		NotFlag: []imap.Flag{ImportedKeyword, IgnoredKeyword},
		Or: [][2]imap.SearchCriteria{{
			{Body: []string{"METHOD:" + MethodReply}},
			{Or: [][2]imap.SearchCriteria{{
				{Body: []string{"METHOD:" + MethodCounter}},
				{Or: [][2]imap.SearchCriteria{{
					{Body: []string{"METHOD:" + MethodPublish}},
					{Body: []string{twowayProdID}, Or: [][2]imap.SearchCriteria{{
						{Body: []string{"METHOD:" + MethodRequest}},
						{Body: []string{"METHOD:" + MethodCancel}},
					}}},
				}}},
			}}},
		}},
		Since: cfg.Since,
	}
	var found *imap.SearchData
	if err := s.do("search", func() error {
		var err error
		found, err = s.c.UIDSearch(criteria, nil).Wait()
		return err
	}); err != nil {
		return rep, err
	}
	uids := found.AllUIDs()
	sort.Slice(uids, func(i, j int) bool { return uids[i] < uids[j] })
	rep.Found = len(uids)
	if len(uids) == 0 {
		s.logout()
		return rep, nil
	}

	// First the envelopes and sizes of all, then one message at a time.
	var heads []*imapclient.FetchMessageBuffer
	if err := s.do("fetch", func() error {
		var err error
		heads, err = s.c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{
			UID: true, Envelope: true, InternalDate: true, RFC822Size: true,
		}).Collect()
		return err
	}); err != nil {
		return rep, err
	}
	sort.Slice(heads, func(i, j int) bool { return heads[i].UID < heads[j].UID })

	for _, h := range heads {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("imip: fetch at %s: %w", cfg.addr(), err)
		}
		var parts []calendarPart
		if h.RFC822Size <= maxMessageSize {
			raw, err := s.fetchBody(h.UID)
			if err != nil {
				return rep, err
			}
			if raw == nil {
				continue // expunged meanwhile
			}
			parts = calendarParts(raw)
		}
		if len(parts) == 0 {
			if err := s.addKeyword(h.UID, IgnoredKeyword); err != nil {
				return rep, err
			}
			rep.Ignored++
			continue
		}
		in := incomingFrom(h)
		var failed error
		for _, p := range parts {
			in.Calendar, in.Method = p.data, p.method
			if err := handle(in); err != nil && failed == nil {
				failed = err
			}
		}
		if failed != nil {
			rep.Failed++
			rep.Errors = append(rep.Errors, &HandleError{UID: uint32(h.UID), Err: failed})
			continue
		}
		if err := s.addKeyword(h.UID, ImportedKeyword); err != nil {
			return rep, err
		}
		rep.Imported++
	}
	s.logout()
	return rep, nil
}

// TestIMAP checks the settings the way Fetch uses them: connect, TLS,
// LOGIN, open the mailbox (read-only), LOGOUT. It reads no message.
func TestIMAP(ctx context.Context, cfg IMAPConfig) error {
	s, err := dialIMAP(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer s.close()
	if _, err := s.selectMailbox(true); err != nil {
		return err
	}
	return s.logout()
}

// Idle waits for new mail in cfg's mailbox with IMAP IDLE (RFC 2177) and
// calls onChange when messages arrive. It calls onChange once as soon as
// IDLE is running, since mail may have come in before, so a caller that
// runs Fetch from onChange misses nothing. News that arrives while onChange
// runs leads to one more call afterwards, not one per message. onChange
// runs on the goroutine that called Idle, so it may run Fetch itself (on
// its own connection) while IDLE goes on.
//
// Idle returns nil when ctx ends, an *Error of kind ErrNoIdle when the
// server does not offer IDLE (before onChange is ever called), and another
// *Error (ErrConnection, ...) when the connection fails or the server drops
// it; the caller may then wait a while and call Idle again. The connection
// is kept alive by restarting IDLE every 28 minutes.
func Idle(ctx context.Context, cfg IMAPConfig, onChange func()) error {
	if onChange == nil {
		return errors.New("imip: Idle needs an onChange function")
	}
	changed := make(chan struct{}, 1)
	notify := func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	handler := &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil { // EXISTS: a message arrived (or the count was re-sent)
				notify()
			}
		},
	}
	s, err := dialIMAP(ctx, cfg, handler)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	defer s.close()
	var caps imap.CapSet
	if err := s.do("capability", func() error {
		caps = s.c.Caps()
		if caps == nil {
			return errors.New("no CAPABILITY answer")
		}
		return nil
	}); err != nil {
		return s.endIdle(ctx, err)
	}
	if !caps.Has(imap.CapIdle) && !caps.Has(imap.CapIMAP4rev2) {
		return &Error{Kind: ErrNoIdle, Op: "idle", Server: cfg.addr(),
			Err: errors.New("IDLE is not in the server's capabilities")}
	}
	if _, err := s.selectMailbox(true); err != nil {
		return s.endIdle(ctx, err)
	}
	var idle *imapclient.IdleCommand
	if err := s.do("idle", func() error {
		var err error
		idle, err = s.c.Idle()
		return err
	}); err != nil {
		return s.endIdle(ctx, err)
	}
	notify()
	for {
		select {
		case <-ctx.Done():
			// The context's end already closed the connection (see
			// dialIMAP); nothing polite can be sent any more.
			_ = idle.Close()
			return nil
		case <-s.c.Closed():
			if ctx.Err() != nil {
				return nil
			}
			err := idle.Wait()
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return s.fail("idle", err, false)
		case <-changed:
			onChange()
		}
	}
}

// endIdle turns an error into Idle's result: nil once ctx has ended.
func (s *imapSession) endIdle(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// imapSession is one IMAP connection with its context watch, timer and
// error context.
type imapSession struct {
	ctx      context.Context
	cfg      IMAPConfig
	raw      net.Conn
	c        *imapclient.Client
	stop     func() bool
	heard    *heardConn
	timedOut atomic.Bool
}

// heardConn records whether the server ever sent a byte.
type heardConn struct {
	net.Conn
	got atomic.Bool
}

func (c *heardConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.got.Store(true)
	}
	return n, err
}

// dialIMAP connects, secures the connection, waits for the greeting and
// logs in. On error nothing is left open.
func dialIMAP(ctx context.Context, cfg IMAPConfig, handler *imapclient.UnilateralDataHandler) (*imapSession, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	s := &imapSession{ctx: ctx, cfg: cfg}
	timeout := cfg.timeout()
	d := net.Dialer{Timeout: timeout}
	raw, err := d.DialContext(ctx, "tcp", cfg.addr())
	if err != nil {
		return nil, s.fail("connect", err, false)
	}
	s.raw = raw
	// A cancelled context closes the socket, which ends every blocked read
	// and write at once.
	s.stop = context.AfterFunc(ctx, func() { raw.Close() })
	s.heard = &heardConn{Conn: raw}
	var conn net.Conn = &deadlineConn{Conn: s.heard, timeout: timeout}

	if cfg.Security == ImplicitTLS {
		tc := tls.Client(conn, s.tlsConfig())
		hctx, cancel := context.WithTimeout(ctx, timeout)
		err := tc.HandshakeContext(hctx)
		cancel()
		if err != nil {
			s.close()
			return nil, s.fail("tls handshake", err, true)
		}
		conn = tc
	}
	opts := &imapclient.Options{
		TLSConfig:             s.tlsConfig(),
		UnilateralDataHandler: handler,
		WordDecoder:           &mime.WordDecoder{CharsetReader: charset.Reader},
	}
	if cfg.Security == StartTLS {
		err := s.do("starttls", func() error {
			c, err := imapclient.NewStartTLS(conn, opts)
			s.c = c
			return err
		})
		if err != nil {
			s.close()
			var e *Error
			if errors.As(err, &e) && e.Kind == ErrConnection && !s.heard.got.Load() {
				// Closed before any greeting, typically by a TLS port
				// (993) that got our plain-text STARTTLS.
				e.Kind = errIMAPTLS
				e.Err = fmt.Errorf("the server closed the connection without an IMAP greeting (a port for SSL/TLS?): %w", e.Err)
			}
			return nil, err
		}
	} else {
		s.c = imapclient.New(conn, opts)
		if err := s.do("greeting", s.c.WaitGreeting); err != nil {
			s.close()
			return nil, err
		}
	}

	var caps imap.CapSet
	_ = s.do("capability", func() error { caps = s.c.Caps(); return nil })
	if caps.Has(imap.CapLoginDisabled) {
		s.close()
		return nil, &Error{Kind: errIMAPTLS, Op: "login", Server: cfg.addr(),
			Err: errors.New("the server does not accept a password on an unencrypted connection")}
	}
	// Inside do: a password with non-ASCII characters goes as a literal,
	// and Login itself waits for the server's go-ahead.
	if err := s.do("login", func() error { return s.c.Login(cfg.Username, cfg.Password).Wait() }); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

func (s *imapSession) tlsConfig() *tls.Config {
	c := s.cfg.tlsConfig()
	if c.NextProtos == nil && s.cfg.Security == ImplicitTLS {
		c.NextProtos = []string{"imap"}
	}
	return c
}

// do runs one command's wait under the per-command timeout: a server that
// does not answer in time has its connection closed, which makes the wait
// return.
func (s *imapSession) do(op string, wait func() error) error {
	timer := time.AfterFunc(s.cfg.timeout(), func() {
		s.timedOut.Store(true)
		s.raw.Close()
	})
	err := wait()
	timer.Stop()
	if err != nil {
		return s.fail(op, err, op == "starttls")
	}
	return nil
}

func (s *imapSession) fail(op string, err error, tlsStep bool) error {
	if s.timedOut.Load() && s.ctx.Err() == nil {
		return &Error{Kind: errIMAPTimeout, Op: op, Server: s.cfg.addr(),
			Err: fmt.Errorf("no answer within %v", s.cfg.timeout())}
	}
	return classifyIMAP(s.ctx, op, s.cfg.addr(), err, tlsStep)
}

// selectMailbox opens the configured mailbox (EXAMINE when readOnly).
func (s *imapSession) selectMailbox(readOnly bool) (*imap.SelectData, error) {
	var data *imap.SelectData
	err := s.do("select", func() error {
		var err error
		data, err = s.c.Select(s.cfg.mailbox(), &imap.SelectOptions{ReadOnly: readOnly}).Wait()
		return err
	})
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Err = fmt.Errorf("mailbox %q: %w", s.cfg.mailbox(), e.Err)
		}
		return nil, err
	}
	return data, nil
}

// fetchBody downloads one whole message without setting \Seen; nil when
// the message is gone.
func (s *imapSession) fetchBody(uid imap.UID) ([]byte, error) {
	section := &imap.FetchItemBodySection{Peek: true}
	var msgs []*imapclient.FetchMessageBuffer
	if err := s.do("fetch", func() error {
		var err error
		msgs, err = s.c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{
			UID: true, BodySection: []*imap.FetchItemBodySection{section},
		}).Collect()
		return err
	}); err != nil {
		return nil, err
	}
	for _, m := range msgs {
		if m.UID == uid {
			if b := m.FindBodySection(section); b != nil {
				return b, nil
			}
		}
	}
	return nil, nil
}

// addKeyword sets kw on the message and checks that the server kept it.
func (s *imapSession) addKeyword(uid imap.UID, kw imap.Flag) error {
	var msgs []*imapclient.FetchMessageBuffer
	if err := s.do("store", func() error {
		var err error
		msgs, err = s.c.Store(imap.UIDSetNum(uid), &imap.StoreFlags{
			Op: imap.StoreFlagsAdd, Flags: []imap.Flag{kw},
		}, nil).Collect()
		return err
	}); err != nil {
		return err
	}
	for _, m := range msgs {
		if m.UID != 0 && m.UID != uid {
			continue
		}
		for _, f := range m.Flags {
			if strings.EqualFold(string(f), string(kw)) {
				return nil
			}
		}
		return &Error{Kind: ErrNoKeywords, Op: "store", Server: s.cfg.addr(),
			Err: fmt.Errorf("the server did not keep keyword %s on message UID %d (flags now %v)", kw, uid, m.Flags)}
	}
	return nil // the message was expunged meanwhile, or no FETCH echo: nothing to check
}

// logout ends the session politely; its error only matters to TestIMAP.
func (s *imapSession) logout() error {
	err := s.do("logout", s.c.Logout().Wait)
	s.close()
	return err
}

func (s *imapSession) close() {
	if s.stop != nil {
		s.stop()
	}
	if s.c != nil {
		s.c.Close()
	} else if s.raw != nil {
		s.raw.Close()
	}
}

// keywordsAllowed reports whether new keywords can be stored permanently
// in the selected mailbox: PERMANENTFLAGS contains \* or both keywords
// (RFC 3501 section 7.1). Without PERMANENTFLAGS the server allows the FLAGS
// list; the keywords must then be in it.
func keywordsAllowed(sel *imap.SelectData) bool {
	list := sel.PermanentFlags
	if list == nil {
		list = sel.Flags
	}
	has := func(want imap.Flag) bool {
		for _, f := range list {
			if f == imap.FlagWildcard || strings.EqualFold(string(f), string(want)) {
				return true
			}
		}
		return false
	}
	return has(ImportedKeyword) && has(IgnoredKeyword)
}

func incomingFrom(h *imapclient.FetchMessageBuffer) Incoming {
	in := Incoming{UID: uint32(h.UID), Date: h.InternalDate}
	if env := h.Envelope; env != nil {
		in.Subject = env.Subject
		in.MessageID = env.MessageID
		if !env.Date.IsZero() {
			in.Date = env.Date
		}
		for _, a := range env.From {
			if addr := a.Addr(); addr != "" {
				in.From = addr
				break
			}
		}
	}
	return in
}

// calendarPart is one decoded iCalendar object from a message.
type calendarPart struct {
	data   []byte
	method string
}

// calendarParts returns the distinct calendar parts of raw whose METHOD
// Fetch hands on. A part is text/calendar, application/ics (also the
// obsolete text/x-vcalendar) or any part whose file name ends in .ics.
// Undecodable parts are skipped; a broken MIME structure ends the walk
// with what was found so far.
func calendarParts(raw []byte) []calendarPart {
	// An unknown charset or transfer encoding of the top level still
	// gives an entity to walk.
	ent, _ := message.Read(bytes.NewReader(raw))
	if ent == nil {
		return nil
	}
	var out []calendarPart
	seen := map[string]bool{}
	_ = ent.Walk(func(_ []int, part *message.Entity, err error) error {
		if err != nil && !message.IsUnknownCharset(err) {
			return nil // unknown transfer encoding: skip the part
		}
		if !isCalendarPart(part.Header) {
			return nil
		}
		data, rerr := io.ReadAll(io.LimitReader(part.Body, maxCalendarSize+1))
		if rerr != nil || len(data) > maxCalendarSize {
			return nil
		}
		data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
		method := calendarMethod(data)
		if !fetchedMethods[method] || (method == MethodRequest || method == MethodCancel) && !fromTwoway(data) {
			return nil
		}
		key := string(bytes.TrimSpace(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))))
		if seen[key] {
			return nil
		}
		seen[key] = true
		out = append(out, calendarPart{data: data, method: method})
		return nil
	})
	return out
}

func isCalendarPart(h message.Header) bool {
	mt, params, err := h.ContentType()
	if err != nil {
		// A malformed parameter list still names the type.
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(h.Get("Content-Type"), ";", 2)[0]))
	}
	switch mt {
	case "text/calendar", "application/ics", "text/x-vcalendar":
		return true
	case "", "text/plain", "text/html":
		return false
	}
	if strings.HasPrefix(mt, "multipart/") {
		return false
	}
	name := params["name"]
	if _, dp, err := h.ContentDisposition(); err == nil && dp["filename"] != "" {
		name = dp["filename"]
	}
	return strings.EqualFold(path.Ext(name), ".ics")
}

// calendarMethod returns the METHOD property in data, upper case, or ""
// when there is none. METHOD is a property of the VCALENDAR only (RFC 5545
// section 3.7.2).
func calendarMethod(data []byte) string { return strings.ToUpper(calendarProp(data, "METHOD")) }

// fromTwoway reports whether Twoway wrote data (its PRODID): only then are
// a REQUEST and a CANCEL handed on, as the search asks.
func fromTwoway(data []byte) bool {
	return strings.HasPrefix("PRODID:"+calendarProp(data, "PRODID"), twowayProdID)
}

// calendarProp returns the first value of property name in data (trimmed),
// or "". It reads unfolded lines; it is meant for the VCALENDAR's own
// properties, which come before any component's.
func calendarProp(data []byte, prop string) string {
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		for i+1 < len(lines) && isContinuation(lines[i+1]) {
			i++
			line += lines[i][1:]
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		if j := strings.IndexByte(name, ';'); j >= 0 {
			name = name[:j]
		}
		if strings.EqualFold(strings.TrimSpace(name), prop) {
			return strings.TrimSpace(value)
		}
	}
	return ""
}

func isContinuation(line string) bool {
	return strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")
}

// classifyIMAP wraps a failure of step op, like classify does for SMTP.
func classifyIMAP(ctx context.Context, op, server string, err error, tlsStep bool) error {
	if err == nil {
		return nil
	}
	e := &Error{Op: op, Server: server, Err: err}
	var imapErr *imap.Error
	var netErr net.Error
	switch {
	case ctx.Err() == context.Canceled:
		return fmt.Errorf("imip: %s at %s: %w", op, server, context.Canceled)
	case ctx.Err() == context.DeadlineExceeded:
		e.Kind, e.Err = errIMAPTimeout, context.DeadlineExceeded
	case errors.As(err, &imapErr):
		e.Kind = imapStatusKind(op, imapErr)
	case isTLSFailure(err):
		e.Kind = errIMAPTLS
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout(),
		strings.Contains(err.Error(), "i/o timeout"): // imapclient flattens some read errors to text
		e.Kind = errIMAPTimeout
	case tlsStep && !isConnectionLoss(err) && !strings.Contains(err.Error(), "EOF"):
		e.Kind = errIMAPTLS
	default:
		e.Kind = ErrConnection
	}
	return e
}

// imapStatusKind maps a NO, BAD or BYE answer to a kind, using the step it
// answered.
func imapStatusKind(op string, e *imap.Error) error {
	switch {
	case e.Type == imap.StatusResponseTypeBye:
		return ErrConnection
	case e.Code == imap.ResponseCodePrivacyRequired, op == "starttls":
		return errIMAPTLS
	case op == "login" && e.Code == imap.ResponseCodeUnavailable:
		return errIMAPServer // a temporary failure of the server's password check
	case op == "login":
		return ErrAuth
	case op == "select" && e.Type == imap.StatusResponseTypeNo:
		return ErrMailbox
	default:
		return errIMAPServer
	}
}

func isTLSFailure(err error) bool {
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var alert tls.AlertError
	var recHdr tls.RecordHeaderError
	return errors.As(err, &certErr) || errors.As(err, &unknownCA) || errors.As(err, &hostErr) ||
		errors.As(err, &invalidCert) || errors.As(err, &alert) || errors.As(err, &recHdr)
}
