package httpapi_test

import (
	"testing"

	"github.com/orders-api/orders-api/internal/testdb"
)

// suite lists the API tests that open a database (through newEnv): all run
// on PostgreSQL, and those in SQLite again on the embedded database.
var suite = testdb.Suite{
	Openers: []string{"newEnv"},
	SQLite: []func(*testing.T){
		TestAccessLog, TestAttemptInvalid, TestAttemptKeepsUpdatedAt, TestAttemptLimits, TestAttemptShape,
		TestAuthorizationMatrix, TestBadRequests, TestBatch, TestBatchIdempotent, TestBatchSize, TestBodyLimits,
		TestConcurrentAttempts, TestConnectorSystem, TestContractExamples, TestCreateOrderFields,
		TestCreateOrderInvalid, TestCreateOrderShape, TestDuplicateNumber, TestExport, TestExportChunks, TestHealth, TestHistoryFilters,
		TestIdempotencyConcurrent, TestIdempotencyInFlight, TestIdempotencyKeySpaces, TestIdempotencyRetention,
		TestIdempotentFailureNotKept, TestIdempotentReplay, TestMethodNotAllowed,
		TestMetrics, TestMetricsRolledBackAttempt, TestNotFound, TestOrderFilters, TestPaging,
		TestPagingWhileWriting, TestPatchCanceled, TestPatchOrder, TestRateLimit, TestReadOnlyFields,
		TestRevocationDeadline, TestRoles, TestSecretsNotShown, TestStats, TestStoreIsolation, TestStream, TestStreamingRoutesDeadline, TestSummary,
		TestUnauthorized,
	},
	PostgresOnly: map[string]string{ // HTTP-layer features that reach no store: one backend is enough
		"TestSwaggerUIInBrowser": "drives a browser through the docs pages",
		"TestJWTWithoutProvider": "JWTs refused when no provider is configured",
		"TestCORS":               "CORS headers",
		"TestContractServed":     "the served OpenAPI files",
	},
}

// TestSQLite runs the API tests again on the embedded SQLite database.
func TestSQLite(t *testing.T) {
	t.Parallel()
	suite.Run(t)
}

// TestSuiteIsComplete checks that every API test that opens a database is
// in suite.
func TestSuiteIsComplete(t *testing.T) {
	t.Parallel()
	suite.Check(t)
}
