package sqldb

import (
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// The parts of the request stores that both engines run alike, each on the
// connection its engine gives. Leasing, the sweep's picking, row locks and
// notification stay the engines' own.

// GetRequest reads one request of the store through q.
func GetRequest(q Query[RequestRow], classify Classify, storeID string, id uuid.UUID) (request.Request, error) {
	rows, err := q(GetRequestSQL(), storeID, id)
	if err != nil {
		return request.Request{}, classify(err, "read an integration request")
	}
	if len(rows) == 0 {
		return request.Request{}, request.ErrNotFound()
	}
	return ToRequest(rows[0]), nil
}

// ListRequests reads the page of f at now through q (see RequestsQuery).
func ListRequests(q Query[RequestRow], classify Classify, storeID string, f request.Filter,
	now time.Time) ([]request.Request, error) {
	text, args := RequestsQuery(storeID, f, now)
	rows, err := q(text, args...)
	if err != nil {
		return nil, classify(err, "list integration requests")
	}
	return ToRequests(rows), nil
}

// CountOpen returns the open requests across stores by system, then
// state, through q.
func CountOpen(q Query[OpenCount], classify Classify) (map[string]map[string]int, error) {
	rows, err := q(OpenCountsSQL)
	if err != nil {
		return nil, classify(err, "count open integration requests")
	}
	return OpenCounts(rows), nil
}

// CreateEach makes the request of each of ns (see CreateOne), in the
// engine's transaction, but for those whose order is not among found (the
// store's): they get ErrOrderNotFound. It returns the outcomes, in the
// order of ns, and the pending attempts of the requests it made.
func CreateEach(insert Query[Value[uuid.UUID]], open Query[RequestRow], classify Classify, ns []request.New,
	found []Value[uuid.UUID]) ([]request.Created, []*order.Attempt, error) {
	in := make(map[uuid.UUID]bool, len(found))
	for _, id := range found {
		in[id.V] = true
	}
	out := make([]request.Created, len(ns))
	var attempts []*order.Attempt
	for i, n := range ns {
		if !in[n.Request.OrderID] {
			out[i] = request.Created{Err: ErrOrderNotFound()}
			continue
		}
		var err error
		if out[i], err = CreateOne(insert, open, classify, n); err != nil {
			return nil, nil, err
		}
		if out[i].Created {
			attempts = append(attempts, n.Attempt)
		}
	}
	return out, attempts, nil
}

// CreateOne inserts n's request through insert, or reads its open one
// through open, CreateTries times at most (the open one may become final
// between the two).
func CreateOne(insert Query[Value[uuid.UUID]], open Query[RequestRow], classify Classify,
	n request.New) (request.Created, error) {
	for range CreateTries {
		ids, err := insert(InsertRequestSQL, RequestArgs(n.Request)...)
		if err != nil {
			return request.Created{}, classify(err, "insert an integration request")
		}
		if len(ids) == 1 {
			return request.Created{Request: n.Request, Created: true}, nil
		}
		rows, err := open(OpenRequestSQL(), n.Request.OrderID, n.Request.System)
		if err != nil {
			return request.Created{}, classify(err, "read the open integration request")
		}
		if len(rows) == 1 {
			return request.Created{Request: ToRequest(rows[0])}, nil
		}
	}
	return request.Created{}, ErrBusyRequest()
}

// AnswerBatch is the part of answering after the engine has locked (or,
// on the one writer, read) the requests that attempts name, rows: it
// refuses the attempts whose request is not answerable, records the
// others through record, then makes each open request done on g with the
// first success or error attempt that answers it.
func AnswerBatch(g *gorm.DB, classify Classify, rows []AnsweredRequest, attempts []*order.Attempt, results []error,
	record func(attempts []*order.Attempt, results []error) error) error {
	reqs := AnsweredByID(rows)
	batch, index := Answerable(attempts, results, reqs)
	sub := make([]error, len(batch))
	if len(batch) > 0 {
		if err := record(batch, sub); err != nil {
			return err
		}
	}
	for j, e := range sub {
		results[index[j]] = e
	}
	for _, a := range Answers(batch, sub, reqs) {
		if err := g.Exec(AnswerSQL, *a.RequestID, a.ID, a.RecordedAt).Error; err != nil {
			return classify(err, "answer an integration request")
		}
	}
	return nil
}

// LeaseRef names the lease a release or an extend changes: request ID of
// StoreID, whose current token hashes to Hash, checked at Now.
type LeaseRef struct {
	StoreID string
	ID      uuid.UUID
	Hash    []byte
	Now     time.Time
}

// ChangeLease is a release's or an extend's change, in the engine's
// transaction: it reads the lease through lock and lockSQL (the engine's:
// a row lock, or the one writer's read), checks that it is ref's current
// unexpired lease (NotFound outside the store, Conflict otherwise), and
// writes what change makes of it on g. It returns the changed request and
// the attempt change made, for the engine to record; the engine notifies.
func ChangeLease(lock Query[LockedRequest], g *gorm.DB, classify Classify, lockSQL string, ref LeaseRef,
	change func(request.Request) (request.Request, *order.Attempt)) (request.Request, *order.Attempt, error) {
	rows, err := lock(lockSQL, ref.StoreID, ref.ID)
	if err != nil {
		return request.Request{}, nil, classify(err, "lock an integration request")
	}
	if len(rows) == 0 {
		return request.Request{}, nil, request.ErrNotFound()
	}
	r := ToRequest(rows[0].R)
	current := r.State == request.Leased && r.LeasedUntil != nil && r.LeasedUntil.After(ref.Now)
	if !request.SameToken(rows[0].Hash, ref.Hash) || !current {
		return request.Request{}, nil, request.ErrStaleLease()
	}
	out, a := change(r)
	err = g.Exec(SetRequestSQL, out.ID, string(out.State), out.AvailableAt, out.LeasedUntil,
		NullUUID(out.AttemptID), out.CompletedAt).Error
	return out, a, classify(err, "update an integration request")
}

// Extended is the change of an extend: the lease ends at until.
func Extended(until time.Time) func(request.Request) (request.Request, *order.Attempt) {
	return func(r request.Request) (request.Request, *order.Attempt) {
		r.LeasedUntil, r.AvailableAt = &until, until
		return r, nil
	}
}
