#include "taskscheduler.h"

#include <QFileInfo>

namespace qc {

TaskScheduler::TaskScheduler(Deliver deliver)
    : m_deliver(std::move(deliver))
{}

void TaskScheduler::submit(quint64 runId, Dispatch dispatch, const QList<AnalysisTask> &tasks,
                           const QList<int> &engines, const QString &noEngineReason)
{
    Run run;
    run.id = runId;
    run.dispatch = dispatch;
    QList<quint64> ids;
    for (const AnalysisTask &task : tasks) {
        const quint64 id = m_nextTaskId++;
        m_tasks.insert(id, {runId, task, 0, 0});
        ids.append(id);
    }
    if (ids.isEmpty())
        return;
    // More tasks for a run still on join it (a client sends a big run in windows).
    Run *existing = findRun(runId);
    if (!existing) {
        m_runs.append(run);
        existing = &m_runs.last();
    }
    if (engines.isEmpty()) {
        for (quint64 id : std::as_const(ids))
            fail(id, noEngineReason);
        return;
    }
    requeue(*existing, ids, engines);
}

void TaskScheduler::requeue(Run &run, const QList<quint64> &tasks, const QList<int> &alive)
{
    // Appended in order for a new run; a lost task is put back at the front by the caller.
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        if (run.dispatch == Dispatch::Direct)
            run.assigned[alive[i % alive.size()]].enqueue(tasks[i]);
        else
            run.queue.enqueue(tasks[i]);
    }
}

std::optional<AnalysisTask> TaskScheduler::next(int engineId)
{
    for (qsizetype step = 0; step < m_runs.size(); ++step) {
        const qsizetype index = (m_turn + step) % m_runs.size();
        Run &run = m_runs[index];
        QQueue<quint64> &queue = run.dispatch == Dispatch::Direct ? run.assigned[engineId] : run.queue;
        if (queue.isEmpty())
            continue;
        m_turn = index + 1; // the next idle engine serves the next run
        const quint64 id = queue.dequeue();
        Entry &entry = m_tasks[id];
        entry.engine = engineId;
        AnalysisTask task = entry.task;
        task.id = id;
        return task;
    }
    return std::nullopt;
}

void TaskScheduler::putBack(int engineId, quint64 taskId)
{
    auto it = m_tasks.find(taskId);
    if (it == m_tasks.end())
        return;
    it->engine = 0;
    if (Run *run = findRun(it->runId))
        (run->dispatch == Dispatch::Direct ? run->assigned[engineId] : run->queue).prepend(taskId);
}

void TaskScheduler::finished(const TaskResult &result)
{
    const auto it = m_tasks.constFind(result.taskId);
    if (it == m_tasks.constEnd())
        return; // a task of a cancelled run
    const Entry entry = *it; // NOLINT(performance-unnecessary-copy-initialization): erased on the next line
    m_tasks.erase(it);
    if (!findRun(entry.runId))
        return;
    TaskResult delivered = result;
    delivered.taskId = entry.task.id;
    // The run is forgotten once its last task is in, before it hears of it: a reentrant submit
    // from the delivery must find a clean slate.
    const bool last =
        std::none_of(m_tasks.cbegin(), m_tasks.cend(), [&](const Entry &e) { return e.runId == entry.runId; });
    if (last)
        m_runs.removeIf([&](const Run &run) { return run.id == entry.runId; });
    m_deliver(entry.runId, delivered);
}

void TaskScheduler::engineLost(int engineId, const QList<quint64> &held, const QList<int> &alive,
                               const QString &noEngineReason)
{
    // Work the engine held goes back to the front of its run's line for any other engine. The
    // task it was working on counts a try: one that has now killed kMaxTries engines is the
    // task's fault, not the engines', and is given up. Tasks only queued in it count no try.
    QHash<quint64, QList<quint64>> orphaned; // run -> its tasks, in order
    for (qsizetype i = 0; i < held.size(); ++i) {
        const quint64 taskId = held[i];
        auto it = m_tasks.find(taskId);
        if (it == m_tasks.end())
            continue;
        it->engine = 0;
        if (i == 0 && ++it->tries >= kMaxTries) {
            const AnalysisTask &lost = it->task;
            fail(taskId,
                 QStringLiteral("every engine that took this part of %1 died (%2 tries), so its %3 files "
                                "(%4 to %5) were not analysed")
                     .arg(lost.sample)
                     .arg(kMaxTries)
                     .arg(lost.files.size())
                     .arg(QFileInfo(lost.files.value(0)).fileName(),
                          QFileInfo(lost.files.value(lost.files.size() - 1)).fileName()));
        } else if (findRun(it->runId)) {
            orphaned[it->runId].append(taskId);
        }
    }
    for (Run &run : m_runs)
        if (auto queue = run.assigned.take(engineId); !queue.isEmpty())
            orphaned[run.id].append(queue);
    if (alive.isEmpty()) {
        failAll(noEngineReason);
        return;
    }
    for (auto it = orphaned.begin(); it != orphaned.end(); ++it) {
        Run *run = findRun(it.key());
        if (!run)
            continue;
        const QList<quint64> &tasks = it.value();
        for (qsizetype i = tasks.size() - 1; i >= 0; --i) {
            if (run->dispatch == Dispatch::Direct)
                run->assigned[alive[i % alive.size()]].prepend(tasks[i]);
            else
                run->queue.prepend(tasks[i]);
        }
    }
}

QList<quint64> TaskScheduler::cancel(quint64 runId)
{
    QList<quint64> held;
    for (auto it = m_tasks.begin(); it != m_tasks.end();) {
        if (it->runId != runId) {
            ++it;
            continue;
        }
        if (it->engine != 0)
            held.append(it.key());
        it = m_tasks.erase(it);
    }
    m_runs.removeIf([runId](const Run &run) { return run.id == runId; });
    return held;
}

void TaskScheduler::failAll(const QString &reason)
{
    const QList<quint64> ids = m_tasks.keys();
    for (quint64 id : ids)
        if (m_tasks.contains(id))
            fail(id, reason);
    m_runs.clear();
}

void TaskScheduler::fail(quint64 taskId, const QString &reason)
{
    // Reported against the folder, so that the rest of the run still counts and the user sees
    // which files were left out and why.
    const auto it = m_tasks.constFind(taskId);
    if (it == m_tasks.constEnd())
        return;
    const AnalysisTask &task = it->task;
    TaskResult failed;
    failed.taskId = taskId;
    failed.sample = task.sample;
    failed.errors.append({task.files.size() == 1 ? task.files.first() : task.sample, 0, -1, reason});
    for (Run &run : m_runs) {
        run.queue.removeOne(taskId);
        for (auto &queue : run.assigned)
            queue.removeOne(taskId);
    }
    finished(failed);
}

TaskScheduler::Run *TaskScheduler::findRun(quint64 runId)
{
    for (Run &run : m_runs)
        if (run.id == runId)
            return &run;
    return nullptr;
}

} // namespace qc
