package sqldb

import (
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// GormConfig keeps GORM quiet and lean: errors are returned (and logged by
// the caller when internal), never logged here with their SQL parameters;
// single statements run without a wrapping transaction.
func GormConfig() *gorm.Config {
	return &gorm.Config{
		SkipDefaultTransaction: true,
		DisableAutomaticPing:   true, // Open pings with its context instead
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
	}
}
