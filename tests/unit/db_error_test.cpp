// sync/common's DbError carries SQLite's result code, so callers tell a damaged file or a full disk apart
// without reading the message.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "sync/common/sqlite_db.h"
#include "test_util.h"

TEST(DbError, ANonDatabaseFileIsCorrupt) {
  testutil::TempDir dir;
  const std::string path = dir.file("not_a_db.db");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 4096; ++i) out.put(static_cast<char>((i * 131 + 7) & 0xff));
  }
  try {
    sync_db::Db db(path);
    FAIL() << "opened a file that is not a database";
  } catch (const sync_db::DbError& e) {
    EXPECT_EQ(e.primary_code(), SQLITE_NOTADB) << e.what();
    EXPECT_TRUE(e.is_corrupt());
    EXPECT_FALSE(e.is_full());
  }
}

TEST(DbError, AFullDatabaseIsFull) {
  testutil::TempDir dir;
  sync_db::Db db(dir.file("full.db"));
  db.exec("CREATE TABLE t (x BLOB)");
  db.exec("PRAGMA max_page_count=8");  // the disk is "full" after a few pages
  try {
    for (int i = 0; i < 100; ++i) db.exec("INSERT INTO t VALUES (zeroblob(4000))");
    FAIL() << "the database never filled up";
  } catch (const sync_db::DbError& e) {
    EXPECT_TRUE(e.is_full()) << e.code() << " " << e.what();
    EXPECT_FALSE(e.is_corrupt());
  }
}

TEST(DbError, OtherFailuresKeepTheirCode) {
  testutil::TempDir dir;
  sync_db::Db db(dir.file("constraint.db"));
  db.exec("CREATE TABLE t (x INTEGER PRIMARY KEY)");
  db.exec("INSERT INTO t VALUES (1)");
  try {
    sync_db::Stmt(db, "INSERT INTO t VALUES (1)").run();
    FAIL() << "a duplicate key went in";
  } catch (const sync_db::DbError& e) {
    EXPECT_EQ(e.code(), SQLITE_CONSTRAINT_PRIMARYKEY) << e.what();
    EXPECT_FALSE(e.is_corrupt());
    EXPECT_FALSE(e.is_full());
  }
  try {
    sync_db::Stmt(db, "SELECT nothing FROM nowhere");
    FAIL() << "prepared a query on a missing table";
  } catch (const sync_db::DbError& e) {
    EXPECT_EQ(e.primary_code(), SQLITE_ERROR);
  }
  EXPECT_EQ(sync_db::DbError("ours").code(), 0);
}
