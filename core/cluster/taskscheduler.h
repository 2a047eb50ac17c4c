// Which engine does which task, for every run submitted to one cluster: runs share the engines
// fairly (each idle engine takes from the next run in turn), lost tasks go back to the front of
// their run's line, and a task that killed kMaxTries engines is given up with a reason.
#pragma once

#include "analysis/task.h"
#include "cluster.h"

#include <QHash>
#include <QList>
#include <QQueue>

#include <functional>
#include <optional>

namespace qc {

class TaskScheduler
{
public:
    static constexpr int kMaxTries = 2;
    using Deliver = std::function<void(quint64 runId, const TaskResult &result)>;

    explicit TaskScheduler(Deliver deliver);

    // `engines` are the engines able to take work now or soon (starting ones included): direct
    // runs divide their tasks among them. With no engine at all every task fails at once.
    void submit(quint64 runId, Dispatch dispatch, const QList<AnalysisTask> &tasks, const QList<int> &engines,
                const QString &noEngineReason);
    // The next task for an idle engine, under an id unique in this cluster; nullopt when no run
    // has work for it. Hand it back with putBack() if it could not be sent.
    std::optional<AnalysisTask> next(int engineId);
    void putBack(int engineId, quint64 taskId);
    // A result from an engine: delivered to its run under the run's own task id.
    void finished(const TaskResult &result);
    // An engine ended holding `held` (the task it worked on first, then those queued in it).
    // `alive` are the engines left (replacements included); when there are none, every queued
    // task fails with `noEngineReason`.
    void engineLost(int engineId, const QList<quint64> &held, const QList<int> &alive, const QString &noEngineReason);
    // Drops the run; returns the tasks of it that engines hold now.
    QList<quint64> cancel(quint64 runId);
    // Every task not yet finished fails with `reason` (the cluster stops).
    void failAll(const QString &reason);
    bool hasRuns() const { return !m_runs.isEmpty(); }

private:
    struct Run
    {
        quint64 id = 0;
        Dispatch dispatch = Dispatch::Balanced;
        QQueue<quint64> queue; // balanced: any engine takes the next
        QHash<int, QQueue<quint64>> assigned; // direct: each engine's own tasks
    };
    struct Entry
    {
        quint64 runId = 0;
        AnalysisTask task; // with the run's own id
        int tries = 0; // engines lost with it
        int engine = 0; // the engine holding it, 0 when queued
    };

    Run *findRun(quint64 runId);
    void fail(quint64 taskId, const QString &reason);
    void requeue(Run &run, const QList<quint64> &tasks, const QList<int> &alive);

    Deliver m_deliver;
    QList<Run> m_runs; // in submit order
    qsizetype m_turn = 0; // the run that gives the next idle engine its task
    QHash<quint64, Entry> m_tasks;
    quint64 m_nextTaskId = 1;
};

} // namespace qc
