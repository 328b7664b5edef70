// Package handoff moves accounts from one CSM to another: bob's headline
// job. It writes and reads the handoff bundle (one zip file, optionally
// age-encrypted, signed with the sender's ed25519 key, with a Markdown
// brief a person can read without bob), merges a received account into the
// local one without losing anything, checks an account for gaps before it
// is handed over, and keeps the CSM's identity and the public identities
// of colleagues.
//
// Reading a bundle treats the file as hostile until proven otherwise:
// every size is bounded, every path is checked, every file is pinned by
// the signed manifest, and every record is validated before anything is
// returned. Every error a user can cause says what failed and what to do.
//
// The bundle format is documented in docs/bundle-format.md.
//
// This package depends on model (and, for import and export, on store). It
// must never import ui: the terminal app calls it, never the other way.
package handoff
