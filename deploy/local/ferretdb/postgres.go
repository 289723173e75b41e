package main

// FerretDB 1.24's PostgreSQL backend pushes top-level scalar equality filters down to SQL as
// `_jsonb -> 'key' @> value`, but the btree indexes it creates for createIndex cannot serve `@>`,
// so even an `_id` lookup scans the table. An event trigger, installed once per database, gives every
// btree index FerretDB creates a GIN companion on the same expressions (jsonb_path_ops), which does
// serve `@>`; `plan_cache_mode = force_custom_plan` lets the planner see the key, so it matches.

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
)

const ginCompanion = `
CREATE OR REPLACE FUNCTION csp_mesh_gin_companion() RETURNS event_trigger LANGUAGE plpgsql AS $fn$
DECLARE
  cmd record;
  idx record;
  cols text[];
BEGIN
  FOR cmd IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE INDEX' LOOP
    SELECT x.indexrelid, x.indnatts, am.amname, ic.relname AS index_name, tc.relname AS table_name,
           n.nspname AS schema_name
      INTO idx
      FROM pg_index x
      JOIN pg_class ic ON ic.oid = x.indexrelid
      JOIN pg_class tc ON tc.oid = x.indrelid
      JOIN pg_am am ON am.oid = ic.relam
      JOIN pg_namespace n ON n.oid = tc.relnamespace
     WHERE x.indexrelid = cmd.objid;
    -- Only FerretDB's btree indexes on the document column; the companion itself is GIN.
    CONTINUE WHEN idx IS NULL OR idx.amname <> 'btree';
    cols := ARRAY[]::text[];
    FOR i IN 1..idx.indnatts LOOP
      cols := cols || ('(' || pg_get_indexdef(idx.indexrelid, i, true) || ') jsonb_path_ops');
    END LOOP;
    CONTINUE WHEN array_to_string(cols, ',') NOT LIKE '%_jsonb%';
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin (%s)',
      left(idx.index_name, 59) || '_gin', idx.schema_name, idx.table_name, array_to_string(cols, ', '));
  END LOOP;
END
$fn$;
DROP EVENT TRIGGER IF EXISTS csp_mesh_gin_companion;
CREATE EVENT TRIGGER csp_mesh_gin_companion ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION csp_mesh_gin_companion();
`

// preparePostgres creates the database named in pgURL if it is missing, installs the GIN companion
// trigger in it and sets the planner mode. Idempotent; waits up to a minute for the server.
func preparePostgres(ctx context.Context, pgURL string) error {
	u, err := url.Parse(pgURL)
	if err != nil {
		return fmt.Errorf("bad -postgresql-url: %w", err)
	}
	dbName := u.Path
	if len(dbName) > 1 {
		dbName = dbName[1:]
	}
	if dbName == "" {
		return fmt.Errorf("-postgresql-url must name a database")
	}
	admin := *u
	admin.Path = "/postgres"
	admin.RawQuery = ""

	var conn *pgx.Conn
	deadline := time.Now().Add(time.Minute)
	for {
		conn, err = pgx.Connect(ctx, admin.String())
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("PostgreSQL not reachable: %w", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, dbName).Scan(&exists); err != nil {
		conn.Close(ctx)
		return err
	}
	if !exists {
		if _, err := conn.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{dbName}.Sanitize()); err != nil {
			conn.Close(ctx)
			return err
		}
	}
	if _, err := conn.Exec(ctx, `ALTER DATABASE `+pgx.Identifier{dbName}.Sanitize()+` SET plan_cache_mode = force_custom_plan`); err != nil {
		conn.Close(ctx)
		return err
	}
	conn.Close(ctx)

	target := *u
	target.RawQuery = ""
	db, err := pgx.Connect(ctx, target.String())
	if err != nil {
		return err
	}
	defer db.Close(ctx)
	_, err = db.Exec(ctx, ginCompanion)
	return err
}
