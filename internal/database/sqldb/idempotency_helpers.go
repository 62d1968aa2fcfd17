package sqldb

import "errors"

// ErrLockOutsideTx is the programming error of an idempotency Lock outside
// InTx, on either engine.
var ErrLockOutsideTx = errors.New("database: idempotency Lock needs the transaction of InTx in its context")
