// Recording a finished run, as the command line and the window both do it: history is a side
// matter, so this never fails; it says what the user should know instead.
#pragma once

#include "historydb.h"

#include <functional>

class QObject;

namespace qc {

// The run's own problems in sentences, for RunContext::errors: rejected files, tasks that could
// not be done, engines lost.
QStringList describeRunProblems(const RunResult &run);

// Records `run` in the history at `path` (default: HistoryDb::defaultPath()). Returns sentences
// for the user (a damaged file moved aside, or why the run was not recorded); empty when all
// went well. `id`, when given, receives the new run's id (0 when not recorded).
QStringList recordRun(const RunResult &run, const RunContext &context, const QString &path = {}, qint64 *id = nullptr);

// The run's own outcome into `context`: its problems in sentences and the status `analyze` would
// have ended with (3 when files were rejected). For runs made without `analyze`: the window's, a
// scaling study's.
void describeOutcome(const RunResult &run, RunContext &context);

// recordRun off the calling thread (packing a big run takes a while, and a history locked by
// another QualCluster is waited for up to 2 s), then `done` on `receiver`'s thread with the new
// run's id (0 when not recorded) and recordRun's sentences. Nothing is called once `receiver` has
// gone; the recording itself still ends.
void recordRunInBackground(RunResult run, RunContext context, QObject *receiver,
                           std::function<void(qint64 id, const QStringList &messages)> done, QString path = {});

} // namespace qc
