// The run history's tables, and the schema version a database records in PRAGMA user_version.
#pragma once

#include <QStringList>

namespace qc {

// Raised whenever a table or column changes: an older QualCluster then leaves a newer database
// alone instead of writing rows it does not understand.
inline constexpr int kHistorySchemaVersion = 1;

// CREATE statements for a new database, each safe to repeat (IF NOT EXISTS).
QStringList historySchemaStatements();

} // namespace qc
