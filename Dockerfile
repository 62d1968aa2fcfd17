# syntax=docker/dockerfile:1

# orders-api container image: a static binary on distroless, run as non-root.
#   docker build -t orders-api .
#   docker run -e DATABASE_URL=postgres://... -p 8080:8080 orders-api
# The process gets SIGTERM on stop and drains requests for SHUTDOWN_TIMEOUT
# (15s): give the container a longer stop timeout (compose: stop_grace_period).

FROM golang:1.26.8 AS build
WORKDIR /src
# Modules first, so that a code change does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/orders-api ./cmd/orders-api \
    && mkdir -p /out/app/data

FROM gcr.io/distroless/static-debian12:nonroot
# The working directory holds ./data, where the embedded database goes when
# DATABASE_URL is empty; it belongs to the nonroot user (65532).
WORKDIR /app
COPY --from=build --chown=65532:65532 /out/app/ /app/
COPY --from=build /out/orders-api /orders-api
USER 65532:65532
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 CMD ["/orders-api", "healthcheck"]
ENTRYPOINT ["/orders-api"]
CMD ["serve"]
