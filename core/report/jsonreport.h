// The results of a run as JSON, in the schema `qualcluster analyze --json` documents.
#pragma once

#include "analysis/runresult.h"

#include <QJsonObject>

#include <optional>

class QIODevice;

namespace qc {

// "run" holds "lost_engines" ({id, pid, host, how} each) only when an engine ended during the run.
// minQv20: a read with fewer bases of quality >= 20 counts as failed in each folder's "qc".
// Streams the run to `device` (open for writing) as indented JSON, laid out and ordered as
// QJsonDocument::toJson writes it, in memory that does not grow with the number of reads.
// False if a write to the device failed.
bool writeRunJson(QIODevice *device, const RunResult &run, int minQv20 = kDefaultMinQv20);
// Returns a sentence saying what failed, if anything. Written atomically (QSaveFile).
std::optional<QString> writeJsonReport(const RunResult &run, const QString &path, int minQv20 = kDefaultMinQv20);

// The same document as a tree, for code that wants to look inside it (it parses what
// writeRunJson writes, so it is never the way to write a report).
QJsonObject runToJson(const RunResult &run, int minQv20 = kDefaultMinQv20);

} // namespace qc
