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
    case RunMode::Balanced:
        return QStringLiteral("balanced");
    case RunMode::Direct:
        return QStringLiteral("direct");
    case RunMode::Threads:
        return QStringLiteral("threads");
    case RunMode::Serial:
        return QStringLiteral("serial");
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

AnalysisRun::AnalysisRun(RunMode mode, QList<Sample> samples, QList<AnalysisTask> tasks, Cluster *cluster, int threads,
                         QObject *parent)
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
    m_settleTimer.setSingleShot(true);
    m_settleTimer.setInterval(kSettleMs);
    connect(&m_settleTimer, &QTimer::timeout, this, &AnalysisRun::finishIfDone);
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
    const QList<EngineInfo> engines = m_cluster->engines();
    for (const EngineInfo &info : engines) {
        m_doneAtStart.insert(info.id, info.tasksDone);
        if (info.state == EngineState::Exited || info.state == EngineState::Stopping)
            m_endedBefore.insert(info.id);
    }
    // Engines still starting join the run when they connect; an engine that replaces a dead one
    // connects after that one ended, so it is not counted twice.
    connect(m_cluster, &Cluster::engineChanged, this, &AnalysisRun::handleEngineChanged);
    // A remote controller's view may show an engine for the first time as it ended.
    connect(m_cluster, &Cluster::engineAdded, this, &AnalysisRun::handleEngineChanged);
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

void AnalysisRun::handleEngineChanged(int id)
{
    if (!m_active)
        return;
    m_engines = std::max(m_engines, m_cluster->connectedCount());
    const auto info = m_cluster->engineInfo(id);
    if (info && !m_endedBefore.contains(id)) {
        // Only an engine that failed counts: one that exited cleanly was most likely asked to (a
        // remote controller's snapshot may skip its Stopping state), as one stopping was.
        const bool failed = info->exitSignal != 0 || info->exitCode != 0 || !info->reason.isEmpty();
        if (info->state == EngineState::Exited && failed)
            m_lost.append({info->id, info->pid, info->host, info->stateText()});
        if (info->state == EngineState::Exited || info->state == EngineState::Stopping)
            m_endedBefore.insert(id);
    }
    // The engines' states may be what the end of the run waits for: looked at once the whole
    // view has changed (a snapshot changes one engine after another).
    if (m_done == m_tasks.size())
        QMetaObject::invokeMethod(this, &AnalysisRun::finishIfDone, Qt::QueuedConnection);
}

bool AnalysisRun::engineViewBehind() const
{
    // A remote controller sends engine states every 100 ms at most, results as they come: a view
    // that has not counted every result an engine delivered is older than the run's end, and may
    // not show an engine that died meanwhile (a task it lost was redone by an engine counted here).
    for (auto it = m_delivered.cbegin(); it != m_delivered.cend(); ++it) {
        const auto info = m_cluster->engineInfo(it.key());
        if (!info || info->tasksDone < m_doneAtStart.value(it.key()) + it.value())
            return true;
    }
    return false;
}

void AnalysisRun::handleResult(const TaskResult &result)
{
    if (!m_active || !m_pending.remove(result.taskId))
        return; // a result for a cancelled run, or one already counted
    m_mergePool->start([this, result] { m_accumulator.add(result); });
    if (result.engineId >= 0 && usesEngines(m_mode))
        ++m_delivered[result.engineId];
    ++m_done;
    emit taskFinished(result, m_done, int(m_tasks.size()));
    finishIfDone();
}

void AnalysisRun::finishIfDone()
{
    if (!m_active || m_done < m_tasks.size())
        return;
    if (usesEngines(m_mode) && engineViewBehind()) {
        if (m_settleStartNs < 0) {
            m_settleStartNs = m_clock.nsecsElapsed();
            m_settleTimer.start(); // when it runs out, the run ends with the view it has
            return;
        }
        if (m_settleTimer.isActive())
            return;
    }
    m_settleTimer.stop();
    // Waiting for the engines' states is not the run's time.
    const qint64 settledNs = m_settleStartNs < 0 ? 0 : m_clock.nsecsElapsed() - m_settleStartNs;
    m_active = false;
    // Put together on the merge thread as well, after the last merge (sorting a big run's reads
    // held the window's thread for a quarter of a second at 345,600 reads); finished when it is
    // ready, so the wall time includes it, as a user waits for it.
    auto *assembled = new QFutureWatcher<RunResult>(this);
    connect(assembled, &QFutureWatcher<RunResult>::finished, this, [this, assembled] {
        assembled->deleteLater();
        emit finished(assembled->result());
    });
    RunTiming timing;
    timing.mode = runModeName(m_mode);
    // Engines working at once, not every engine the cluster ever had: replacements are not extra.
    timing.engines = usesEngines(m_mode) ? std::max(m_engines, 1) : (m_mode == RunMode::Serial ? 1 : m_threads);
    assembled->setFuture(QtConcurrent::run(m_mergePool, [this, timing, settledNs, lost = m_lost]() mutable {
        timing.wallSeconds = double(m_clock.nsecsElapsed() - settledNs) / 1e9;
        RunResult result = m_accumulator.take(timing);
        result.lostEngines = std::move(lost);
        return result;
    }));
}

} // namespace qc
