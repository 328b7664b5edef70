package common

import (
	"reflect"

	"bob/termsafe"
)

// Safe makes every string inside *v (struct fields, list items, at any
// depth) safe to draw, with termsafe.Text, in place, and returns v.
//
// The UI calls it where text from the book or a bundle enters a screen:
// each load of records, summaries, entries or trash items, and each
// bundle preview. Every screen draws from what was loaded, so a screen
// added later draws safe text without doing anything, and no escape
// sequence written into a book before validation refused them (or into a
// file by hand) reaches the terminal. Values are shown visibly changed
// (ESC as ^[): saving them from a form stores that visible text, which
// validation accepts.
func Safe[T any](v *T) *T {
	if v != nil {
		clean(reflect.ValueOf(v).Elem())
	}
	return v
}

func clean(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); v.CanSet() && !termsafe.Safe(s, true) {
			v.SetString(termsafe.Text(s))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() {
				clean(f)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes are not text
		}
		for i := 0; i < v.Len(); i++ {
			clean(v.Index(i))
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			clean(v.Elem())
		}
	case reflect.Map:
		// Map keys cannot be changed in place; values are copied back.
		iter := v.MapRange()
		for iter.Next() {
			val := reflect.New(iter.Value().Type()).Elem()
			val.Set(iter.Value())
			clean(val)
			v.SetMapIndex(iter.Key(), val)
		}
	}
}
