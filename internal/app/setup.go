package app

import (
	"context"
	"io"
	"log/slog"

	"github.com/orders-api/orders-api/internal/config"
)

// Configure loads the configuration given by getenv, builds the logger on
// logs (stderr) and logs the effective configuration, secrets masked, at
// level: info for the server, debug for the quick operator commands.
func Configure(getenv func(string) string, logs io.Writer, level slog.Level) (config.Config, *slog.Logger, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return config.Config{}, nil, err
	}
	logger := NewLogger(cfg, logs)
	logger.Log(context.Background(), level, "configuration", slog.Any("config", cfg))
	return cfg, logger, nil
}

// Start is Configure, then New: the start of every command that uses the
// database.
func Start(ctx context.Context, getenv func(string) string, logs io.Writer, level slog.Level, opts Options) (*App, error) {
	cfg, logger, err := Configure(getenv, logs, level)
	if err != nil {
		return nil, err
	}
	return New(ctx, cfg, logger, opts)
}

// NewLogger returns the process logger: JSON or text lines on w.
func NewLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == config.FormatText {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
