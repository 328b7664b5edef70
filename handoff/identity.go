package handoff

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"filippo.io/age"

	"bob/atomicfile"
	"bob/model"
)

// A CSM's identity is two key pairs: an ed25519 key that signs the bundles
// they send, and an age X25519 key that bundles sent to them are
// encrypted to. The private parts live in identity.json in bob's config
// folder, readable by the owner only. The public parts travel as one line
// of text (see Public.String) that colleagues paste into their bob.

// Files in the config folder.
const (
	// IdentityFile holds the CSM's own identity, private keys included.
	IdentityFile = "identity.json"
	// ColleaguesFile holds the public identities of colleagues.
	ColleaguesFile = "colleagues.json"
)

const (
	identityFormat   = "bob-identity"
	colleaguesFormat = "bob-colleagues"
	publicPrefix     = "bob-id"
)

// Identity is the CSM using this bob: who they are, and the private keys
// that sign what they send and open what they receive.
type Identity struct {
	Name        string
	Email       string
	SigningKey  ed25519.PrivateKey
	AgeIdentity *age.X25519Identity
}

// Public returns the part of the identity to share with colleagues.
func (id Identity) Public() Public {
	return Public{
		Name:         id.Name,
		Email:        id.Email,
		SigningKey:   id.SigningKey.Public().(ed25519.PublicKey),
		AgeRecipient: id.AgeIdentity.Recipient(),
	}
}

// Public is a CSM's shareable identity: their name and email, the key that
// verifies their bundles, and the age key to encrypt bundles to them.
type Public struct {
	Name         string
	Email        string
	SigningKey   ed25519.PublicKey
	AgeRecipient *age.X25519Recipient
}

// String writes the identity as one line to paste into chat or email:
//
//	bob-id name="Ana Lima" email=ana@example.com sign=bobsig1... age=age1...
//
// Values with spaces or quotes are quoted, Go-style. ParsePublic reads it.
func (p Public) String() string {
	return fmt.Sprintf("%s name=%s email=%s sign=%s age=%s", publicPrefix,
		quoteValue(p.Name), quoteValue(p.Email), FormatSigningKey(p.SigningKey), p.AgeRecipient.String())
}

// SigningKeyString returns the signing key as "bobsig1...".
func (p Public) SigningKeyString() string { return FormatSigningKey(p.SigningKey) }

func quoteValue(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\"'\\=`") || strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return strconv.Quote(s)
	}
	return s
}

// ParsePublic reads a public identity as pasted by a person: the line
// written by Public.String, possibly inside other text, wrapped over
// several lines or in backticks by a chat app. Fields may come in any
// order; unknown fields are ignored so newer bobs can add some.
func ParsePublic(pasted string) (Public, error) {
	bad := func(why string) (Public, error) {
		return Public{}, newErr(ErrBadInput, "", "this is not a bob public id: "+why,
			"ask your colleague to run `bob id show` and paste the whole line it prints (it starts with bob-id)", nil)
	}
	i := strings.Index(pasted, publicPrefix+" ")
	if i < 0 {
		return bad("it does not contain \"bob-id\"")
	}
	fields, err := parseFields(strings.ReplaceAll(pasted[i+len(publicPrefix):], "`", " "))
	if err != nil {
		return bad(err.Error())
	}
	var p Public
	p.Name = strings.TrimSpace(fields["name"])
	p.Email = strings.TrimSpace(fields["email"])
	if p.Name == "" {
		return bad("it has no name")
	}
	if why := model.LineProblem(p.Name, model.MaxNameLen); why != "" {
		return bad("its name " + why)
	}
	if !looksLikeEmail(p.Email) || model.LineProblem(p.Email, model.MaxLineLen) != "" {
		return bad("it has no valid email")
	}
	if fields["sign"] == "" {
		return bad("it has no signing key (sign=bobsig1...)")
	}
	if p.SigningKey, err = ParseSigningKey(fields["sign"]); err != nil {
		return Public{}, err
	}
	if fields["age"] == "" {
		return bad("it has no age key (age=age1...)")
	}
	if p.AgeRecipient, err = age.ParseX25519Recipient(fields["age"]); err != nil {
		return bad("its age key is not valid (" + err.Error() + ")")
	}
	return p, nil
}

