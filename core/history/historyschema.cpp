#include "historyschema.h"

namespace qc {

QStringList historySchemaStatements()
{
    // Times are milliseconds since the epoch (UTC); lists (hosts, errors, outputs) are lines of
    // text. The whole result is one compressed blob in run_results, kept apart from runs so that
    // listing runs never reads it.
    return {
        QStringLiteral("CREATE TABLE IF NOT EXISTS runs ("
                       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                       " started_at INTEGER NOT NULL, finished_at INTEGER NOT NULL,"
                       " source TEXT NOT NULL, profile TEXT NOT NULL, launcher TEXT NOT NULL, hosts TEXT NOT NULL,"
                       " mode TEXT NOT NULL, engines INTEGER NOT NULL,"
                       " wall_seconds REAL NOT NULL, serial_seconds REAL, ideal_seconds REAL,"
                       " startup_seconds REAL NOT NULL, speedup REAL, efficiency REAL,"
                       " exit_status INTEGER NOT NULL, errors TEXT NOT NULL, outputs TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS run_folders ("
                       " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                       " position INTEGER NOT NULL, path TEXT NOT NULL, name TEXT NOT NULL,"
                       " files INTEGER NOT NULL, reads INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS run_results ("
                       " run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,"
                       " format INTEGER NOT NULL, data BLOB NOT NULL)"),
        QStringLiteral(
            "CREATE TABLE IF NOT EXISTS run_tasks ("
            " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
            " task_id INTEGER NOT NULL, sample TEXT NOT NULL, engine INTEGER NOT NULL,"
            " pid INTEGER NOT NULL, host TEXT NOT NULL, start_us INTEGER NOT NULL, end_us INTEGER NOT NULL)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS runs_started_at ON runs(started_at)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS runs_profile ON runs(profile)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS run_folders_path ON run_folders(path)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS run_folders_run ON run_folders(run_id)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS run_tasks_run ON run_tasks(run_id)"),
    };
}

} // namespace qc
