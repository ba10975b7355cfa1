#!/bin/bash
# Makes a big audit store from a simulated one: the source store's flow versions, and its
# traversal log and sessions copied N times, each copy's session numbers moved up by the
# source's largest and its session ids and journeys suffixed (~1, ~2, ...). The copies'
# hash chains do not verify (ids are hashed); the audit does not read hashes.
#
#   Benchmarks/Scripts/repeat-month.sh SOURCE.sqlite DEST.sqlite COPIES
#
# docs/benchmarks.md, "Conformance": a 12-million-contact month from the 1 M store.
set -euo pipefail
SRC=${1:?source store}; DST=${2:?destination store}; COPIES=${3:?number of copies}
[ -f "$SRC" ] || { echo "no store at $SRC" >&2; exit 1; }
rm -f "$DST" "$DST-wal" "$DST-shm"
sqlite3 "$SRC" .schema | grep -v sqlite_sequence | sqlite3 "$DST"
STEP=$(sqlite3 "$SRC" "SELECT max(number) FROM sessions")
COLS="sequence, contact_point, flow, version, depth, from_state, to_state, trigger, event, guard, origin, reason, actor, role, org_unit, channel, entered_at, left_at, outcome, changes, note, previous_hash, hash"
# The audit's packed fields (stores of v2 on) hold no session id or journey: copied as they are.
if [ -n "$(sqlite3 "$SRC" "SELECT 1 FROM pragma_table_info('traversal_log') WHERE name = 'audit_fields'")" ]; then
    COLS="$COLS, audit_fields"
fi
{
    echo "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;"
    echo "ATTACH '$SRC' AS src;"
    for table in grdb_migrations flow_versions current_versions publications; do
        echo "INSERT INTO main.$table SELECT * FROM src.$table;"
    done
    for k in $(seq 0 $((COPIES - 1))); do
        if [ "$k" = 0 ]; then SUFFIX="''"; else SUFFIX="'~$k'"; fi
        echo "BEGIN;"
        echo "INSERT INTO main.traversal_log (session_number, session, journey, $COLS)" \
            "SELECT session_number + $k * $STEP, session || $SUFFIX, journey || $SUFFIX, $COLS FROM src.traversal_log ORDER BY rowid;"
        echo "INSERT INTO main.sessions SELECT number + $k * $STEP, id || $SUFFIX, status, state, last_sequence, last_hash, updated_at" \
            "FROM src.sessions ORDER BY number;"
        echo "COMMIT;"
        echo "SELECT 'copy $((k + 1)) of $COPIES done';"
    done
} | sqlite3 "$DST"