// parseFields reads key=value pairs separated by white space; a value may
// be a Go-quoted string.
func parseFields(s string) (map[string]string, error) {
	out := map[string]string{}
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			return out, nil
		}
		eq := strings.IndexByte(s, '=')
		sp := strings.IndexFunc(s, unicode.IsSpace)
		if eq < 0 || (sp >= 0 && sp < eq) {
			// Text after the id (a chat signature, say) ends it.
			return out, nil
		}
		key := strings.ToLower(s[:eq])
		s = s[eq+1:]
		var val string
		if strings.HasPrefix(s, `"`) {
			end := closingQuote(s)
			if end < 0 {
				return nil, fmt.Errorf("the value of %s has no closing quote", key)
			}
			v, err := strconv.Unquote(s[:end+1])
			if err != nil {
				return nil, fmt.Errorf("the value of %s is badly quoted", key)
			}
			val, s = v, s[end+1:]
		} else {
			end := strings.IndexFunc(s, unicode.IsSpace)
			if end < 0 {
				end = len(s)
			}
			val, s = s[:end], s[end:]
		}
		if _, dup := out[key]; !dup {
			out[key] = val
		}
	}
}

// closingQuote returns the index of the quote that closes s[0]'s.
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

func looksLikeEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && strings.Count(s, "@") == 1 && strings.IndexFunc(s, unicode.IsSpace) < 0
}

// identityFile is identity.json.
type identityFile struct {
	Format  string    `json:"format"`
	Version int       `json:"version"`
	Name    string    `json:"name"`
	Email   string    `json:"email"`
	Created time.Time `json:"created"`
	// SigningSeed is the ed25519 private key's 32-byte seed (base64).
	SigningSeed []byte `json:"signing_seed"`
	// AgeIdentity is the age secret key, "AGE-SECRET-KEY-1...".
	AgeIdentity string `json:"age_identity"`
	// Public repeats the shareable line, for a person reading the file.
	Public string `json:"public"`
}

// CreateIdentity makes a new identity for the CSM named name and writes
// it to dir/identity.json, readable by the owner only. It refuses to
// replace an existing identity: the old keys would be lost, and bundles
// encrypted to them could never be opened again.
func CreateIdentity(dir, name, email string) (Identity, error) {
	name, email = strings.TrimSpace(name), strings.TrimSpace(email)
	if name == "" {
		return Identity{}, newErr(ErrBadInput, "", "a name is required", "give your name as colleagues know it", nil)
	}
	if why := model.LineProblem(name, model.MaxNameLen); why != "" {
		return Identity{}, newErr(ErrBadInput, "", "the name "+why, "give your name as colleagues know it", nil)
	}
	if !looksLikeEmail(email) || model.LineProblem(email, model.MaxLineLen) != "" {
		return Identity{}, newErr(ErrBadInput, "", fmt.Sprintf("%s is not an email address", model.Quote(email)), "give your work email", nil)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return Identity{}, fmt.Errorf("create signing key: %w", err)
	}
	ai, err := age.GenerateX25519Identity()
	if err != nil {
		return Identity{}, fmt.Errorf("create age key: %w", err)
	}
	id := Identity{Name: name, Email: email, SigningKey: priv, AgeIdentity: ai}
	data, err := encodeJSON(identityFile{
		Format: identityFormat, Version: 1, Name: name, Email: email, Created: time.Now().UTC().Truncate(time.Second),
		SigningSeed: priv.Seed(), AgeIdentity: ai.String(), Public: id.Public().String(),
	})
	if err != nil {
		return Identity{}, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Identity{}, newErr(ErrIdentity, "", fmt.Sprintf("cannot create %s: %v", dir, err), "check that you may write there", err)
	}
	path := filepath.Join(dir, IdentityFile)
	if err := atomicfile.WriteNew(path, data); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return Identity{}, newErr(ErrIdentity, "", "an identity already exists in "+path,
				"keep using it (bob id show); to start over, move that file away first, knowing that bundles encrypted to it can then only be opened with the old file", err)
		}
		return Identity{}, newErr(ErrIdentity, "", fmt.Sprintf("cannot write %s: %v", path, err), "check that you may write there", err)
	}
	return id, nil
}

