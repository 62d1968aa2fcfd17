# Developer and CI tasks of orders-api. Every target runs from the repo root.
# CI runs .ci/run, which uses docs-check, api-check, ui-check, lint's go vet and the test command (make test).

GO    ?= go
BIN   := bin/orders-api
# swag is pinned: the generated docs/ must not change with the machine.
SWAG  := $(GO) run github.com/swaggo/swag/cmd/swag@v1.16.6
# The swag general API info (@title, @securityDefinitions...) lives in
# cmd/orders-api/doc.go, and swag reads it only from the file given by -g.
SWAG_MAIN := cmd/orders-api/doc.go
# The Node tools of api/ (linters, openapi-typescript, tsc, swagger-ui-dist)
# are pinned in api/package.json and api/package-lock.json.
NPM   := npm --prefix api
# The admin screen (web/admin): its Node tools are pinned in
# web/admin/package.json and package-lock.json; the bundle goes to
# internal/adminui/dist, which the binary embeds.
NPM_UI := npm --prefix web/admin
UI_DIST := internal/adminui/dist
# The swagger-ui-dist files that internal/swaggerui embeds.
SWAGGER_UI_FILES := swagger-ui-bundle.js swagger-ui.css favicon-32x32.png favicon-16x16.png LICENSE NOTICE

.PHONY: build run test docs docs-check api-check swagger-ui ui ui-check lint migrate bench

## build: a static binary in bin/orders-api
build:
	CGO_ENABLED=0 $(GO) build -o $(BIN) ./cmd/orders-api

## run: serve on HTTP_ADDR (default :8080) with DATABASE_URL from the environment
run:
	$(GO) run ./cmd/orders-api serve

# BACKEND_PKGS are the suites that run once per storage engine (TEST_DB):
# the database, HTTP, re-integration and demo-seeding tests.
BACKEND_PKGS := ./internal/database/... ./internal/httpapi/... ./internal/request/... ./internal/demo/...

## test: the test suite, as in the README: every package on PostgreSQL
## (TEST_DATABASE_URL), then the database, HTTP and demo suites again on SQLite
test:
	TEST_DB=postgres $(GO) test -race -count=1 ./...
	TEST_DB=sqlite $(GO) test -race -count=1 $(BACKEND_PKGS)

## docs: format the swag annotations, regenerate docs/ (swag's Swagger 2.0)
## and from it the published OpenAPI 3.0 contract, api/openapi.yaml and .json
docs:
	$(SWAG) fmt
	$(SWAG) init -g $(SWAG_MAIN) -o docs --outputTypes go,json,yaml
	$(GO) run ./cmd/openapi-gen -swagger docs/swagger.json -examples api/examples -out api

## docs-check: fail when the committed docs/ or api/ differ from freshly generated ones
docs-check: docs
	git diff --exit-code -- docs/ api/
	@new=$$(git ls-files --others --exclude-standard -- docs/ api/); \
	if [ -n "$$new" ]; then echo "docs-check: generated files not committed:"; echo "$$new"; exit 1; fi

## api-check: lint api/openapi.yaml (Redocly, Spectral with the OWASP rules) and
## compile the TypeScript example of the admin SPA's calls against types generated from it
api-check:
	$(NPM) ci --no-audit --no-fund
	$(NPM) run lint
	$(NPM) run client-check
	@for f in $(SWAGGER_UI_FILES); do \
	  cmp -s api/node_modules/swagger-ui-dist/$$f internal/swaggerui/dist/$$f || \
	  { echo "api-check: internal/swaggerui/dist/$$f differs from swagger-ui-dist of api/package.json: run make swagger-ui"; exit 1; }; \
	done

## swagger-ui: copy swagger-ui-dist (pinned in api/package.json) into internal/swaggerui/dist
swagger-ui:
	$(NPM) ci --no-audit --no-fund
	for f in $(SWAGGER_UI_FILES); do cp api/node_modules/swagger-ui-dist/$$f internal/swaggerui/dist/$$f; done

## ui: rebuild the admin screen served at /admin/: npm ci in web/admin, types
## from api/openapi.yaml (openapi-typescript), tsc --noEmit, then esbuild into
## internal/adminui/dist (commit it: the binary embeds it)
ui:
	$(NPM_UI) ci --no-audit --no-fund
	$(NPM_UI) run build

## ui-check: fail when the admin screen does not type-check against the
## contract, or when the committed bundle differs from a fresh build
ui-check: ui
	git diff --exit-code -- $(UI_DIST)
	@new=$$(git ls-files --others --exclude-standard -- $(UI_DIST)); \
	if [ -n "$$new" ]; then echo "ui-check: built files not committed (run make ui and commit):"; echo "$$new"; exit 1; fi

## lint: go vet
lint:
	$(GO) vet ./...

## migrate: apply pending migrations to DATABASE_URL
migrate:
	$(GO) run ./cmd/orders-api migrate

## bench: the SPEC 8 benchmark (docs/PERFORMANCE.md): seeds orders_bench with
## 100,000 orders and 1,000,000 attempts on the PostgreSQL of BENCH_DATABASE_URL
## (default: postgres@127.0.0.1:5432, a superuser), loads bin/orders-api with wrk
## (apt-get install wrk) next to the same SQL run in-process, and prints one
## table; 5-7 minutes, loopback only. BENCH_FLAGS passes flags, such as -keep.
bench: build
	CGO_ENABLED=0 $(GO) build -o bin/orders-bench ./cmd/orders-bench
	bin/orders-bench -server $(BIN) $(BENCH_FLAGS)
