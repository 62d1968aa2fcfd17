// Package sqldb is what the storage engines share (pgstore on PostgreSQL,
// sqlitestore on SQLite): the GORM rows with their tables of columns and
// the explicit converters to and from the domain types, the list filters
// that build a page's SQL, the transaction carried by a context, the
// folding of a batch of attempts into states and summaries, and the error
// mapping to errs codes. It holds helpers, not function bodies: each engine
// writes its own store methods (each with its own connection, SQL and
// RecordAttempts) and calls these. Where both engines run the same steps
// (reading a job or a request, creating requests, answering them, changing
// a lease, retention's batches), the steps are a helper here that takes
// what differs: the engine's Query of the call's connection, a *gorm.DB to
// write on, its Classify, a statement text, or rows already read. What
// differs in logic (leasing with SKIP LOCKED or on the one writer, the
// sweep's picking, row and key locks, notification) stays in the engines.
//
// Statement texts use numbered placeholders ($1, $2...), which both drivers
// bind by position and GORM passes on untouched; such texts must contain
// neither ? nor @, which GORM would rewrite, and values only ever travel as
// arguments.
package sqldb
