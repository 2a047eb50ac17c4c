#include "analysisrun.h"

#include "cluster.h"

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

AnalysisRun::AnalysisRun(RunMode mode, QList<Sample> samples, QList<AnalysisTask> tasks, Cluster *cluster,
                         int threads, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
    , m_samples(std::move(samples))
    , m_tasks(std::move(tasks))
    , m_cluster(cluster)
    , m_threads(std::max(threads, 1))
    , m_accumulator(m_samples)
    , m_mergePool(new QThreadPool(this))
{
    m_mergePool->setMaxThreadCount(1); // one thread: merges run in the order they were queued
    for (const AnalysisTask &task : std::as_const(m_tasks))
        m_pending.insert(task.id);
}

AnalysisRun::~AnalysisRun()
{
    if (m_pool) {
        m_pool->clear();
        m_pool->waitForDone();
    }
    m_mergePool->waitForDone(); // the merges use the accumulator
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
    if (m_cluster && m_runId != 0)
        m_cluster->cancel(m_runId, graceMs);
    if (m_pool)
        m_pool->clear();
    emit cancelled();
}

void AnalysisRun::startOnEngines()
{
    m_runId = Cluster::newRunId();
    m_engines = m_cluster->connectedCount();
    connect(m_cluster, &Cluster::taskDone, this, [this](quint64 runId, const TaskResult &result) {
        if (runId == m_runId)
            handleResult(result);
    });
    connect(m_cluster, &Cluster::lost, this, [this](const QString &reason) {
        if (!m_active)
            return;
        m_active = false;
        emit failed(reason);
    });
    m_cluster->submit(m_runId, m_mode == RunMode::Direct ? Dispatch::Direct : Dispatch::Balanced, m_tasks);
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

void AnalysisRun::handleResult(const TaskResult &result)
{
    if (!m_active || !m_pending.remove(result.taskId))
        return; // a result for a cancelled run, or one already counted
    m_mergePool->start([this, result] { m_accumulator.add(result); });
    ++m_done;
    emit taskFinished(result, m_done, int(m_tasks.size()));
    finishIfDone();
}

void AnalysisRun::finishIfDone()
{
    if (!m_active || m_done < m_tasks.size())
        return;
    m_active = false;
    // Put together on the merge thread as well, after the last merge (sorting a big run's reads
    // held the window's thread for a quarter of a second at 345,600 reads); finished when it is
    // ready, so the wall time includes it, as a user waits for it.
    auto *assembled = new QFutureWatcher<RunResult>(this);
    connect(assembled, &QFutureWatcher<RunResult>::finished, this, [this, assembled] {
        assembled->deleteLater();
        emit finished(assembled->result());
    });
    assembled->setFuture(QtConcurrent::run(m_mergePool, [this] {
        RunTiming timing;
        timing.mode = runModeName(m_mode);
        // Engines working at once, not every engine the cluster ever had: replacements are not extra.
        timing.engines = usesEngines(m_mode) ? std::max(m_engines, 1) : (m_mode == RunMode::Serial ? 1 : m_threads);
        timing.wallSeconds = double(m_clock.nsecsElapsed()) / 1e9;
        return m_accumulator.take(timing);
    }));
}

} // namespace qc
