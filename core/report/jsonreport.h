// The results of a run as JSON, in the schema `qualcluster analyze --json` documents.
#pragma once

#include "analysis/runresult.h"

#include <QJsonObject>

#include <optional>

namespace qc {

QJsonObject runToJson(const RunResult &run);
// Returns a sentence saying what failed, if anything.
std::optional<QString> writeJsonReport(const RunResult &run, const QString &path);

} // namespace qc
