import type Database from 'better-sqlite3'
import type { CaseState } from '../../domain/cases/caseState'
import { caseMarks } from '../../domain/cases/marks'

type Step = string | ((db: Database.Database) => void)

/**
 * Versioned schema, applied in order and recorded in `user_version`. Never edit a shipped step:
 * add the next one. The event log is the truth; `cases` and `risks` are its current-state projection
 * (queried columns broken out, the whole state kept as JSON).
 */
export const MIGRATIONS: Step[] = [
  `
  CREATE TABLE regions (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, parent TEXT,
    path TEXT NOT NULL, lng REAL, lat REAL
  );
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
    at INTEGER NOT NULL, received_at INTEGER NOT NULL, body TEXT NOT NULL
  );
  CREATE TABLE cases (
    id TEXT PRIMARY KEY, region_code TEXT NOT NULL, region_path TEXT NOT NULL, stage TEXT NOT NULL,
    reported_at INTEGER NOT NULL, due_at INTEGER NOT NULL, yellow_at INTEGER NOT NULL,
    resolved_at INTEGER, followed_up_at INTEGER, supervised_color TEXT, updated_at INTEGER NOT NULL,
    state TEXT NOT NULL
  );
  CREATE INDEX cases_by_path ON cases (region_path, reported_at DESC);
  CREATE INDEX cases_open_by_due ON cases (due_at) WHERE resolved_at IS NULL;
  CREATE TABLE risks (
    id TEXT PRIMARY KEY, region_code TEXT NOT NULL, region_path TEXT NOT NULL, status TEXT NOT NULL,
    state TEXT NOT NULL
  );
  CREATE INDEX risks_by_path ON risks (region_path);
  CREATE TABLE accounts (
    id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
    role TEXT NOT NULL, scope TEXT, personal_data INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id), kind TEXT NOT NULL,
    scope TEXT, label TEXT, created_at INTEGER NOT NULL, expires_at INTEGER
  );
  CREATE TABLE ingest_keys (key_hash TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL);
  `,
  // Step 2: events indexed by subject (case timelines), alarms with their life, and the audit trail.
  `
  ALTER TABLE events ADD COLUMN subject TEXT;
  UPDATE events SET subject = coalesce(json_extract(body, '$.caseId'), json_extract(body, '$.riskId'));
  CREATE INDEX events_by_subject ON events (subject, seq);
  CREATE TABLE alarms (
    id INTEGER PRIMARY KEY, episode TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, subject_id TEXT NOT NULL,
    region_code TEXT NOT NULL, region_path TEXT NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL,
    raised_at INTEGER NOT NULL, ack_by TEXT, ack_at INTEGER, ack_note TEXT, cleared_at INTEGER,
    closed_by TEXT, closed_at INTEGER, close_note TEXT
  );
  CREATE INDEX alarms_open ON alarms (status, region_path) WHERE status <> 'closed';
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    target TEXT NOT NULL, note TEXT
  );
  CREATE INDEX audit_by_target ON audit (target, id);
`,
  // Step 3: accounts can be disabled; tokens and ingest keys get public ids (the secrets stay
  // hashed), last-seen times and, for keys, a scope; audit entries carry the region they concern
  // (scoped administrators read their subtree's); failed logins are kept for the lockout; every
  // event records the origin of its batch (the ingest key, or the account acting at the desk).
  `
  ALTER TABLE accounts ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE tokens_v3 (
    id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, account_id INTEGER NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL, scope TEXT, label TEXT, created_at INTEGER NOT NULL, expires_at INTEGER, last_seen_at INTEGER
  );
  INSERT INTO tokens_v3 (id, token_hash, account_id, kind, scope, label, created_at, expires_at)
    SELECT substr(token_hash, 1, 24), token_hash, account_id, kind, scope, label, created_at, expires_at FROM tokens;
  DROP TABLE tokens;
  ALTER TABLE tokens_v3 RENAME TO tokens;
  CREATE INDEX tokens_by_account ON tokens (account_id, kind, created_at);
  CREATE TABLE ingest_keys_v3 (
    id TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL, scope TEXT,
    created_at INTEGER NOT NULL, created_by TEXT, last_used_at INTEGER
  );
  INSERT INTO ingest_keys_v3 (id, key_hash, name, created_at) SELECT substr(key_hash, 1, 24), key_hash, name, created_at FROM ingest_keys;
  DROP TABLE ingest_keys;
  ALTER TABLE ingest_keys_v3 RENAME TO ingest_keys;
  ALTER TABLE audit ADD COLUMN region_code TEXT;
  ALTER TABLE audit ADD COLUMN region_path TEXT;
  UPDATE audit SET
    region_code = (SELECT a.region_code FROM alarms a WHERE 'alarm:' || a.id = audit.target),
    region_path = (SELECT a.region_path FROM alarms a WHERE 'alarm:' || a.id = audit.target)
    WHERE target LIKE 'alarm:%';
  UPDATE audit SET
    region_code = (SELECT c.region_code FROM cases c WHERE 'case:' || c.id = audit.target),
    region_path = (SELECT c.region_path FROM cases c WHERE 'case:' || c.id = audit.target)
    WHERE target LIKE 'case:%';
  CREATE INDEX audit_by_actor ON audit (actor, action, at);
  CREATE INDEX audit_by_at ON audit (at);
  CREATE TABLE login_failures (username TEXT NOT NULL, at INTEGER NOT NULL);
  CREATE INDEX login_failures_by_username ON login_failures (username, at);
  ALTER TABLE events ADD COLUMN origin_key TEXT;
  ALTER TABLE events ADD COLUMN origin_actor TEXT;
`,
  // Step 4: the log's batches (commit position, commit time, node, origin: the batch's origin moves
  // from its events' columns, no longer written, to its row) and a case's stored marks
  // (domain/cases/marks.ts) instead of colour rules in SQL.
  (db) => {
    db.exec(`
    CREATE TABLE batches (
      seq INTEGER PRIMARY KEY, first_seq INTEGER NOT NULL, committed_at INTEGER NOT NULL,
      node_id TEXT NOT NULL, key_id TEXT, actor TEXT
    );
    CREATE INDEX batches_by_time ON batches (committed_at);
    -- Events logged before batches existed: each run of events received together from one origin was one batch.
    INSERT INTO batches (seq, first_seq, committed_at, node_id, key_id, actor)
      SELECT max(seq), min(seq), received_at, 'before-batches', origin_key, origin_actor FROM (
        SELECT seq, received_at, origin_key, origin_actor,
          seq - row_number() OVER (PARTITION BY received_at, origin_key, origin_actor ORDER BY seq) AS run FROM events
      ) GROUP BY received_at, origin_key, origin_actor, run ORDER BY 1;
    ALTER TABLE cases ADD COLUMN title TEXT NOT NULL DEFAULT '';
    ALTER TABLE cases ADD COLUMN category TEXT NOT NULL DEFAULT '';
    ALTER TABLE cases ADD COLUMN overdue_from INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE cases ADD COLUMN green_from INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE cases ADD COLUMN yellow_from INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE cases ADD COLUMN red_from INTEGER NOT NULL DEFAULT 0;
    DROP INDEX cases_open_by_due;
    ALTER TABLE cases DROP COLUMN yellow_at;
    `)
    const update = db.prepare(`UPDATE cases SET title = ?, category = ?, overdue_from = ?, green_from = ?, yellow_from = ?, red_from = ? WHERE rowid = ?`)
    const page = db.prepare(`SELECT rowid AS r, state FROM cases WHERE rowid > ? ORDER BY rowid LIMIT 10000`)
    // In pages: a statement cannot update the table it is still iterating.
    for (let after = 0, rows = page.all(after) as Array<{ r: number; state: string }>; rows.length > 0; rows = page.all(after) as typeof rows) {
      for (const row of rows) {
        const c = JSON.parse(row.state) as CaseState
        const m = caseMarks(c)
        update.run(c.title, c.category, m.overdueFrom, m.greenFrom, m.yellowFrom, m.redFrom, row.r)
      }
      after = rows.at(-1)!.r
    }
    // Open cases only, as the index it replaces: resolved ones are never overdue nor coloured.
    db.exec(`CREATE INDEX cases_open_by_urgency ON cases (overdue_from) WHERE resolved_at IS NULL`)
  },
  // Step 5: the duty room's shift: duty-log entries, the roster (one row per day, shift and region)
  // and handover records with what the server computed for their shift.
  `
  CREATE TABLE duty_log (
    id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, region_code TEXT NOT NULL,
    region_path TEXT NOT NULL, text TEXT NOT NULL, notable INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX duty_log_by_path ON duty_log (region_path, at);
  CREATE INDEX duty_log_by_at ON duty_log (at);
  CREATE TABLE roster (
    day TEXT NOT NULL, shift INTEGER NOT NULL, region_code TEXT NOT NULL, region_path TEXT NOT NULL,
    officers TEXT NOT NULL, leader TEXT, updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL,
    PRIMARY KEY (day, shift, region_code)
  );
  CREATE TABLE handovers (
    id INTEGER PRIMARY KEY, region_code TEXT NOT NULL, region_path TEXT NOT NULL, day TEXT NOT NULL,
    shift INTEGER NOT NULL, period_from INTEGER NOT NULL, period_to INTEGER NOT NULL, created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL, note TEXT NOT NULL, content TEXT NOT NULL
  );
  CREATE INDEX handovers_by_path ON handovers (region_path, created_at);
  CREATE INDEX alarms_by_raised ON alarms (raised_at);
  CREATE INDEX alarms_by_ack ON alarms (ack_at) WHERE ack_at IS NOT NULL;
  `,
  // Step 6: the directory (通讯录): people per region and optionally per risk point ('' = none), one
  // per region, risk point, role and name.
  `
  CREATE TABLE directory (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, phone TEXT NOT NULL, role TEXT NOT NULL,
    region_code TEXT NOT NULL, region_path TEXT NOT NULL, risk_id TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL,
    UNIQUE (region_code, risk_id, role, name)
  );
  CREATE INDEX directory_by_path ON directory (region_path, risk_id, role, name);
  CREATE INDEX directory_by_risk ON directory (risk_id) WHERE risk_id <> '';
  `,
  // Step 7: replay (as of): snapshots of the aggregates at log positions (domain/replay), and alarms
  // by the instant they were raised (the open alarms at an instant). Commit times are in batches
  // since step 4 (rows from before it carry their events' receipt time).
  `
  CREATE TABLE snapshots (
    seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, version INTEGER NOT NULL, bytes INTEGER NOT NULL, body BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS alarms_by_raised ON alarms (raised_at);
  `,
  // Step 8: cameras (视频联动), the projection of `camera.registered` events written with their batch.
  `
  CREATE TABLE cameras (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, region_code TEXT NOT NULL, region_path TEXT NOT NULL,
    lng REAL NOT NULL, lat REAL NOT NULL, stream_url TEXT, platform_url TEXT, registered_at INTEGER NOT NULL
  );
  CREATE INDEX cameras_by_path ON cameras (region_path);
  `,
  // Step 9: the walls' saved playlists (轮播方案): items and schedule as one JSON document, under the
  // nearest region holding every item's (who may see it).
  `
  CREATE TABLE playlists (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, region_code TEXT NOT NULL, region_path TEXT NOT NULL,
    body TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL, updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL
  );
  CREATE INDEX playlists_by_path ON playlists (region_path);
  `,
  // Step 10: imported map files (official boundaries), in the store rather than one node's data
  // directory, so that a map imported on one node is served by every node (server/store/maps.ts;
  // IF NOT EXISTS: harmless on a database that has the table already).
  `
  CREATE TABLE IF NOT EXISTS maps (
    file TEXT PRIMARY KEY, body TEXT NOT NULL, entry TEXT NOT NULL, saved_at INTEGER NOT NULL, bytes INTEGER NOT NULL
  );
  `,
]

export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      const step = MIGRATIONS[v]!
      if (typeof step === 'string') db.exec(step)
      else step(db)
      db.pragma(`user_version = ${v + 1}`)
    })()
  }
  return MIGRATIONS.length
}

