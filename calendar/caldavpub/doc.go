// Package caldavpub publishes Twoway's recurring call to the user's own
// calendar on a CalDAV server (RFC 4791), next to the email invitation that
// package calendar/imip sends to the partner.
//
// Discover finds the calendars of an account (RFC 5397 current-user-principal,
// then calendar-home-set, then the collections under it). Put stores one
// calendar object resource per series, named after its UID, with HTTP
// preconditions (RFC 7232: If-None-Match: * to create, If-Match to update) so
// that a change made on the server by another client is reported as
// ErrConflict instead of being overwritten. The stored object must not carry
// an iTIP METHOD (RFC 4791 section 4.1); Put refuses it.
//
// Errors are *Error values whose Kind is one of the sentinel errors below, so
// the user interface can tell a wrong password from an unreachable server.
// No error contains the password.
package caldavpub
