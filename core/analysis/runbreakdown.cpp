#include "runbreakdown.h"

#include <QCoreApplication>
#include <QHash>
#include <QStringList>

#include <algorithm>

namespace qc {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RunBreakdown", text);
}

} // namespace

RunBreakdown breakDown(const RunResult &run)
{
    RunBreakdown breakdown;
    if (run.tasks.isEmpty())
        return breakdown;
    // Each worker's tasks in the order it ran them; a worker is a process and, in process, a run.
    QHash<qint64, QList<const TaskTiming *>> byWorker;
    qint64 first = run.tasks.front().startUs, last = run.tasks.front().endUs, work = 0;
    for (const TaskTiming &task : run.tasks) {
        byWorker[task.engineId >= 0 ? task.pid : -1].append(&task);
        first = std::min(first, task.startUs);
        last = std::max(last, task.endUs);
        work += task.endUs - task.startUs;
    }
    qint64 gaps = 0, gapCount = 0;
    for (auto &tasks : byWorker) {
        std::sort(tasks.begin(), tasks.end(),
                  [](const TaskTiming *a, const TaskTiming *b) { return a->startUs < b->startUs; });
        for (qsizetype i = 1; i < tasks.size(); ++i, ++gapCount)
            gaps += std::max<qint64>(0, tasks[i]->startUs - tasks[i - 1]->endUs);
    }
    // In process, threads share one process id: count the workers the run was given.
    breakdown.engines = byWorker.contains(-1) ? std::max(run.timing.engines, 1) : int(byWorker.size());
    breakdown.busyShare = last > first ? double(work) / double((last - first) * breakdown.engines) : 1.0;
    breakdown.meanTaskMs = double(work) / 1e3 / double(run.tasks.size());
    breakdown.meanGapMs = gapCount ? double(gaps) / 1e3 / double(gapCount) : 0.0;
    breakdown.outsideTasksMs = std::max(0.0, run.timing.wallSeconds * 1e3 - double(last - first) / 1e3);
    if (run.timing.serialSeconds && *run.timing.serialSeconds > 0)
        breakdown.workRatio = double(work) / 1e6 / *run.timing.serialSeconds;
    return breakdown;
}

QString explainSpeedup(const RunResult &run, int cores)
{
    const auto efficiency = run.timing.efficiency();
    if (!efficiency || *efficiency >= 0.85 || run.timing.mode == u"serial" || run.tasks.isEmpty())
        return {};
    const RunBreakdown b = breakDown(run);
    QStringList reasons;
    if (b.workRatio && *b.workRatio > 1.15) {
        reasons.append(tr("the same work took %1 % longer in parallel than in one process (%2 workers on %3 cores, "
                          "beside this program)")
                           .arg((*b.workRatio - 1) * 100, 0, 'f', 0)
                           .arg(b.engines)
                           .arg(cores));
    }
    if (b.busyShare < 0.85) {
        QString waited = tr("the workers waited %1 % of the run (on average %2 ms between tasks of %3 ms")
                             .arg((1 - b.busyShare) * 100, 0, 'f', 0)
                             .arg(b.meanGapMs, 0, 'f', b.meanGapMs < 10 ? 1 : 0)
                             .arg(b.meanTaskMs, 0, 'f', b.meanTaskMs < 10 ? 1 : 0);
        // Only when the round trips between tasks are a real share of the tasks themselves.
        waited += b.meanGapMs > 0.2 * b.meanTaskMs ? tr("): too little work per task for the round trip") : tr(")");
        reasons.append(waited);
    }
    if (b.outsideTasksMs > 0.15 * run.timing.wallSeconds * 1e3) {
        reasons.append(tr("%1 ms of the %2 ms went to handing out the tasks and collecting the last results")
                           .arg(b.outsideTasksMs, 0, 'f', 0)
                           .arg(run.timing.wallSeconds * 1e3, 0, 'f', 0));
    }
    if (reasons.isEmpty())
        return {};
    return tr("Why: %1.").arg(reasons.join(QStringLiteral("; ")));
}

} // namespace qc
