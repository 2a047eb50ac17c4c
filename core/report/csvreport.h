// The per-position statistics of a run as CSV: one row per sample and position.
#pragma once

#include "analysis/runresult.h"

#include <optional>

namespace qc {

QByteArray runToCsv(const RunResult &run);
// Returns a sentence saying what failed, if anything.
std::optional<QString> writeCsvReport(const RunResult &run, const QString &path);

} // namespace qc
