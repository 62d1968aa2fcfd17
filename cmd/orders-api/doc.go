// General API information for swag. swag reads it from this file only:
// `swag init -g cmd/orders-api/doc.go` (see the Makefile's docs target).
//
//	@title			orders-api
//	@version		1.0
//	@description	orders-api keeps a store's orders and, for each order, the history of its integration attempts:
//	@description	every send of the order to an ERP (Bling, Tiny, Omie, SAP B1, TOTVS), invoicing, fulfilment or
//	@description	marketplace system, with its status (pending, success, error), message and time. The admin SPA lists
//	@description	orders with their integration summary and shows one order's history; ERP connectors read orders
//	@description	and post one attempt record per send.
//	@description
//	@description	Authentication: every route except /healthz, /readyz, /metrics and the docs needs the header
//	@description	`Authorization: Bearer <key>`. A key belongs to one store and has one role: admin, reader, or
//	@description	connector (bound to one system, and may post attempts only for it). Another store's order is a 404.
//	@description
//	@description	Pagination: list routes take `limit` (1-200, default 50) and an opaque `cursor`, and answer
//	@description	`{"data": [...], "next_cursor": "..."}` plus a `Link: <...>; rel="next"` header while there is a
//	@description	next page; `next_cursor` is null on the last page. Pages never skip or repeat rows.
//	@description
//	@description	Retries: POST /orders and POST /orders/{id}/integration-history honour an `Idempotency-Key` header
//	@description	(at most 255 characters, kept at least 24 hours). A retry with the same key and body replays the
//	@description	first response with `Idempotent-Replayed: true` and stores nothing new; the same key with another
//	@description	body is 422; a key still in flight is 409. Connectors should send one key per attempt record.
//	@description
//	@description				Errors are RFC 9457 `application/problem+json` bodies: `type`, `title`, `status`, `detail`, and
//	@description				for validation failures (422) an `errors` list of `{field, message}`. 429 and 503 carry
//	@description				`Retry-After`. Timestamps are RFC 3339 in UTC; money is integer minor units (`total_cents`).
//	@contact.name				orders-api team
//	@license.name				Proprietary
//	@BasePath					/
//
//	@tag.name					orders
//	@tag.description			The store's orders, each with its integration summary: the list of the admin panel (with the "failed integration" filter) and the orders connectors read to send.
//	@tag.name					integration-history
//	@tag.description			Integration attempts: one record per send of an order to an external system, with its status (pending = Pendente, success = Concluído, error = Erro), system, message and time.
//	@tag.name					integration-requests
//	@tag.description			Re-integration: ask that an order be sent to a system again (Reenviar, one order; Reenviar todos, by filter, as a bulk job), and the lease queue from which that system's connector takes the work.
//	@tag.name					contract
//	@tag.description			This contract, as OpenAPI 3.0 (the Swagger UI is at /swagger/index.html).
//	@tag.name					health
//	@tag.description			Probes and metrics for the platform, without a key.
//
//	@securityDefinitions.apikey	BearerAuth
//	@in							header
//	@name						Authorization
//	@description				`Bearer <key>`: an API key (oak_..., created by an operator with `orders-api keys create`), or for the admin SPA its users' JWT (docs/SECURITY.md).

// Command orders-api is the orders-api service and its operator commands:
// serve (the default), demo, migrate, keys, healthcheck and retention
// (internal/cli). Run it with -h for the commands and the environment
// variables it reads.
package main
