// Package model holds the types of a CSM's book of business and the pure
// rules about them: validation, health, ADKAR barriers, renewal countdowns,
// last touch and the canonical ordering used by dumps and bundles.
//
// It must never import storage, UI or I/O packages: every other layer speaks
// in these types, and these types know nobody.
package model
