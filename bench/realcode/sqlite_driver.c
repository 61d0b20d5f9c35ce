/* A small SQLite workload for bench/realcode/run.sh: builds tables, indexes and
 * queries in an in-memory database and prints deterministic results, so an
 * instrumented build can be compared with a plain one line by line. Exits non-zero
 * on any SQLite error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite3.h"

static sqlite3 *db;

static void check(int rc, const char *what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fprintf(stderr, "sqlite_driver: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
  }
}

static int print_row(void *arg, int n, char **values, char **names) {
  (void)arg;
  (void)names;
  for (int i = 0; i < n; i++) printf("%s%s", i ? "|" : "", values[i] ? values[i] : "NULL");
  printf("\n");
  return 0;
}

static void query(const char *sql) {
  char *err = NULL;
  printf("-- %s\n", sql);
  if (sqlite3_exec(db, sql, print_row, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "sqlite_driver: %s: %s\n", sql, err);
    exit(1);
  }
}

int main(int argc, char **argv) {
  int rows = argc > 1 ? atoi(argv[1]) : 50000;
  check(sqlite3_open(":memory:", &db), "open");
  query("CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT, category INTEGER, price REAL, note BLOB)");
  query("CREATE TABLE category(id INTEGER PRIMARY KEY, label TEXT)");
  sqlite3_stmt *ins;
  check(sqlite3_prepare_v2(db, "INSERT INTO item(name, category, price, note) VALUES (?, ?, ?, ?)", -1,
                           &ins, NULL),
        "prepare");
  query("BEGIN");
  unsigned seed = 12345;
  char name[64], note[200];
  for (int i = 0; i < rows; i++) {
    seed = seed * 1103515245u + 12345u;
    int len = 5 + (seed >> 16) % 20;
    for (int k = 0; k < len; k++) name[k] = 'a' + (char)((seed >> (k % 24)) % 26);
    name[len] = 0;
    int nlen = (int)((seed >> 8) % sizeof note);
    memset(note, 'a' + i % 26, (size_t)nlen);
    sqlite3_bind_text(ins, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(ins, 2, (int)((seed >> 20) % 50));
    sqlite3_bind_double(ins, 3, (double)((seed >> 4) % 100000) / 100.0);
    sqlite3_bind_blob(ins, 4, note, nlen, SQLITE_TRANSIENT);
    check(sqlite3_step(ins), "insert");
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  for (int c = 0; c < 50; c++) {
    char sql[128];
    snprintf(sql, sizeof sql, "INSERT INTO category VALUES (%d, 'category-%02d')", c, c);
    check(sqlite3_exec(db, sql, NULL, NULL, NULL), "category");
  }
  query("COMMIT");
  query("CREATE INDEX item_by_name ON item(name)");
  query("CREATE INDEX item_by_category ON item(category, price)");
  query("SELECT count(*), round(sum(price), 2), max(length(name)), sum(length(note)) FROM item");
  query("SELECT c.label, count(*), round(avg(i.price), 3) FROM item i JOIN category c ON c.id = i.category "
        "GROUP BY c.label ORDER BY 2 DESC, 1 LIMIT 5");
  query("SELECT name, price FROM item WHERE name LIKE 'ab%' ORDER BY name, id LIMIT 5");
  query("UPDATE item SET price = price * 1.1 WHERE category % 3 = 0");
  query("DELETE FROM item WHERE id % 7 = 0");
  query("SELECT count(*), round(sum(price), 2) FROM item");
  query("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000) "
        "SELECT sum(x), group_concat(x, ',') IS NOT NULL FROM n");
  query("SELECT category, group_concat(substr(name, 1, 2), '') FROM (SELECT * FROM item ORDER BY id LIMIT 40) "
        "GROUP BY category ORDER BY category LIMIT 5");
  query("VACUUM");
  query("PRAGMA integrity_check");
  check(sqlite3_close(db), "close");
  return 0;
}
