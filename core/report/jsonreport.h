// The results of a run as JSON, in the schema `qualcluster analyze --json` documents.
#pragma once

#include "analysis/runresult.h"

#include <QJsonObject>

#include <optional>

namespace qc {

// minQv20: a read with fewer bases of quality >= 20 counts as failed in each folder's "qc".
QJsonObject runToJson(const RunResult &run, int minQv20 = kDefaultMinQv20);
// Returns a sentence saying what failed, if anything.
std::optional<QString> writeJsonReport(const RunResult &run, const QString &path, int minQv20 = kDefaultMinQv20);

} // namespace qc
