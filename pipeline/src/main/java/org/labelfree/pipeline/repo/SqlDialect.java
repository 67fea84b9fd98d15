package org.labelfree.pipeline.repo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * The few differences between the registry's databases, in one place. The schema and every statement of
 * {@link JdbcRegistry} are portable SQL (SQLite and PostgreSQL); only connecting differs.
 */
enum SqlDialect {
  /**
   * SQLite: foreign keys on (off by default in SQLite), WAL journal (readers do not block the writer), a busy timeout
   * so that two processes can share one repository, and {@code BEGIN IMMEDIATE} transactions (a writer takes the
   * write lock at the start of its transaction, so that two writers queue instead of failing with SQLITE_BUSY).
   */
  SQLITE {
    @Override
    Connection connect(String url) throws SQLException {
      SQLiteConfig config = new SQLiteConfig();
      config.enforceForeignKeys(true);
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setBusyTimeout(BUSY_TIMEOUT_MS);
      config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
      return config.createConnection(url);
    }
  },
  /** Any other JDBC database (PostgreSQL): defaults of the driver. */
  GENERIC {
    @Override
    Connection connect(String url) throws SQLException {
      return DriverManager.getConnection(url);
    }
  };

  /** How long a SQLite connection waits for another process's lock (milliseconds). */
  static final int BUSY_TIMEOUT_MS = 60_000;

  /** Opens a connection to {@code url}, configured for this dialect. */
  abstract Connection connect(String url) throws SQLException;

  /** The dialect of a JDBC URL. */
  static SqlDialect forUrl(String url) {
    return url.startsWith("jdbc:sqlite:") ? SQLITE : GENERIC;
  }
}
