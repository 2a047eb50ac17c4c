#include "analysisrun.h"

#include "enginehandle.h"
#include "localcluster.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent>

namespace qc {

QString runModeName(RunMode mode)
{
    switch (mode) {
    case RunMode::Balanced: return QStringLiteral("balanced");
    case RunMode::Direct: return QStringLiteral("direct");
    case RunMode::Threads: return QStringLiteral("threads");
    case RunMode::Serial: return QStringLiteral("serial");
    }
    return {};
}

std::optional<RunMode> runModeFromName(const QString &name)
{
    for (RunMode mode : {RunMode::Balanced, RunMode::Direct, RunMode::Threads, RunMode::Serial})
        if (runModeName(mode) == name)
            return mode;
    return std::nullopt;
}

AnalysisRun::AnalysisRun(RunMode mode, QList<Sample> samples, QList<AnalysisTask> tasks,
                         LocalCluster *cluster, int threads, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
    , m_samples(std::move(samples))
    , m_tasks(std::move(tasks))
    , m_cluster(cluster)
    , m_threads(std::max(threads, 1))
    , m_accumulator(m_samples)
{
    for (qsizetype i = 0; i < m_tasks.size(); ++i)
        m_taskIndex.insert(m_tasks[i].id, i);
}

AnalysisRun::~AnalysisRun()
{
    if (m_pool) {
        m_pool->clear();
        m_pool->waitForDone();
    }
}

void AnalysisRun::start()
{
    m_active = true;
    m_clock.start();
    if (usesEngines(m_mode))
        startOnEngines();
    else
        startOnThreads(m_mode == RunMode::Serial ? 1 : m_threads);
    finishIfDone(); // nothing to do is done at once
}

void AnalysisRun::cancel(int graceMs)
{
    if (!m_active)
        return;
    m_active = false;
    if (m_cluster && usesEngines(m_mode)) {
        QSet<quint64> ids;
        for (const AnalysisTask &task : std::as_const(m_tasks))
            ids.insert(task.id);
        m_cluster->abandonTasks(ids, graceMs);
    }
    m_queue.clear();
    m_assigned.clear();
    if (m_pool)
        m_pool->clear();
    emit cancelled();
}

void AnalysisRun::startOnEngines()
{
    connect(m_cluster, &LocalCluster::taskResultReady, this,
            [this](int, const TaskResult &result) { handleResult(result); });
    connect(m_cluster, &LocalCluster::engineExited, this, &AnalysisRun::handleEngineExited);
    // Any engine turning idle takes the next task: a new one, one that finished, or one that
    // finished a task of a cancelled run.
    connect(m_cluster, &LocalCluster::engineChanged, this, &AnalysisRun::dispatch);

    const QList<int> engines = aliveEngines();
    for (qsizetype i = 0; i < m_tasks.size(); ++i) {
        if (m_mode == RunMode::Direct && !engines.isEmpty())
            m_assigned[engines[i % engines.size()]].enqueue(m_tasks[i].id);
        else
            m_queue.enqueue(m_tasks[i].id);
    }
    if (engines.isEmpty() && !m_tasks.isEmpty())
        handleEngineExited(0, 0); // fails the run with a reason
    dispatch();
}

void AnalysisRun::startOnThreads(int threads)
{
    m_pool = new QThreadPool(this);
    m_pool->setMaxThreadCount(threads);
    for (const AnalysisTask &task : std::as_const(m_tasks)) {
        auto *watcher = new QFutureWatcher<TaskResult>(this);
        connect(watcher, &QFutureWatcher<TaskResult>::finished, this, [this, watcher] {
            watcher->deleteLater();
            if (watcher->future().resultCount() > 0)
                handleResult(watcher->result());
        });
        watcher->setFuture(QtConcurrent::run(m_pool, runTask, task));
    }
}

void AnalysisRun::dispatch()
{
    // Sending a task changes the engine's state, which calls dispatch() again: the guard keeps
    // that inner call from handing the same task to a second engine.
    if (!m_active || !m_cluster || m_dispatching)
        return;
    m_dispatching = true;
    for (EngineHandle *engine : m_cluster->handles()) {
        if (!engine->isIdle())
            continue;
        QQueue<quint64> &queue = m_mode == RunMode::Direct ? m_assigned[engine->id()] : m_queue;
        if (queue.isEmpty())
            continue;
        const quint64 id = queue.dequeue();
        if (!engine->sendTask(*taskById(id)))
            queue.prepend(id);
    }
    m_dispatching = false;
}

void AnalysisRun::handleResult(const TaskResult &result)
{
    if (!m_active || !taskById(result.taskId))
        return; // a result for a cancelled run, or for another run on the same cluster
    m_accumulator.add(result);
    ++m_done;
    emit taskFinished(result, m_done, int(m_tasks.size()));
    dispatch();
    finishIfDone();
}

void AnalysisRun::handleEngineExited(int id, quint64 unfinishedTask)
{
    if (!m_active)
        return;
    // Work the engine held goes back to the front of the line, for any other engine to take,
    // unless the task has now killed kMaxTries engines: then it is the task, not the engines.
    QQueue<quint64> orphaned = m_assigned.take(id);
    if (const AnalysisTask *lost = unfinishedTask != 0 ? taskById(unfinishedTask) : nullptr) {
        if (++m_tries[unfinishedTask] >= kMaxTries)
            failTask(*lost, QStringLiteral("every engine that took this part of %1 died (%2 tries), so its %3 "
                                           "files (%4 to %5) were not analysed")
                                .arg(lost->sample)
                                .arg(kMaxTries)
                                .arg(lost->files.size())
                                .arg(QFileInfo(lost->files.value(0)).fileName(), QFileInfo(lost->files.value(lost->files.size() - 1)).fileName()));
        else
            orphaned.prepend(unfinishedTask);
    }
    const QList<int> alive = aliveEngines();
    if (alive.isEmpty()) {
        orphaned.append(m_queue);
        for (auto queue : std::as_const(m_assigned))
            orphaned.append(queue);
        m_queue.clear();
        m_assigned.clear();
        const QString reason = m_cluster->restartStopReason().isEmpty()
                                   ? QStringLiteral("no engine was left to analyse this part of the folder")
                                   : QStringLiteral("no engine was left to analyse this part of the folder: ")
                                         + m_cluster->restartStopReason();
        for (quint64 taskId : std::as_const(orphaned))
            failTask(*taskById(taskId), reason);
        return;
    }
    for (qsizetype i = orphaned.size() - 1; i >= 0; --i) {
        if (m_mode == RunMode::Direct)
            m_assigned[alive[i % alive.size()]].prepend(orphaned[i]);
        else
            m_queue.prepend(orphaned[i]);
    }
    dispatch();
}

void AnalysisRun::failTask(const AnalysisTask &task, const QString &reason)
{
    // Reported against the folder, so that the rest of the run still counts and the user sees
    // which files were left out and why.
    TaskResult failed;
    failed.taskId = task.id;
    failed.sample = task.sample;
    failed.errors.append({task.files.size() == 1 ? task.files.first() : task.sample, 0, -1, reason});
    handleResult(failed);
}

void AnalysisRun::finishIfDone()
{
    if (!m_active || m_done < m_tasks.size())
        return;
    m_active = false;
    RunTiming timing;
    timing.mode = runModeName(m_mode);
    timing.engines = usesEngines(m_mode) ? int(m_cluster->engines().size())
                                         : (m_mode == RunMode::Serial ? 1 : m_threads);
    timing.wallSeconds = double(m_clock.nsecsElapsed()) / 1e9;
    emit finished(m_accumulator.take(timing));
}

QList<int> AnalysisRun::aliveEngines() const
{
    // Engines still starting count: direct mode assigns them work they take once connected.
    QList<int> alive;
    for (const EngineInfo &info : m_cluster->engines())
        if (info.state != EngineState::Exited && info.state != EngineState::Stopping)
            alive.append(info.id);
    return alive;
}

const AnalysisTask *AnalysisRun::taskById(quint64 id) const
{
    const auto it = m_taskIndex.constFind(id);
    return it == m_taskIndex.constEnd() ? nullptr : &m_tasks[*it];
}

} // namespace qc
