// Package store keeps a book of business in one local bbolt file.
//
// It is the only package that knows bbolt: everything above it speaks in
// model types. Every write is one transaction, so a crash, a full disk or
// a failed validation leaves the book as it was. The bucket layout is
// documented in docs/storage.md; keep the two in step.
//
// The store must never import the UI, and must never write a file that is
// readable by other users: customer data is sensitive, so the database,
// its backups and its lock are created 0600 in a 0700 directory.
package store
