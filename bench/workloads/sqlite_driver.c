/* Drives the SQLite amalgamation through a typical mix: bulk inserts in transactions,
 * indexed point and range queries, updates and deletes in transactions. The database is
 * a file (PATH, removed first) with synchronous=OFF and the journal in memory, so the run measures SQLite and its
 * allocations rather than the disk. Any SQLite error ends the run with exit code 2.
 * Usage: sqlite_driver PATH [ROWS]   (default 50000 rows; about 1-2 s uninstrumented) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sqlite3.h"

static sqlite3 *db;

static void Check(int rc, const char *what) {
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) {
    fprintf(stderr, "sqlite_driver: %s: %s\n", what, sqlite3_errmsg(db));
    exit(2);
  }
}

static void Exec(const char *sql) { Check(sqlite3_exec(db, sql, 0, 0, 0), sql); }

static sqlite3_stmt *Prepare(const char *sql) {
  sqlite3_stmt *s = 0;
  Check(sqlite3_prepare_v2(db, sql, -1, &s, 0), sql);
  return s;
}

static unsigned g_rng = 2463534242u;
static unsigned Rand(void) {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 17;
  g_rng ^= g_rng << 5;
  return g_rng;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: sqlite_driver PATH [ROWS]\n");
    return 2;
  }
  const char *path = argv[1];
  int rows = argc > 2 ? atoi(argv[2]) : 50000;
  char buf[256], wal[1024];
  unlink(path);
  snprintf(wal, sizeof wal, "%s-journal", path);
  unlink(wal);
  Check(sqlite3_open(path, &db), "open");
  Exec("PRAGMA synchronous=OFF");
  Exec("PRAGMA journal_mode=MEMORY");
  Exec("PRAGMA cache_size=-16000");
  Exec("CREATE TABLE item(id INTEGER PRIMARY KEY, k INTEGER, name TEXT, qty INTEGER, payload BLOB)");
  Exec("CREATE INDEX item_k ON item(k)");
  Exec("CREATE INDEX item_name ON item(name)");

  /* Inserts, 1000 rows per transaction. */
  sqlite3_stmt *ins = Prepare("INSERT INTO item(k, name, qty, payload) VALUES(?, ?, ?, ?)");
  char payload[200];
  for (int i = 0; i < rows; ++i) {
    if (i % 1000 == 0) Exec("BEGIN");
    unsigned r = Rand();
    int n = snprintf(buf, sizeof buf, "name-%u-%d", r % 100000, i);
    int plen = 20 + (int)(r % 180);
    memset(payload, 'a' + (int)(r % 26), (size_t)plen);
    sqlite3_bind_int(ins, 1, (int)(r % (unsigned)(rows / 4 + 1)));
    sqlite3_bind_text(ins, 2, buf, n, SQLITE_TRANSIENT);
    sqlite3_bind_int(ins, 3, (int)(r % 1000));
    sqlite3_bind_blob(ins, 4, payload, plen, SQLITE_TRANSIENT);
    Check(sqlite3_step(ins), "insert");
    sqlite3_reset(ins);
    if (i % 1000 == 999 || i == rows - 1) Exec("COMMIT");
  }
  sqlite3_finalize(ins);

  /* Indexed point queries and short range scans. */
  long long total = 0;
  sqlite3_stmt *byk = Prepare("SELECT id, qty, length(payload) FROM item WHERE k = ?");
  for (int i = 0; i < rows; ++i) {
    sqlite3_bind_int(byk, 1, (int)(Rand() % (unsigned)(rows / 4 + 1)));
    while (sqlite3_step(byk) == SQLITE_ROW) total += sqlite3_column_int(byk, 1);
    sqlite3_reset(byk);
  }
  sqlite3_finalize(byk);
  sqlite3_stmt *range = Prepare("SELECT name, qty FROM item WHERE name >= ? ORDER BY name LIMIT 20");
  for (int i = 0; i < rows / 10; ++i) {
    int n = snprintf(buf, sizeof buf, "name-%u", Rand() % 100000);
    sqlite3_bind_text(range, 1, buf, n, SQLITE_TRANSIENT);
    while (sqlite3_step(range) == SQLITE_ROW) total += sqlite3_column_bytes(range, 0);
    sqlite3_reset(range);
  }
  sqlite3_finalize(range);

  /* Updates and deletes, 500 statements per transaction. */
  sqlite3_stmt *upd = Prepare("UPDATE item SET qty = qty + 1, name = ? WHERE id = ?");
  sqlite3_stmt *del = Prepare("DELETE FROM item WHERE k = ?");
  for (int i = 0; i < rows / 2; ++i) {
    if (i % 500 == 0) Exec("BEGIN");
    unsigned r = Rand();
    if (r % 8 == 0) {
      sqlite3_bind_int(del, 1, (int)(r % (unsigned)(rows / 4 + 1)));
      Check(sqlite3_step(del), "delete");
      sqlite3_reset(del);
    } else {
      int n = snprintf(buf, sizeof buf, "renamed-%u", r % 50000);
      sqlite3_bind_text(upd, 1, buf, n, SQLITE_TRANSIENT);
      sqlite3_bind_int(upd, 2, (int)(r % (unsigned)rows) + 1);
      Check(sqlite3_step(upd), "update");
      sqlite3_reset(upd);
    }
    if (i % 500 == 499 || i == rows / 2 - 1) Exec("COMMIT");
  }
  sqlite3_finalize(upd);
  sqlite3_finalize(del);

  sqlite3_stmt *agg = Prepare("SELECT count(*), sum(qty) FROM item");
  if (sqlite3_step(agg) == SQLITE_ROW) total += sqlite3_column_int64(agg, 0) + sqlite3_column_int64(agg, 1);
  sqlite3_finalize(agg);
  Check(sqlite3_close(db), "close");
  unlink(path);
  printf("sqlite_driver: %d rows, checksum %lld\n", rows, total);
  return 0;
}
