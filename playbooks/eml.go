package playbooks

import (
	"bytes"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
)

// EML writes an email as an RFC 5322 message that any mail program opens
// as a draft: From (when known), To, Subject, Date, and a UTF-8 plain
// text body in quoted-printable, with CRLF line ends. Non-ASCII in the
// subject and names is encoded as RFC 2047 words. X-Unsent marks it a
// draft to send, not a message received.
func EML(from, to EmailPerson, subject, body string, date time.Time) []byte {
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	addr := func(p EmailPerson) string {
		a := mail.Address{Name: oneLineOf(p.Name), Address: oneLineOf(p.Email)}
		if a.Address == "" {
			return mime.QEncoding.Encode("utf-8", a.Name) + " <>"
		}
		return a.String()
	}
	if from.Email != "" {
		header("From", addr(from))
	}
	header("To", addr(to))
	header("Subject", mime.QEncoding.Encode("utf-8", oneLineOf(subject)))
	header("Date", date.Format(time.RFC1123Z))
	header("MIME-Version", "1.0")
	header("Content-Type", `text/plain; charset="utf-8"`)
	header("Content-Transfer-Encoding", "quoted-printable")
	header("X-Unsent", "1")
	b.WriteString("\r\n")
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")))
	w.Close()
	return b.Bytes()
}

// oneLineOf keeps a header value on one line.
func oneLineOf(s string) string { return strings.Join(strings.Fields(s), " ") }