// LoadIdentity reads the identity in dir/identity.json. It refuses a file
// that others may read, as ssh does: the keys in it are secret.
func LoadIdentity(dir string) (Identity, error) {
	path := filepath.Join(dir, IdentityFile)
	data, err := readPrivateFile(path, 1<<20)
	if errors.Is(err, fs.ErrNotExist) {
		return Identity{}, newErr(ErrIdentity, "", "you have no bob identity yet (no "+path+")",
			"create one with `bob id create`", err)
	}
	if err != nil {
		return Identity{}, err
	}
	var f identityFile
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := decodeOne(dec, &f); err != nil {
		return Identity{}, badIdentityFile(path, "it is not valid JSON", err)
	}
	if f.Format != identityFormat {
		return Identity{}, badIdentityFile(path, "it is not a bob identity", nil)
	}
	if f.Version > 1 {
		return Identity{}, newErr(ErrNewerVersion, "", path+" was written by a newer bob", fixUpgrade, nil)
	}
	if len(f.SigningSeed) != ed25519.SeedSize {
		return Identity{}, badIdentityFile(path, "its signing key is damaged", nil)
	}
	ai, err := age.ParseX25519Identity(f.AgeIdentity)
	if err != nil {
		return Identity{}, badIdentityFile(path, "its age key is damaged", err)
	}
	return Identity{Name: f.Name, Email: f.Email, SigningKey: ed25519.NewKeyFromSeed(f.SigningSeed), AgeIdentity: ai}, nil
}

func badIdentityFile(path, why string, err error) error {
	return newErr(ErrIdentity, "", path+" is damaged: "+why,
		"restore it from a backup; without it, bundles encrypted to you cannot be opened", err)
}

// readPrivateFile reads a file that must be private to its owner, up to
// max bytes.
func readPrivateFile(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, newErr(ErrIdentity, "", fmt.Sprintf("cannot read %s: %v", path, err), "check the file's permissions", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, newErr(ErrIdentity, "", fmt.Sprintf("cannot read %s: %v", path, err), "check the file's permissions", err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return nil, newErr(ErrIdentity, "", fmt.Sprintf("%s can be read by other users (mode %04o)", path, st.Mode().Perm()),
			"make it private with `chmod 600 "+path+"`", nil)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, newErr(ErrIdentity, "", fmt.Sprintf("cannot read %s: %v", path, err), "check the file", err)
	}
	if int64(len(data)) > max {
		return nil, newErr(ErrIdentity, "", path+" is too large to be a bob file", "restore it from a backup", nil)
	}
	return data, nil
}

// Colleagues are the public identities of the CSMs this one exchanges
// bundles with, kept in dir/colleagues.json (owner-only). A bundle signed
// by a colleague's key is shown as coming from them; a bundle is
// encrypted to a colleague's age key.
type Colleagues struct {
	path string
	list []Public
}

type colleaguesFile struct {
	Format     string          `json:"format"`
	Version    int             `json:"version"`
	Colleagues []colleagueJSON `json:"colleagues"`
}

type colleagueJSON struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Sign  string `json:"sign"`
	Age   string `json:"age"`
}

// LoadColleagues reads dir/colleagues.json; a missing file is an empty
// list.
func LoadColleagues(dir string) (*Colleagues, error) {
	path := filepath.Join(dir, ColleaguesFile)
	c := &Colleagues{path: path}
	data, err := readPrivateFile(path, 16<<20)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	bad := func(why string, err error) error {
		return newErr(ErrIdentity, "", path+" is damaged: "+why,
			"restore it from a backup, or move it away and add your colleagues again", err)
	}
	var f colleaguesFile
	if err := decodeOne(json.NewDecoder(bytes.NewReader(data)), &f); err != nil {
		return nil, bad("it is not valid JSON", err)
	}
	if f.Format != colleaguesFormat {
		return nil, bad("it is not a bob colleagues file", nil)
	}
	if f.Version > 1 {
		return nil, newErr(ErrNewerVersion, "", path+" was written by a newer bob", fixUpgrade, nil)
	}
	for _, j := range f.Colleagues {
		// The file may have been edited by hand: a name is printed and
		// drawn, so it follows the rules of a pasted one.
		if why := model.LineProblem(j.Name, model.MaxNameLen); why != "" {
			return nil, bad("a colleague's name "+why, nil)
		}
		if why := model.LineProblem(j.Email, model.MaxLineLen); why != "" {
			return nil, bad("the email of "+j.Name+" "+why, nil)
		}
		p := Public{Name: j.Name, Email: j.Email}
		if p.SigningKey, err = ParseSigningKey(j.Sign); err != nil {
			return nil, bad("the signing key of "+j.Name+" is not valid", err)
		}
		if p.AgeRecipient, err = age.ParseX25519Recipient(j.Age); err != nil {
			return nil, bad("the age key of "+j.Name+" is not valid", err)
		}
		c.list = append(c.list, p)
	}
	return c, nil
}

