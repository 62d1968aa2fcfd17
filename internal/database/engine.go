package database

// onPostgres reports whether db is PostgreSQL (else the embedded SQLite):
// the one place where the re-integration code, which keeps out of dialect,
// tells the engines apart.
func (db *DB) onPostgres() bool { return db.readers == nil }

// pick returns the text of a statement for db's engine.
func (db *DB) pick(postgres, sqlite string) string {
	if db.onPostgres() {
		return postgres
	}
	return sqlite
}
