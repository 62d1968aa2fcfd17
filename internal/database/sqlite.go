package database

import "strings"

// EmbeddedFile is the embedded SQLite database that Open uses when the URL
// is empty: the zero-setup default of SPEC 2, relative to the working
// directory.
const EmbeddedFile = "./data/orders.db"

// sqliteScheme starts the URL of an explicit SQLite file (see SQLiteURL).
const sqliteScheme = "sqlite://"

// SQLiteURL returns the URL under which Open takes the SQLite file at path,
// like sqlite:///tmp/x/orders.db: for tests and tools that want a file other
// than EmbeddedFile.
func SQLiteURL(path string) string { return sqliteScheme + path }

// sqlitePath returns the SQLite file a database URL names: EmbeddedFile for
// an empty URL, the path of a sqlite:// URL; false for any other URL.
func sqlitePath(databaseURL string) (string, bool) {
	if databaseURL == "" {
		return EmbeddedFile, true
	}
	path, ok := strings.CutPrefix(databaseURL, sqliteScheme)
	return path, ok && path != ""
}
