// A run as CSV: the per-position statistics (one row per sample and position), and the per-read
// QC numbers (one row per read).
#pragma once

#include "analysis/runresult.h"

#include <optional>

namespace qc {

QByteArray runToCsv(const RunResult &run);
// Returns a sentence saying what failed, if anything.
std::optional<QString> writeCsvReport(const RunResult &run, const QString &path);

QByteArray readsToCsv(const RunResult &run);
std::optional<QString> writeReadsCsvReport(const RunResult &run, const QString &path);

} // namespace qc
