# Developer and CI tasks of orders-api. Every target runs from the repo root.
# CI runs .ci/run, which uses docs-check, lint's go vet and the test command.

GO    ?= go
BIN   := bin/orders-api
# swag is pinned: the generated docs/ must not change with the machine.
SWAG  := $(GO) run github.com/swaggo/swag/cmd/swag@v1.16.6
# The swag general API info (@title, @securityDefinitions...) lives in
# cmd/orders-api/doc.go, and swag reads it only from the file given by -g.
SWAG_MAIN := cmd/orders-api/doc.go

.PHONY: build run test docs docs-check lint migrate

## build: a static binary in bin/orders-api
build:
	CGO_ENABLED=0 $(GO) build -o $(BIN) ./cmd/orders-api

## run: serve on HTTP_ADDR (default :8080) with DATABASE_URL from the environment
run:
	$(GO) run ./cmd/orders-api serve

## test: the test suite, as in the README (PostgreSQL from TEST_DATABASE_URL)
test:
	$(GO) test -race -count=1 ./...

## docs: format the swag annotations and regenerate docs/ (Swagger 2.0)
docs:
	$(SWAG) fmt
	$(SWAG) init -g $(SWAG_MAIN) -o docs --outputTypes go,json,yaml

## docs-check: fail when the committed docs/ differ from freshly generated ones
docs-check: docs
	git diff --exit-code -- docs/
	@new=$$(git ls-files --others --exclude-standard -- docs/); \
	if [ -n "$$new" ]; then echo "docs-check: generated files not committed:"; echo "$$new"; exit 1; fi

## lint: go vet
lint:
	$(GO) vet ./...

## migrate: apply pending migrations to DATABASE_URL
migrate:
	$(GO) run ./cmd/orders-api migrate