// List returns the colleagues by name.
func (c *Colleagues) List() []Public {
	out := append([]Public(nil), c.list...)
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out
}

// Add parses a pasted public id (see ParsePublic) and stores it. Adding a
// colleague again with the same signing key updates their name, email and
// age key. A different signing key for an email already stored is refused:
// it may be someone posing as the colleague.
func (c *Colleagues) Add(pasted string) (Public, error) {
	p, err := ParsePublic(pasted)
	if err != nil {
		return Public{}, err
	}
	next := append([]Public(nil), c.list...)
	replaced := false
	for i, q := range next {
		switch {
		case q.SigningKey.Equal(p.SigningKey):
			next[i], replaced = p, true
		case strings.EqualFold(q.Email, p.Email):
			return Public{}, newErr(ErrBadInput, "", fmt.Sprintf("%s <%s> is already stored with a different signing key", q.Name, q.Email),
				"check with them by another channel that they made a new identity, then remove the old entry and add the new one", nil)
		}
	}
	if !replaced {
		next = append(next, p)
	}
	if err := c.save(next); err != nil {
		return Public{}, err
	}
	return p, nil
}

// Remove removes the colleague that query finds (see Lookup).
func (c *Colleagues) Remove(query string) (Public, error) {
	p, err := c.Lookup(query)
	if err != nil {
		return Public{}, err
	}
	var next []Public
	for _, q := range c.list {
		if !q.SigningKey.Equal(p.SigningKey) {
			next = append(next, q)
		}
	}
	if err := c.save(next); err != nil {
		return Public{}, err
	}
	return p, nil
}

// Lookup finds one colleague by email, by signing key ("bobsig1...") or
// by name, ignoring case. A name two colleagues share is an error that
// lists their emails.
func (c *Colleagues) Lookup(query string) (Public, error) {
	q := strings.TrimSpace(query)
	if key, err := ParseSigningKey(q); err == nil {
		if p, ok := c.BySigningKey(key); ok {
			return p, nil
		}
	}
	var byName []Public
	for _, p := range c.list {
		if strings.EqualFold(p.Email, q) {
			return p, nil
		}
		if strings.EqualFold(p.Name, q) {
			byName = append(byName, p)
		}
	}
	switch len(byName) {
	case 1:
		return byName[0], nil
	case 0:
		return Public{}, newErr(ErrBadInput, "", fmt.Sprintf("no colleague matches %q", query),
			"check the name or email, or add them with the public id they send you (bob id show)", nil)
	}
	emails := make([]string, len(byName))
	for i, p := range byName {
		emails[i] = p.Email
	}
	return Public{}, newErr(ErrBadInput, "", fmt.Sprintf("%d colleagues are called %q", len(byName), query),
		"use their email instead: "+strings.Join(emails, ", "), nil)
}

// BySigningKey finds the colleague whose key signed a bundle.
func (c *Colleagues) BySigningKey(key ed25519.PublicKey) (Public, bool) {
	for _, p := range c.list {
		if p.SigningKey.Equal(key) {
			return p, true
		}
	}
	return Public{}, false
}

func (c *Colleagues) save(list []Public) error {
	f := colleaguesFile{Format: colleaguesFormat, Version: 1, Colleagues: []colleagueJSON{}}
	sorted := append([]Public(nil), list...)
	sort.SliceStable(sorted, func(i, j int) bool { return strings.ToLower(sorted[i].Email) < strings.ToLower(sorted[j].Email) })
	for _, p := range sorted {
		f.Colleagues = append(f.Colleagues, colleagueJSON{Name: p.Name, Email: p.Email, Sign: FormatSigningKey(p.SigningKey), Age: p.AgeRecipient.String()})
	}
	data, err := encodeJSON(f)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return newErr(ErrIdentity, "", fmt.Sprintf("cannot save %s: %v", c.path, err), "check that you may write there", err)
	}
	if err := atomicfile.WriteData(c.path, data); err != nil {
		return newErr(ErrIdentity, "", fmt.Sprintf("cannot save %s: %v", c.path, err), "check that you may write there", err)
	}
	c.list = list
	return nil
}
