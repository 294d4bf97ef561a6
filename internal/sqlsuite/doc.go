// Package sqlsuite holds the datasource-level tests of SQL sources: QueryData,
// CheckHealth and alerting frames on real PostgreSQL, MariaDB and SQLite, and
// the cross-source test that compares them with Prometheus on the same events.
package sqlsuite
