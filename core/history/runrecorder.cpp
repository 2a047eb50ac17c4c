#include "runrecorder.h"

namespace qc {

QStringList describeRunProblems(const RunResult &run)
{
    QStringList problems;
    if (const qint64 rejected = run.rejectedFiles(); rejected > 0)
        problems.append(rejected == 1 ? QStringLiteral("1 file was rejected.")
                                      : QStringLiteral("%1 files were rejected.").arg(rejected));
    for (const FileError &error : run.runErrors)
        problems.append(QStringLiteral("%1: %2").arg(error.file, error.message));
    if (const QString lost = describeLostEngines(run, LossDetail::Brief); !lost.isEmpty())
        problems.append(lost);
    return problems;
}

QStringList recordRun(const RunResult &run, const RunContext &context, const QString &path, qint64 *id)
{
    if (id)
        *id = 0;
    HistoryDb history(path);
    const bool opened = history.open();
    QStringList messages;
    if (!history.notice().isEmpty())
        messages.append(history.notice());
    if (!opened) {
        messages.append(history.errorString());
        return messages;
    }
    const auto recorded = history.record(run, context);
    if (!recorded)
        messages.append(history.errorString());
    else if (id)
        *id = *recorded;
    return messages;
}

} // namespace qc
