// Recording a finished run, as the command line and the window both do it: history is a side
// matter, so this never fails; it says what the user should know instead.
#pragma once

#include "historydb.h"

namespace qc {

// The run's own problems in sentences, for RunContext::errors: rejected files, tasks that could
// not be done, engines lost.
QStringList describeRunProblems(const RunResult &run);

// Records `run` in the history at `path` (default: HistoryDb::defaultPath()). Returns sentences
// for the user (a damaged file moved aside, or why the run was not recorded); empty when all
// went well. `id`, when given, receives the new run's id (0 when not recorded).
QStringList recordRun(const RunResult &run, const RunContext &context, const QString &path = {}, qint64 *id = nullptr);

} // namespace qc
