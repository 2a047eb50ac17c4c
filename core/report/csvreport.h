// A run as CSV: the per-position statistics (one row per sample and position), and the per-read
// QC numbers (one row per read).
#pragma once

#include "analysis/runresult.h"

#include <optional>

class QIODevice;

namespace qc {

// Each streams its table to `device` (open for writing) through a small buffer; false if a write
// to the device failed.
bool writeRunCsv(QIODevice *device, const RunResult &run);
bool writeReadsCsv(QIODevice *device, const RunResult &run);

// Returns a sentence saying what failed, if anything. Written atomically (QSaveFile).
std::optional<QString> writeCsvReport(const RunResult &run, const QString &path);
std::optional<QString> writeReadsCsvReport(const RunResult &run, const QString &path);

// The same tables in memory, for small runs.
QByteArray runToCsv(const RunResult &run);
QByteArray readsToCsv(const RunResult &run);

} // namespace qc
